import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { common, gateway, peer } from '@hyperledger/fabric-protos';
import { newAllianceClient, SigningError, type Signer } from './index';
import { newPemSigner } from './node/pem-signer';
import { fakeFetch, json, problem, type SentRequest } from './test/fake-fetch';

const BASE = 'http://gateway.test';
const API = `${BASE}/api/v1`;
const TX = 'c'.repeat(64);
const fast = { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 2 };

const proposalMessage = Buffer.from('the proposal bytes the creator signs');
const transactionMessage = Buffer.from('the payload of the endorsed transaction');
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('base64');

function proposalBytes(): string {
  const signed = new peer.SignedProposal();
  signed.setProposalBytes(proposalMessage);
  const proposed = new gateway.ProposedTransaction();
  proposed.setTransactionId(TX);
  proposed.setProposal(signed);
  return Buffer.from(proposed.serializeBinary()).toString('base64');
}

function transactionBytes(): string {
  const envelope = new common.Envelope();
  envelope.setPayload(transactionMessage);
  const prepared = new gateway.PreparedTransaction();
  prepared.setTransactionId(TX);
  prepared.setEnvelope(envelope);
  return Buffer.from(prepared.serializeBinary()).toString('base64');
}

const proposed = (digest = sha256(proposalMessage)) =>
  json(200, { transactionId: TX, kind: 'transaction', stage: 'PROPOSED', proposal: proposalBytes(), digest });
const endorsed = () =>
  json(200, {
    transactionId: TX,
    kind: 'transaction',
    stage: 'ENDORSED',
    transaction: transactionBytes(),
    digest: sha256(transactionMessage),
  });
const settled = { transactionId: TX, blockNumber: '12', data: { accountId: 'w1' } };

