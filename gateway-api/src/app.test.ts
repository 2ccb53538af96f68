import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { SignJWT } from 'jose';
import { openTestGateway, type TestGateway } from './test/test-gateway';

describe('gateway basics', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await openTestGateway();
  });
  afterAll(() => t.destroy());

  it('answers health, readiness and metrics without credentials', async () => {
    await request(t.gateway.app).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(t.gateway.app).get('/readyz').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ready',
      ledger: 'devnet',
      chaincode: { name: 'alliance', version: '1.0', sequence: '1' },
      keeper: { enabled: true, identity: 'EcommerceMSP:Admin', intervalMs: 2000 },
    });
    const metrics = await request(t.gateway.app).get('/metrics').expect(200);
    expect(metrics.text).toContain('gateway_http_requests_total');
  });

  it('refuses API calls without a valid credential (401 problem+json)', async () => {
    const res = await request(t.gateway.app).get('/api/v1/chain').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    await request(t.gateway.app).get('/api/v1/chain').set('x-api-key', 'alk_0000000000000000_bad').expect(401);
  });

  it('shows the chain and its genesis block to an authenticated member', async () => {
    const key = t.key('EcommerceMSP:store1');
    const chain = await request(t.gateway.app).get('/api/v1/chain').set('x-api-key', key).expect(200);
    expect(chain.body).toMatchObject({ height: expect.stringMatching(/^[1-9][0-9]*$/) });
    const block = await request(t.gateway.app).get('/api/v1/blocks/0').set('x-api-key', key).expect(200);
    expect(block.body).toMatchObject({ number: '0', previousHash: '', transactionCount: 0 });
    const missing = await request(t.gateway.app).get('/api/v1/blocks/999999').set('x-api-key', key).expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const bad = await request(t.gateway.app).get('/api/v1/blocks/abc').set('x-api-key', key).expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'params.number' }] });
  });

  it('answers unknown routes with a problem', async () => {
    const res = await request(t.gateway.app)
      .get('/api/v1/nothing-here')
      .set('x-api-key', t.key('EcommerceMSP:store1'))
      .expect(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('matches routes as Express does: any ASCII case, a trailing slash, a known segment with an unknown rest', async () => {
    const key = t.key('EcommerceMSP:store1');
    await request(t.gateway.app).get('/api/v1/BLOCKS/0').set('x-api-key', key).expect(200);
    await request(t.gateway.app).get('/api/v1/Chain/').set('x-api-key', key).expect(200);
    const res = await request(t.gateway.app).get('/api/v1/blocks/0/nothing').set('x-api-key', key).expect(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
    await request(t.gateway.app).delete('/api/v1/chain').set('x-api-key', key).expect(404);
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const doc = await request(t.gateway.app).get('/openapi.json').expect(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.paths['/api/v1/blocks/{number}'].get.operationId).toBe('getBlock');
    const page = await request(t.gateway.app).get('/docs').expect(200);
    expect(page.text).toContain('swagger-ui');
    await request(t.gateway.app).get('/docs/assets/swagger-ui-bundle.js').expect(200);
  });
});

describe('gateway limits', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await openTestGateway({ env: { GATEWAY_RATE_LIMIT_PER_MINUTE: '3', GATEWAY_BODY_LIMIT: '1kb' } });
  });
  afterAll(() => t.destroy());

  it('answers 429 with Retry-After once a credential exceeds its rate', async () => {
    const key = t.key('FinanceMSP:bank1');
    for (let i = 0; i < 3; i++) await request(t.gateway.app).get('/api/v1/chain').set('x-api-key', key).expect(200);
    const limited = await request(t.gateway.app).get('/api/v1/chain').set('x-api-key', key).expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another credential has its own budget.
    await request(t.gateway.app).get('/api/v1/chain').set('x-api-key', t.key('FinanceMSP:bank2')).expect(200);
  });

  it('refuses oversized and non-JSON bodies', async () => {
    const key = t.key('EcommerceMSP:buyer1');
    const big = await request(t.gateway.app)
      .post('/api/v1/transfers')
      .set('x-api-key', key)
      .send({ memo: 'x'.repeat(2000) })
      .expect(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const text = await request(t.gateway.app)
      .post('/api/v1/transfers')
      .set('x-api-key', t.key('EcommerceMSP:buyer2'))
      .set('content-type', 'text/plain')
      .send('amount=5')
      .expect(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('sets secure headers and a request id', async () => {
    const res = await request(t.gateway.app).get('/healthz').set('x-request-id', 'trace-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('rate limit before authentication, by client address', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await openTestGateway({ env: { GATEWAY_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '3' } });
  });
  afterAll(() => t.destroy());

  const chain = (headers: Record<string, string>) => request(t.gateway.app).get('/api/v1/chain').set(headers);

  it('does not count requests whose credential is accepted', async () => {
    for (let i = 0; i < 6; i++) await chain({ 'x-api-key': t.key('EcommerceMSP:store1') }).expect(200);
  });

  it('refuses an address with 429 and Retry-After once N requests failed authentication, valid key or not', async () => {
    const bad = { 'x-api-key': 'alk_0000000000000000_bad' };
    await chain(bad).expect(401);
    await chain({ authorization: 'Bearer not-a-token' }).expect(401);
    await chain({}).expect(401);
    const limited = await chain(bad).expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(limited.body.detail).toMatch(/failed authentication/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Refused before authentication: the address is limited, whatever it sends now.
    await chain({ 'x-api-key': t.key('EcommerceMSP:store1') }).expect(429);
    // Probes outside the API are not limited.
    await request(t.gateway.app).get('/healthz').expect(200);
  });
});

describe('malformed requests', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await openTestGateway();
  });
  afterAll(() => t.destroy());

  it('answers a path with malformed percent-encoding with 400 VALIDATION_FAILED, not 500', async () => {
    const res = await request(t.gateway.app)
      .get('/api/v1/accounts/%E0%A4%A/balances/CNY')
      .set('x-api-key', t.key('EcommerceMSP:store1'))
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'params', message: 'malformed percent-encoding' }],
    });
  });

  const post = (encoding: string, body: Buffer) =>
    request(t.gateway.app)
      .post('/api/v1/transfers')
      .set('x-api-key', t.key('EcommerceMSP:buyer1'))
      .set('content-type', 'application/json')
      .set('content-encoding', encoding)
      // Send the bytes as they are (superagent would JSON-encode a Buffer); it writes a Buffer as is.
      .serialize((b: Buffer) => b as unknown as string)
      .send(body);

  it('refuses a Content-Encoding outside identity, gzip and deflate with 415, naming those', async () => {
    const json = Buffer.from('{"memo":"x"}');
    for (const [encoding, body] of [
      ['br', brotliCompressSync(json)],
      ['zstd', json],
      ['garbage', json],
      ['gzip, br', gzipSync(json)],
    ] as const) {
      const res = await post(encoding, body).expect(415);
      expect(res.body).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        detail: 'Content-Encoding must be one of: identity, gzip, deflate',
        acceptedEncodings: ['identity', 'gzip', 'deflate'],
      });
      expect(res.headers['accept-encoding']).toBe('identity, gzip, deflate');
    }
  });

  it('decodes gzip and deflate bodies, and answers 400 when they do not decode', async () => {
    // Decoded, then validated: the unknown field proves the JSON was read.
    for (const [encoding, body] of [
      ['gzip', gzipSync('{"bogus":"x"}')],
      ['deflate', deflateSync('{"bogus":"x"}')],
    ] as const) {
      const res = await post(encoding, body).expect(400);
      expect(res.body.errors).toContainEqual({ path: 'body.bogus', message: 'unknown field' });
    }
    const corrupt = await post('gzip', Buffer.from('not gzip at all')).expect(400);
    expect(corrupt.body.code).toBe('VALIDATION_FAILED');
  });

  it('takes multipart uploads in identity coding only', async () => {
    const res = await request(t.gateway.app)
      .post('/api/v1/evidence/file-verifications')
      .set('x-api-key', t.key('EcommerceMSP:buyer1'))
      .set('content-encoding', 'gzip')
      .attach('file', Buffer.from('x'), { filename: 'x.txt' })
      .expect(415);
    expect(res.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', acceptedEncodings: ['identity'] });
  });
});

