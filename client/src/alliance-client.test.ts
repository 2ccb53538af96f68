import { ConnectionError, newAllianceClient, ProblemError } from './index';
import { DEFAULT_RETRY, isRetryable, retryDelayMs, retryPolicy } from './retry-policy';
import { fakeFetch, json, problem } from './test/fake-fetch';

const BASE = 'http://gateway.test:3000';
const fast = { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 2 };
const committed = { transactionId: 't1', blockNumber: '9', data: { accountId: 'a1' } };

describe('AllianceClient: requests and credentials', () => {
  it('sends the API key, JSON and an Idempotency-Key on writes; typed paths are filled and encoded', async () => {
    const f = fakeFetch(json(201, committed), json(200, { accountId: 'a/b', currency: 'CNY' }));
    const client = newAllianceClient({
      baseUrl: BASE,
      apiKey: 'alk_1_x',
      fetch: f.fetch,
      newIdempotencyKey: () => 'k-1',
    });
    await expect(client.accounts.open({ accountId: 'a1' })).resolves.toEqual(committed);
    await client.accounts.balance('a/b', 'CNY');
    expect(f.sent[0]).toMatchObject({
      method: 'POST',
      url: `${BASE}/api/v1/accounts`,
      headers: { 'x-api-key': 'alk_1_x', 'idempotency-key': 'k-1', 'content-type': 'application/json' },
      body: { accountId: 'a1' },
    });
    expect(f.sent[1]).toMatchObject({ method: 'GET', url: `${BASE}/api/v1/accounts/a%2Fb/balances/CNY` });
    expect(f.sent[1]!.headers['idempotency-key']).toBeUndefined();
  });

  it('takes a bearer token instead, a base URL with /api/v1 already, and query parameters', async () => {
    const f = fakeFetch(json(200, { items: [], bookmark: '' }));
    const client = newAllianceClient({ baseUrl: `${BASE}/api/v1/`, bearerToken: 'jwt', fetch: f.fetch });
    await client.settlements.list({ by: 'buyer', value: 'x::y', pageSize: 5 });
    expect(f.sent[0]!.url).toBe(`${BASE}/api/v1/settlements?by=buyer&value=x%3A%3Ay&pageSize=5`);
    expect(f.sent[0]!.headers.authorization).toBe('Bearer jwt');
    expect(() => newAllianceClient({ baseUrl: BASE, apiKey: 'a', bearerToken: 'b' })).toThrow(/not both/);
  });

  it('any operation through request(), with the caller’s own Idempotency-Key', async () => {
    const f = fakeFetch(json(202, { transactionId: 't', status: 'PENDING', statusUrl: '/api/v1/transactions/t' }));
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch });
    const pending = await client.request('post', '/transfers', {
      query: { async: 'true' },
      body: { fromAccountId: 'a', toAccountId: 'b', currency: 'CNY', amount: '1' },
      idempotencyKey: 'mine',
    });
    expect(pending).toMatchObject({ status: 'PENDING' });
    expect(f.sent[0]).toMatchObject({
      url: `${BASE}/api/v1/transfers?async=true`,
      headers: { 'idempotency-key': 'mine' },
    });
  });
});

describe('AllianceClient: problems', () => {
  it('turns problem+json into a ProblemError with its fields, without retrying a refusal', async () => {
    const f = fakeFetch(
      problem(400, 'VALIDATION_FAILED', {
        detail: 'the body is not valid',
        errors: [{ path: 'body.amount', message: 'a decimal string of minor units greater than zero' }],
      }),
    );
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, retry: fast });
    const error: unknown = await client.transfers
      .create({ fromAccountId: 'a', toAccountId: 'b', currency: 'CNY', amount: '-1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({
      name: 'ProblemError',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'the body is not valid',
      errors: [{ path: 'body.amount', message: 'a decimal string of minor units greater than zero' }],
      transactionId: undefined,
      retryable: false,
      request: { method: 'POST', url: `${BASE}/api/v1/transfers` },
    });
    expect((error as Error).message).toBe('VALIDATION_FAILED (400): the body is not valid');
    expect(f.sent).toHaveLength(1);
  });

  it('a non-problem error answer is a ProblemError HTTP_<status>, with its Retry-After', async () => {
    const f = fakeFetch(
      new Response('Request Timeout', { status: 408, headers: { 'content-type': 'text/plain' } }),
      problem(429, 'RATE_LIMITED', { detail: 'slow down' }),
    );
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, retry: fast });
    await expect(client.members.me()).rejects.toMatchObject({
      code: 'HTTP_408',
      status: 408,
      detail: 'Request Timeout',
    });
    const limited = new Response(JSON.stringify({ code: 'RATE_LIMITED', status: 429 }), {
      status: 429,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '7' },
    });
    const g = fakeFetch(limited);
    await expect(
      newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: g.fetch, retry: fast }).members.me(),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 7, retryable: false });
  });
});

