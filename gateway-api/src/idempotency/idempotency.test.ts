import { SignJWT } from 'jose';
import request from 'supertest';
import { IdempotencyGuard } from './idempotency-guard';
import { openIdempotencyStore } from './idempotency-store';
import * as path from 'node:path';
import { partyOf } from '../test/ledger-helpers';
import { openTestGateway, type TestGateway } from '../test/test-gateway';

const ADMIN = 'EcommerceMSP:Admin';

async function registration(t: TestGateway, user: string): Promise<{ member: string; name: string; roles: string[] }> {
  return { member: await partyOf(t, `EcommerceMSP:${user}`), name: user, roles: ['buyer'] };
}

describe('Idempotency-Key', () => {
  let t: TestGateway;
  beforeAll(async () => {
    // Blocks wait 300 ms for company, so a first request is still in flight when its duplicate arrives.
    t = await openTestGateway({ batch: { maxMessageCount: 100, batchTimeoutMs: 300 } });
  });
  afterAll(() => t.destroy());

  const post = (key: string | undefined, body: unknown) => {
    const r = request(t.gateway.app).post('/api/v1/members').set('x-api-key', t.key(ADMIN));
    return (key ? r.set('idempotency-key', key) : r).send(body as object);
  };

  it('replays the same response for the same key and body, with one ledger transaction', async () => {
    const body = await registration(t, 'buyer1');
    const first = await post('reg-buyer1', body).expect(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const height = (await t.gateway.ledger.chainInfo()).height;
    const second = await post('reg-buyer1', body).expect(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(second.headers.location).toBe(first.headers.location);
    expect((await t.gateway.ledger.chainInfo()).height).toBe(height);
  });

  it('refuses the same key with another body (422)', async () => {
    const body = await registration(t, 'buyer2');
    await post('reg-buyer2', body).expect(201);
    const reused = await post('reg-buyer2', { ...body, name: 'someone else' }).expect(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('refuses a concurrent duplicate while the first is running (409), then replays', async () => {
    const body = await registration(t, 'store1');
    const [a, b] = await Promise.all([post('reg-store1', body), post('reg-store1', body)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', retryable: true });
    const replay = await post('reg-store1', body).expect(201);
    expect(replay.body).toEqual((a.status === 201 ? a : b).body);
  });

  it('replays refusals too: a 409 from the chaincode stays the answer for that key', async () => {
    const body = await registration(t, 'buyer1'); // registered above: CONFLICT
    const first = await post('dup-buyer1', body).expect(409);
    const second = await post('dup-buyer1', body).expect(409);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
  });

  it('validates the key', async () => {
    const res = await post('x'.repeat(300), await registration(t, 'oracle1')).expect(400);
    expect(res.body.errors).toEqual([{ path: 'headers.idempotency-key', message: 'invalid' }]);
  });
});

describe('Idempotency-Key scope', () => {
  const secret = 'a-test-secret-that-is-long-enough-for-hs256';
  let t: TestGateway;
  beforeAll(async () => {
    t = await openTestGateway({ env: { GATEWAY_JWT_SECRET: secret } });
  });
  afterAll(() => t.destroy());

  /** Same `sub`, different identity claim: one client app acting for two identities. */
  const token = (identity: string): Promise<string> =>
    new SignJWT({ identity })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('app-42')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));

  it('never shares records between two JWTs with the same sub mapped to different identities', async () => {
    const body = await registration(t, 'buyer1');
    const post = async (identity: string) =>
      request(t.gateway.app)
        .post('/api/v1/members')
        .set('authorization', `Bearer ${await token(identity)}`)
        .set('idempotency-key', 'shared-key')
        .send(body);

    const ecommerce = await post('EcommerceMSP:Admin');
    expect(ecommerce.status).toBe(201);
    expect(ecommerce.headers['idempotent-replayed']).toBe('false');

    // The finance admin's request runs as its own (the chaincode refuses it: not its org, already there)…
    const finance = await post('FinanceMSP:Admin');
    expect(finance.headers['idempotent-replayed']).toBe('false');
    expect(finance.status).not.toBe(201);
    expect(finance.body.code).toEqual(expect.any(String));

    // …and each identity's record replays its own answer.
    const financeAgain = await post('FinanceMSP:Admin');
    expect(financeAgain.headers['idempotent-replayed']).toBe('true');
    expect(financeAgain.status).toBe(finance.status);
    expect(financeAgain.body).toEqual(finance.body);
    const ecommerceAgain = await post('EcommerceMSP:Admin');
    expect(ecommerceAgain.headers['idempotent-replayed']).toBe('true');
    expect(ecommerceAgain.body).toEqual(ecommerce.body);
  });
});

describe('Idempotency-Key across gateway restarts', () => {
  it('replays a completed request after a restart', async () => {
    const t1 = await openTestGateway();
    const body = await registration(t1, 'arbitrator1');
    const keys = new Map([[ADMIN, t1.key(ADMIN)]]);
    const first = await request(t1.gateway.app)
      .post('/api/v1/members')
      .set('x-api-key', t1.key(ADMIN))
      .set('idempotency-key', 'restart-1')
      .send(body)
      .expect(201);
    await t1.close();

    const t2 = await openTestGateway({ dataDir: t1.dataDir, keys });
    try {
      const height = (await t2.gateway.ledger.chainInfo()).height;
      const again = await request(t2.gateway.app)
        .post('/api/v1/members')
        .set('x-api-key', t2.key(ADMIN))
        .set('idempotency-key', 'restart-1')
        .send(body)
        .expect(201);
      expect(again.body).toEqual(first.body);
      expect((await t2.gateway.ledger.chainInfo()).height).toBe(height);
      // The ledger itself survived the restart: the member registered before it is still there.
      const member = await request(t2.gateway.app)
        .get(`/api/v1/members/${encodeURIComponent(body.member)}`)
        .set('x-api-key', t2.key(ADMIN))
        .expect(200);
      expect(member.body).toMatchObject({ name: 'arbitrator1', status: 'ACTIVE' });
    } finally {
      await t2.destroy();
    }
  });

  it('settles a request the gateway stopped between submit and commit from the ledger: nothing lost, nothing twice', async () => {
    const t1 = await openTestGateway();
    const body = await registration(t1, 'oracle1');
    const keys = new Map([[ADMIN, t1.key(ADMIN)]]);
    // The transaction reached the ledger; the gateway died before it recorded the response.
    const submitted = await t1.gateway.ledger.submit({
      signer: await t1.gateway.identities.signer(ADMIN),
      transaction: 'members:RegisterMember',
      arguments: [JSON.stringify(body)],
    });
    const status = await submitted.status();
    expect(status.valid).toBe(true);
    const principal = t1.gateway.apiKeys.authenticate(t1.key(ADMIN))?.principal;
    await t1.close();
    const store = await openIdempotencyStore(path.join(t1.dataDir, 'gateway', 'idempotency-records'));
    await store.put(`${IdempotencyGuard.scope(principal!)}\u0000crash-1`, {
      state: 'pending',
      fingerprint: IdempotencyGuard.fingerprint('POST', '/api/v1/members', body),
      createdAt: Date.now(),
      transactionId: submitted.transactionId,
      result: Buffer.from(submitted.result).toString('base64'),
    });
    await store.close();

    const t2 = await openTestGateway({ dataDir: t1.dataDir, keys });
    try {
      const height = (await t2.gateway.ledger.chainInfo()).height;
      const retried = await request(t2.gateway.app)
        .post('/api/v1/members')
        .set('x-api-key', t2.key(ADMIN))
        .set('idempotency-key', 'crash-1')
        .send(body)
        .expect(201);
      expect(retried.body).toMatchObject({
        transactionId: submitted.transactionId,
        blockNumber: status.blockNumber.toString(),
        data: { name: 'oracle1' },
      });
      expect((await t2.gateway.ledger.chainInfo()).height).toBe(height);
    } finally {
      await t2.destroy();
    }
  });
});