describe('JWT bearer tokens', () => {
  const secret = 'a-test-secret-that-is-long-enough-for-hs256';
  let t: TestGateway;
  beforeAll(async () => {
    t = await openTestGateway({ env: { GATEWAY_JWT_SECRET: secret } });
  });
  afterAll(() => t.destroy());

  const token = (claims: Record<string, unknown>, expiresIn: string | number = '5m'): Promise<string> =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('app-42')
      .setExpirationTime(expiresIn)
      .sign(new TextEncoder().encode(secret));

  it('accepts a valid token and signs as the identity it names', async () => {
    const res = await request(t.gateway.app)
      .get('/api/v1/me')
      .set('authorization', `Bearer ${await token({ identity: 'FinanceMSP:auditor1' })}`)
      .expect(200);
    expect(res.body.caller.mspId).toBe('FinanceMSP');
    expect(res.body.caller.id).toContain('CN=auditor1@finance.example.com');
  });

  it('refuses expired, forged and identity-less tokens, and identities it does not hold', async () => {
    const expired = await token({ identity: 'FinanceMSP:auditor1' }, Math.floor(Date.now() / 1000) - 60);
    await request(t.gateway.app).get('/api/v1/me').set('authorization', `Bearer ${expired}`).expect(401);
    const forged = (await token({ identity: 'FinanceMSP:auditor1' })).slice(0, -2) + 'xx';
    await request(t.gateway.app).get('/api/v1/me').set('authorization', `Bearer ${forged}`).expect(401);
    await request(t.gateway.app)
      .get('/api/v1/me')
      .set('authorization', `Bearer ${await token({})}`)
      .expect(401);
    const stranger = await request(t.gateway.app)
      .get('/api/v1/me')
      .set('authorization', `Bearer ${await token({ identity: 'OtherMSP:mallory' })}`)
      .expect(403);
    expect(stranger.body.code).toBe('FORBIDDEN');
  });
});
