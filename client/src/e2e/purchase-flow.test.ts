import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openTestGateway, type TestGateway } from '@allianceledger/gateway-api/dist/test/test-gateway';
import { enroll, newAllianceClient, ProblemError, type AllianceClient } from '../index';
import { EXIT, runWallet } from '../cli/wallet';

/**
 * The purchase flow through the client package against a gateway on devnet: a buyer's terminal enrols a
 * self-custody identity (its key made on the device), opens its account, pays a store order into escrow and
 * confirms receipt, every transaction and read signed on the device; the store ships through its custodial
 * API key. The device enrols through the gateway's own endpoint, which has the organisation's CA (devnet's
 * Fabric CA server) issue the certificate for the device's CSR.
 */
describe('e2e: the buyer’s terminal (alliance-wallet) pays and confirms, signing on the device', () => {
  let t: TestGateway;
  let server: Server;
  let baseUrl: string;
  let walletDir: string;
  let admin: (msp: string) => AllianceClient;
  let store: AllianceClient;
  const STORE_ACCOUNT = 'store-e2e';
  /** The enrollment secrets the organisation's administrator was given for each device. */
  const SECRETS = new Map<string, string>();

  /** Runs the CLI; answers its exit code and what it printed. */
  async function wallet(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runWallet([...argv, '--wallet', walletDir], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: {},
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  beforeAll(async () => {
    t = await openTestGateway();
    walletDir = await mkdtemp(path.join(tmpdir(), 'alliance-wallet-'));
    const client = (identity: string) => newAllianceClient({ baseUrl, apiKey: t.key(identity) });
    admin = (org: string) => client(`${org}:Admin`);
    server = createServer(t.gateway.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The organisation's administrator registers both devices' identities (self-custody); each gets a
    // one-time enrollment secret to hand to the device.
    for (const name of ['wallet9', 'browser1']) {
      const registered = (await admin('EcommerceMSP').request('post', '/identities', {
        body: { name, roles: ['buyer'], custody: 'self' },
      })) as { enrollment?: { secret: string } };
      SECRETS.set(`EcommerceMSP:${name}`, registered.enrollment!.secret);
    }

    // The consortium around the buyer: a store and an issuer, a currency, the store's account.
    const whoAmI = async (identity: string) => (await client(identity).members.me()).caller.party;
    for (const [identity, roles] of [
      ['EcommerceMSP:store1', ['store']],
      ['FinanceMSP:issuer1', ['issuer']],
    ] as const) {
      await admin(identity.split(':')[0]!).request('post', '/members', {
        body: { member: await whoAmI(identity), name: identity, roles: [...roles] },
      });
    }
    const proposal = await admin('FinanceMSP').request('post', '/proposals', {
      body: {
        kind: 'REGISTER_CURRENCY',
        payload: { code: 'CNY', name: 'yuan', decimals: 2, issuer: await whoAmI('FinanceMSP:issuer1') },
        description: 'e2e',
      },
    });
    const proposalId = (proposal as { data: { proposalId: string } }).data.proposalId;
    const params = { proposalId };
    await admin('FinanceMSP').request('post', '/proposals/{proposalId}/approvals', { params });
    await admin('EcommerceMSP').request('post', '/proposals/{proposalId}/approvals', { params });
    await admin('EnergyMSP').request('post', '/proposals/{proposalId}/execution', { params });
    store = client('EcommerceMSP:store1');
    await store.accounts.open({ accountId: STORE_ACCOUNT });
  }, 180_000);

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.destroy();
    await rm(walletDir, { recursive: true, force: true });
  });

  it('enrols, pays into escrow, the store ships, the buyer confirms; balances move once', async () => {
    const enrolled = await wallet(
      'enroll',
      '--gateway',
      baseUrl,
      '--identity',
      'EcommerceMSP:wallet9',
      '--secret',
      SECRETS.get('EcommerceMSP:wallet9')!,
    );
    expect(enrolled).toMatchObject({ code: EXIT.OK });
    expect(enrolled.out).toContain('enrolled EcommerceMSP:wallet9');
    expect((await stat(path.join(walletDir, 'key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(walletDir, 'wallet.json'))).mode & 0o777).toBe(0o600);
    expect(await readFile(path.join(walletDir, 'cert.pem'), 'utf8')).toMatch(/BEGIN CERTIFICATE/);

    expect(await wallet('open-account', 'wallet9')).toMatchObject({ code: EXIT.OK });
    await newAllianceClient({ baseUrl, apiKey: t.key('FinanceMSP:issuer1') }).request('post', '/issuances', {
      body: { currency: 'CNY', accountId: 'wallet9', amount: '5000' },
    });
    const before = await wallet('balance', '--currency', 'CNY');
    expect(before).toMatchObject({ code: EXIT.OK, out: 'wallet9: 5000 CNY available, 0 frozen in escrow' });

    const storeOrderNo = `${STORE_ACCOUNT}-1`;
    const orderFile = path.join(walletDir, 'order.json');
    await writeFile(
      orderFile,
      JSON.stringify({
        storeOrderNo,
        currency: 'CNY',
        amount: '3000',
        items: [{ name: 'Tea', quantity: 1, unitPrice: '3000' }],
        shippingAddress: { recipient: 'Li', line1: '1 Road', city: 'Hangzhou', country: 'CN' },
      }),
    );
    const paid = await wallet(
      'pay',
      '--order',
      storeOrderNo,
      '--store-account',
      STORE_ACCOUNT,
      '--amount',
      '3000',
      '--currency',
      'CNY',
      '--order-file',
      orderFile,
      '--json',
    );
    expect(paid.code).toBe(EXIT.OK);
    const settlement = (JSON.parse(paid.out) as { data: { settlement: { settlementNo: string; status: string } } }).data
      .settlement;
    expect(settlement.status).toBe('PAID');
    expect((await wallet('balance', '--currency', 'CNY')).out).toBe(
      'wallet9: 2000 CNY available, 3000 frozen in escrow',
    );

    await store.orders.acknowledgePayment('EcommerceMSP:store1', storeOrderNo);
    await store.orders.ship('EcommerceMSP:store1', storeOrderNo, { carrier: 'SF', trackingNo: 'SF1' });
    const shipped = await wallet('status', settlement.settlementNo);
    expect(shipped.code).toBe(EXIT.OK);
    expect(shipped.out).toContain(`order ${storeOrderNo}: SHIPPED`);
    expect(shipped.out).toContain('shipped by SF SF1');

    const confirmed = await wallet('confirm', settlement.settlementNo);
    expect(confirmed).toMatchObject({ code: EXIT.OK });
    expect(confirmed.out).toBe(
      `settlement ${settlement.settlementNo} COMPLETED: 3000 CNY paid to the store, 0 refunded`,
    );
    expect((await wallet('balance', '--currency', 'CNY')).out).toBe('wallet9: 2000 CNY available, 0 frozen in escrow');
    expect(await store.accounts.balance(STORE_ACCOUNT, 'CNY')).toMatchObject({ available: '3000', frozen: '0' });

    // Confirming again is refused by the chaincode, with a clear message and exit code 1.
    const again = await wallet('confirm', settlement.settlementNo, '--amount', '3000');
    expect(again.code).toBe(EXIT.REFUSED);
    expect(again.err).toMatch(/^error: ILLEGAL_STATE \(409\): /m);

    // The device's key is nowhere on the gateway's disk.
    const keyBody = (await readFile(path.join(walletDir, 'key.pem'), 'utf8')).split('\n').slice(1, -2).join('');
    for (const entry of await readdir(t.dataDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      expect((await readFile(path.join(entry.parentPath, entry.name), 'latin1')).includes(keyBody)).toBe(false);
    }
  });

  it('a browser-style device: a non-extractable WebCrypto key enrols and signs through the library', async () => {
    const device = await enroll({
      baseUrl,
      identity: 'EcommerceMSP:browser1',
      secret: SECRETS.get('EcommerceMSP:browser1')!,
    });
    expect(device.keys.privateKey.extractable).toBe(false);
    const client = newAllianceClient({ baseUrl, apiKey: device.apiKey, signer: device.signer });
    const opened = await client.accounts.open({ accountId: 'browser1' }, { idempotencyKey: 'open-browser1' });
    expect(opened.data).toMatchObject({ accountId: 'browser1' });
    // The same key again: the prepared step is replayed and the flow resumes; the ledger answers once.
    const again = await client.accounts
      .open({ accountId: 'browser1' }, { idempotencyKey: 'open-browser1' })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ProblemError);
    expect(again).toMatchObject({ status: 409, code: 'OFFLINE_STEP_DONE', body: { stage: 'COMMITTED' } });
    const me = await client.members.me();
    expect(me.caller.party).toBe(device.party);
    expect(await client.accounts.balance('browser1', 'CNY')).toMatchObject({ available: '0', frozen: '0' });
    // Without its signer the gateway will not sign for a self-custody identity.
    const unsigned = newAllianceClient({ baseUrl, apiKey: device.apiKey });
    await expect(
      unsigned.transfers.create({
        fromAccountId: 'browser1',
        toAccountId: STORE_ACCOUNT,
        currency: 'CNY',
        amount: '1',
      }),
    ).rejects.toMatchObject({
      status: 403,
      code: 'SIGNATURE_REQUIRED',
    });
  });
});