describe('AllianceClient: retries (docs/api.md, Idempotency)', () => {
  it('retries a 503 whose outcome is unknown with the same Idempotency-Key, and answers the replay', async () => {
    const f = fakeFetch(
      problem(503, 'LEDGER_UNAVAILABLE', { transactionId: 't1' }),
      problem(409, 'IDEMPOTENCY_IN_PROGRESS', { transactionId: 't1', retryable: true }),
      json(201, committed, { 'idempotent-replayed': 'true' }),
    );
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, retry: fast });
    await expect(client.accounts.open({ accountId: 'a1' })).resolves.toEqual(committed);
    expect(f.sent).toHaveLength(3);
    const keys = f.sent.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(f.sent.map((r) => r.body)).toEqual([{ accountId: 'a1' }, { accountId: 'a1' }, { accountId: 'a1' }]);
  });

  it('retries a 409 TRANSACTION_INVALIDATED marked retryable, not a 409 that is not', async () => {
    const f = fakeFetch(problem(409, 'TRANSACTION_INVALIDATED', { retryable: true }), json(201, committed));
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, retry: fast });
    await expect(client.accounts.open({ accountId: 'a1' })).resolves.toEqual(committed);
    const g = fakeFetch(problem(409, 'CONFLICT', { detail: 'account a1 exists' }));
    const other = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: g.fetch, retry: fast });
    await expect(other.accounts.open({ accountId: 'a1' })).rejects.toMatchObject({
      code: 'CONFLICT',
      retryable: false,
    });
    expect(g.sent).toHaveLength(1);
  });

  it('retries a broken connection, and reports a ConnectionError once the attempts are spent', async () => {
    const down = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3000') });
    const f = fakeFetch(down, json(201, committed));
    const client = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, retry: fast });
    await expect(client.accounts.open({ accountId: 'a1' })).resolves.toEqual(committed);
    expect(f.sent[0]!.headers['idempotency-key']).toBe(f.sent[1]!.headers['idempotency-key']);

    const g = fakeFetch(down, down, down, down);
    const error: unknown = await newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: g.fetch, retry: fast })
      .accounts.open({ accountId: 'a1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/did not answer \(fetch failed: connect ECONNREFUSED/);
    expect(g.sent).toHaveLength(4);
  });

  it('stops after maxAttempts with the last problem, which says it may be retried', async () => {
    const f = fakeFetch(
      problem(503, 'LEDGER_UNAVAILABLE'),
      problem(503, 'LEDGER_UNAVAILABLE'),
      problem(503, 'LEDGER_UNAVAILABLE', { transactionId: 't9' }),
    );
    const client = newAllianceClient({
      baseUrl: BASE,
      apiKey: 'k',
      fetch: f.fetch,
      retry: { ...fast, maxAttempts: 3 },
    });
    await expect(client.accounts.open({ accountId: 'a1' }, { idempotencyKey: 'pay-1' })).rejects.toMatchObject({
      code: 'LEDGER_UNAVAILABLE',
      status: 503,
      retryable: true,
      transactionId: 't9',
    });
    expect(f.sent.map((r) => r.headers['idempotency-key'])).toEqual(['pay-1', 'pay-1', 'pay-1']);
  });

  it('retries reads on 503 too; maxAttempts 1 turns retries off', async () => {
    const f = fakeFetch(problem(503, 'LEDGER_UNAVAILABLE'), json(200, { caller: {}, member: null }));
    await newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: f.fetch, retry: fast }).members.me();
    expect(f.sent).toHaveLength(2);
    const g = fakeFetch(problem(503, 'LEDGER_UNAVAILABLE'));
    const once = newAllianceClient({ baseUrl: BASE, apiKey: 'k', fetch: g.fetch, retry: { maxAttempts: 1 } });
    await expect(once.members.me()).rejects.toBeInstanceOf(ProblemError);
    expect(g.sent).toHaveLength(1);
  });

  it('the policy: what is retryable, and the delays (exponential with jitter, Retry-After, capped)', () => {
    const at = (status: number, body: Record<string, unknown> = {}, retryAfterSeconds?: number) =>
      new ProblemError({
        status,
        body,
        request: { method: 'POST', url: 'x' },
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
    expect(isRetryable(at(503))).toBe(true);
    expect(isRetryable(at(409, { retryable: true }))).toBe(true);
    expect(isRetryable(at(409))).toBe(false);
    expect(isRetryable(at(422, { retryable: true }))).toBe(false);
    expect(isRetryable(at(500))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
    const policy = retryPolicy();
    expect(policy).toEqual(DEFAULT_RETRY);
    expect(retryDelayMs(policy, 1, at(503), () => 0)).toBe(125);
    expect(retryDelayMs(policy, 1, at(503), () => 1)).toBe(250);
    expect(retryDelayMs(policy, 3, at(503), () => 1)).toBe(1000);
    expect(retryDelayMs(policy, 30, at(503), () => 1)).toBe(5000);
    expect(retryDelayMs(policy, 1, at(503, {}, 2), () => 1)).toBe(2000);
    expect(retryDelayMs(policy, 1, at(503, {}, 60), () => 1)).toBe(5000);
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
  });
});
