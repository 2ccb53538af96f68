import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { msp } from '@allianceledger/devnet';
import { newPrivateKeySigner, type Signer } from '@allianceledger/fabric-protocol';
import request from 'supertest';
import { LedgerUnavailable } from '../ledger/ledger-errors';
import { partyOf } from '../test/ledger-helpers';
import { openTestGateway, type TestGateway } from '../test/test-gateway';

const API = '/api/v1';

/** One step's answer, as the test reads it. */
interface Step {
  readonly transactionId: string;
  readonly next: string;
  readonly digest: string;
  readonly proposal?: string;
}
const step = (res: request.Response): Step => res.body as Step;

/** Signs a base64 digest as the device does: ECDSA P-256 over the digest, DER, low-S, base64. */
async function sign(signer: Signer, digest: string): Promise<string> {
  return Buffer.from(await signer(Buffer.from(digest, 'base64'))).toString('base64');
}

/** Every file under a directory, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/**
 * A self-custody identity — its key only on "the device" (this test) — pays and confirms through the
 * gateway, which relays what the device signs and never signs for it (docs/identity.md).
 */
describe('offline signing: transactions signed by the terminal', () => {
  let t: TestGateway;
  let deviceKey: string;
  let device: Signer;
  let other: Signer;
  let buyerKey: string;
  let storeAccount: string;
  const NAME = 'EcommerceMSP:wallet7';

  const http = () => request(t.gateway.app);
  const asDevice = (r: request.Test) => r.set('x-api-key', buyerKey);
  const asAdmin = (r: request.Test, msp: string) => r.set('x-api-key', t.key(`${msp}:Admin`));

  /** Runs a write with ?signing=offline through its three steps, signing with `signer` each time. */
  async function offline(
    pathAndQuery: string,
    body: object,
    signer: Signer = device,
  ): Promise<{ prepared: request.Response; endorsed: request.Response; submitted: request.Response }> {
    const prepared = await asDevice(http().post(`${API}${pathAndQuery}`).query({ signing: 'offline' })).send(body);
    expect(prepared.status).toBe(200);
    const endorsed = await asDevice(http().post(step(prepared).next)).send({
      signature: await sign(signer, step(prepared).digest),
    });
    const submitted =
      endorsed.status === 200
        ? await asDevice(http().post(step(endorsed).next)).send({
            signature: await sign(signer, step(endorsed).digest),
          })
        : endorsed;
    return { prepared, endorsed, submitted };
  }

  beforeAll(async () => {
    t = await openTestGateway();
    // The organisation's CA issues the device's certificate; the key stays with "the device".
    const orgRoot = path.join(t.dataDir, 'organizations');
    const ca = await msp.loadCertificateAuthority(orgRoot, 'EcommerceMSP', 'ecommerce.example.com');
    const issued = await msp.issueCertificate(ca, {
      commonName: 'wallet7',
      nodeOU: 'client',
      attributes: { role: 'buyer' },
    });
    deviceKey = msp.privateKeyToPem(issued.privateKey);
    device = newPrivateKeySigner(issued.privateKey);
    other = newPrivateKeySigner(
      (await msp.issueCertificate(ca, { commonName: 'intruder', nodeOU: 'client' })).privateKey,
    );
    await t.gateway.identities.addEnrolled({
      name: NAME,
      mspId: 'EcommerceMSP',
      certificatePem: issued.certificatePem,
      enrolledAt: new Date().toISOString(),
    });
    buyerKey = (await t.gateway.apiKeys.issue(NAME, 'the wallet')).key;
    // Members registered by their org admins; a currency and funds for the buyer.
    const party = async (identity: string) => partyOf(t, identity);
    const { clientIdOf } = await import('@allianceledger/fabric-protocol');
    await asAdmin(http().post(`${API}/members`), 'EcommerceMSP')
      .send({ member: `EcommerceMSP::${clientIdOf(issued.certificatePem)}`, name: 'wallet7', roles: ['buyer'] })
      .expect(201);
    for (const [identity, roles] of [
      ['EcommerceMSP:store1', ['store']],
      ['FinanceMSP:issuer1', ['issuer']],
    ] as const) {
      const org = identity.split(':')[0]!;
      await asAdmin(http().post(`${API}/members`), org)
        .send({ member: await party(identity), name: identity, roles })
        .expect(201);
    }
    const proposal = await asAdmin(http().post(`${API}/proposals`), 'FinanceMSP')
      .send({
        kind: 'REGISTER_CURRENCY',
        payload: { code: 'CNY', name: 'yuan', decimals: 2, issuer: await party('FinanceMSP:issuer1') },
        description: 'test',
      })
      .expect(201);
    const id = proposal.body.data.proposalId as string;
    await asAdmin(http().post(`${API}/proposals/${id}/approvals`), 'FinanceMSP').expect(200);
    await asAdmin(http().post(`${API}/proposals/${id}/approvals`), 'EcommerceMSP').expect(200);
    await asAdmin(http().post(`${API}/proposals/${id}/execution`), 'EnergyMSP').expect(200);
    storeAccount = 'store-offline';
    await http()
      .post(`${API}/accounts`)
      .set('x-api-key', t.key('EcommerceMSP:store1'))
      .send({ accountId: storeAccount })
      .expect(201);
  }, 120_000);
  afterAll(() => t.destroy());

  it('opens an account, pays into escrow with private order details, and confirms receipt, all signed by the device', async () => {
    const opened = await offline('/accounts', { accountId: 'wallet7' });
    expect(opened.prepared.body).toMatchObject({
      kind: 'transaction',
      stage: 'PROPOSED',
      digestAlgorithm: 'SHA-256',
      next: `${API}/offline-transactions/${step(opened.prepared).transactionId}/endorsement`,
    });
    expect(opened.endorsed.body).toMatchObject({ stage: 'ENDORSED', result: { accountId: 'wallet7' } });
    expect(opened.submitted.status).toBe(201);
    expect(opened.submitted.body).toMatchObject({
      transactionId: step(opened.prepared).transactionId,
      data: { accountId: 'wallet7' },
    });
    expect(opened.submitted.headers.location).toBe(`${API}/accounts/wallet7`);

    await http()
      .post(`${API}/issuances`)
      .set('x-api-key', t.key('FinanceMSP:issuer1'))
      .send({ currency: 'CNY', accountId: 'wallet7', amount: '5000' })
      .expect(201);
    const storeOrderNo = `${storeAccount}-1`;
    const paid = await offline('/settlements', {
      storeOrderNo,
      buyerAccountId: 'wallet7',
      storeAccountId: storeAccount,
      currency: 'CNY',
      amount: '3000',
      order: {
        storeOrderNo,
        currency: 'CNY',
        amount: '3000',
        items: [{ name: 'Tea', quantity: 1, unitPrice: '3000' }],
        shippingAddress: { recipient: 'Li', line1: '1 Road', city: 'Hangzhou', country: 'CN' },
      },
    });
    expect(paid.submitted.status).toBe(201);
    const settlementNo = paid.submitted.body.data.settlement.settlementNo as string;
    const store = t.key('EcommerceMSP:store1');
    await http().post(`${API}/settlements/${settlementNo}/payment-acknowledgement`).set('x-api-key', store).expect(200);
    await http()
      .post(`${API}/settlements/${settlementNo}/shipment`)
      .set('x-api-key', store)
      .send({ carrier: 'SF', trackingNo: 'SF1' })
      .expect(200);
    const confirmed = await offline(`/settlements/${settlementNo}/confirmation`, { amountToPay: '3000' });
    expect(confirmed.submitted.status).toBe(200);
    expect(confirmed.submitted.body.data.settlement).toMatchObject({ status: 'COMPLETED', paidAmount: '3000' });

    // A read is a proposal the device signs too.
    const query = await asDevice(http().post(`${API}/offline-queries`)).send({
      transaction: 'wallets:GetBalance',
      input: { accountId: 'wallet7', currency: 'CNY' },
    });
    expect(query.status).toBe(200);
    const balance = await asDevice(http().post(step(query).next)).send({
      signature: await sign(device, step(query).digest),
    });
    expect(balance.status).toBe(200);
    expect(balance.body).toMatchObject({ accountId: 'wallet7', available: '2000', frozen: '0' });
  });

  it('never signs for the identity: a plain write is 403 SIGNATURE_REQUIRED, and no key of it is on disk', async () => {
    const plain = await asDevice(http().post(`${API}/accounts`)).send({ accountId: 'wallet7-b' });
    expect(plain.status).toBe(403);
    expect(plain.body).toMatchObject({ code: 'SIGNATURE_REQUIRED' });
    const keyBody = deviceKey.split('\n').slice(1, -2).join('');
    for (const file of await filesUnder(t.dataDir)) {
      const text = await readFile(file, 'latin1');
      expect(text.includes(keyBody)).toBe(false);
    }
  });

  it('refuses a signature by another key (400 SIGNATURE_INVALID) and sends nothing on', async () => {
    const height = (await t.gateway.ledger.chainInfo()).height;
    const { endorsed } = await offline('/accounts', { accountId: 'wallet7-c' }, other);
    expect(endorsed.status).toBe(400);
    expect(endorsed.body).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect((await t.gateway.ledger.chainInfo()).height).toBe(height);
  });

  it('refuses a replayed signed proposal and a transaction submitted twice (409), committing once', async () => {
    const prepared = await asDevice(http().post(`${API}/accounts`).query({ signing: 'offline' })).send({
      accountId: 'wallet7-d',
    });
    const proposalSignature = await sign(device, step(prepared).digest);
    const endorsed = await asDevice(http().post(step(prepared).next)).send({ signature: proposalSignature });
    const replayed = await asDevice(http().post(step(prepared).next)).send({ signature: proposalSignature });
    expect(replayed.status).toBe(409);
    expect(replayed.body).toMatchObject({ code: 'OFFLINE_STEP_DONE', stage: 'ENDORSED' });
    const signature = await sign(device, step(endorsed).digest);
    const first = await asDevice(http().post(step(endorsed).next)).send({ signature });
    expect(first.status).toBe(201);
    const height = (await t.gateway.ledger.chainInfo()).height;
    const twice = await asDevice(http().post(step(endorsed).next)).send({ signature });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'OFFLINE_STEP_DONE', stage: 'COMMITTED' });
    expect((await t.gateway.ledger.chainInfo()).height).toBe(height);
  });

  it('settles a submission whose outcome was unknown by sending the same signed transaction again, once', async () => {
    const prepared = await asDevice(http().post(`${API}/accounts`).query({ signing: 'offline' })).send({
      accountId: 'wallet7-e',
    });
    const endorsed = await asDevice(http().post(step(prepared).next)).send({
      signature: await sign(device, step(prepared).digest),
    });
    const ledger = t.gateway.ledger;
    const resubmit = ledger.resubmit.bind(ledger);
    jest.spyOn(ledger, 'resubmit').mockImplementationOnce(async (bytes) => {
      const sent = await resubmit(bytes);
      await sent.status();
      throw new LedgerUnavailable('the commit status was lost', sent.transactionId);
    });
    const lost = await asDevice(http().post(step(endorsed).next)).send({
      signature: await sign(device, step(endorsed).digest),
    });
    expect(lost.status).toBe(503);
    // The signature need not be sent again: the gateway keeps the signed transaction.
    const settled = await asDevice(http().post(step(endorsed).next)).send({});
    expect(settled.status).toBe(201);
    expect(settled.body).toMatchObject({
      transactionId: step(prepared).transactionId,
      data: { accountId: 'wallet7-e' },
    });
  });

  it("keeps each caller's flows to itself", async () => {
    const prepared = await asDevice(http().post(`${API}/accounts`).query({ signing: 'offline' })).send({
      accountId: 'wallet7-f',
    });
    const other = await http()
      .get(`${API}/offline-transactions/${step(prepared).transactionId}`)
      .set('x-api-key', t.key('EcommerceMSP:store1'));
    expect(other.status).toBe(404);
    const mine = await asDevice(http().get(`${API}/offline-transactions/${step(prepared).transactionId}`));
    expect(mine.body).toMatchObject({ stage: 'PROPOSED', transactionId: step(prepared).transactionId });
    expect(
      createHash('sha256')
        .update(Buffer.from(step(mine).proposal ?? '', 'base64'))
        .digest('hex'),
    ).toMatch(/^[0-9a-f]{64}$/);
  });
});