describe('offline signing through the client', () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const signer = newPemSigner(keys.privateKey);
  const verifies = (message: Uint8Array, request: SentRequest | undefined) =>
    verify(
      'sha256',
      message,
      { key: keys.publicKey, dsaEncoding: 'der' },
      Buffer.from((request?.body as { signature: string }).signature, 'base64'),
    );

  it('prepares, signs the proposal, has it endorsed, signs the transaction and submits it', async () => {
    const f = fakeFetch(proposed(), endorsed(), json(201, settled));
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, signer });
    await expect(client.accounts.open({ accountId: 'w1' }, { idempotencyKey: 'open-w1' })).resolves.toEqual(settled);
    expect(f.sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${API}/accounts?signing=offline`,
      `POST ${API}/offline-transactions/${TX}/endorsement`,
      `POST ${API}/offline-transactions/${TX}/submission`,
    ]);
    expect(f.sent[0]).toMatchObject({ body: { accountId: 'w1' }, headers: { 'idempotency-key': 'open-w1' } });
    expect(verifies(proposalMessage, f.sent[1])).toBe(true);
    expect(verifies(transactionMessage, f.sent[2])).toBe(true);
  });

  it('after a 503 at submission, sends it again without the signature (the gateway keeps the signed transaction)', async () => {
    const f = fakeFetch(
      proposed(),
      endorsed(),
      problem(503, 'LEDGER_UNAVAILABLE', { transactionId: TX, retryable: true }),
      json(201, settled),
    );
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, retry: fast });
    const answer = await client.signAndSubmit(
      'POST',
      '/settlements/{settlementNo}/confirmation',
      { amountToPay: '3000' },
      { signer, params: { settlementNo: 'S1' }, async: false },
    );
    expect(answer).toEqual(settled);
    expect(f.sent[0]!.url).toBe(`${API}/settlements/S1/confirmation?signing=offline`);
    expect(verifies(transactionMessage, f.sent[2])).toBe(true);
    expect(f.sent[3]).toMatchObject({ url: `${API}/offline-transactions/${TX}/submission`, body: {} });
  });

  it('after a broken connection at submission, sends the signature again (it may never have arrived)', async () => {
    const f = fakeFetch(proposed(), endorsed(), new TypeError('fetch failed'), json(201, settled));
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, retry: fast, signer });
    await client.accounts.open({ accountId: 'w1' });
    expect(verifies(transactionMessage, f.sent[3])).toBe(true);
  });

  it('asks for ?async=true and answers the 202', async () => {
    const pending = { transactionId: TX, status: 'PENDING', statusUrl: `/api/v1/transactions/${TX}` };
    const f = fakeFetch(proposed(), endorsed(), json(202, pending));
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch });
    const answer = await client.signAndSubmit(
      'POST',
      '/transfers',
      { fromAccountId: 'a', toAccountId: 'b', currency: 'CNY', amount: '1' },
      { signer, async: true },
    );
    expect(answer.status).toBe('PENDING');
    expect(f.sent[0]!.url).toBe(`${API}/transfers?signing=offline&async=true`);
  });

  it('resumes a flow prepared before under the same key from the stage the gateway reports', async () => {
    const f = fakeFetch(
      json(
        200,
        { transactionId: TX, stage: 'PROPOSED', proposal: proposalBytes(), digest: sha256(proposalMessage) },
        {
          'idempotent-replayed': 'true',
        },
      ),
      // GET /offline-transactions/{id}: endorsed already, and no digest (the client hashes the bytes itself).
      json(200, { transactionId: TX, kind: 'transaction', stage: 'ENDORSED', transaction: transactionBytes() }),
      json(201, settled),
    );
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, signer });
    await expect(client.accounts.open({ accountId: 'w1' }, { idempotencyKey: 'again' })).resolves.toEqual(settled);
    expect(f.sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${API}/accounts?signing=offline`,
      `GET ${API}/offline-transactions/${TX}`,
      `POST ${API}/offline-transactions/${TX}/submission`,
    ]);
    expect(verifies(transactionMessage, f.sent[2])).toBe(true);
  });

  it('refuses to sign when the stated digest is not the SHA-256 of the bytes, and sends nothing on', async () => {
    const f = fakeFetch(proposed(sha256(Buffer.from('something else'))));
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, signer });
    const error: unknown = await client.accounts.open({ accountId: 'w1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigningError);
    expect(error).toMatchObject({ name: 'SigningError', transactionId: TX, stage: 'endorsement' });
    expect((error as Error).message).toMatch(/digest the gateway stated is not the SHA-256 of the proposal/);
    expect(f.sent).toHaveLength(1);
  });

  it('reports a failing signer as a SigningError with its cause', async () => {
    const broken: Signer = { sign: () => Promise.reject(new Error('token removed')) };
    const f = fakeFetch(proposed());
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, signer: broken });
    const error: unknown = await client.accounts.open({ accountId: 'w1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SigningError', stage: 'endorsement', cause: new Error('token removed') });
  });

  it('signs a query and answers what the chaincode answers', async () => {
    const balance = { accountId: 'w1', currency: 'CNY', available: '10', frozen: '0', pendingCredits: 0 };
    const f = fakeFetch(
      json(200, {
        transactionId: TX,
        kind: 'query',
        stage: 'PROPOSED',
        proposal: proposalBytes(),
        digest: sha256(proposalMessage),
      }),
      json(200, balance),
    );
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, signer });
    await expect(client.accounts.balance('w1', 'CNY')).resolves.toEqual(balance);
    expect(f.sent[0]).toMatchObject({
      url: `${API}/offline-queries`,
      body: { transaction: 'wallets:GetBalance', input: { accountId: 'w1', currency: 'CNY' } },
    });
    expect(f.sent[1]!.url).toBe(`${API}/offline-queries/${TX}/evaluation`);
    expect(verifies(proposalMessage, f.sent[1])).toBe(true);
  });

  it('needs a signer for signAndSubmit and signAndQuery', async () => {
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: fakeFetch().fetch });
    await expect(client.signAndQuery('members:WhoAmI', {})).rejects.toThrow(/no signer/);
  });
});
