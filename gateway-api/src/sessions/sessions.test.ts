import { SignJWT } from 'jose';
import request from 'supertest';
import { SessionStore, SESSION_COOKIE } from '../auth/session';
import { openTestGateway, type TestGateway } from '../test/test-gateway';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const BUYER = 'EcommerceMSP:buyer1';

/** The session token in a Set-Cookie answer. */
function cookieOf(res: request.Response): string {
  const header = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0] ?? '';
  const token = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(header)?.[1];
  if (!token) throw new Error(`no session cookie in ${header}`);
  return `${SESSION_COOKIE}=${token}`;
}

describe('browser sessions', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await openTestGateway({ env: { GATEWAY_JWT_SECRET: SECRET } });
  }, 60_000);
  afterAll(() => t.destroy());
  const http = (): ReturnType<typeof request> => request(t.gateway.app);

  it('exchanges an API key for an HttpOnly, SameSite=Strict cookie that authenticates as the same principal', async () => {
    const created = await http().post('/api/v1/sessions').set('x-api-key', t.key(BUYER)).expect(201);
    const setCookie = String(([] as string[]).concat(created.headers['set-cookie'] ?? [])[0]);
    expect(setCookie).toMatch(
      /^alliance_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/,
    );
    expect(created.body).toMatchObject({ identity: BUYER, csrfHeader: 'x-csrf-token', csrfToken: expect.any(String) });
    const cookie = cookieOf(created);
    const me = await http().get('/api/v1/me').set('cookie', cookie).expect(200);
    const direct = await http().get('/api/v1/me').set('x-api-key', t.key(BUYER)).expect(200);
    expect(me.body).toEqual(direct.body);
    const current = await http().get('/api/v1/sessions/current').set('cookie', cookie).expect(200);
    expect(current.body).toEqual(created.body);
  });

  it('marks the cookie Secure when the gateway is reached over TLS', async () => {
    // Express reads TLS from the socket, or from X-Forwarded-Proto behind a trusted proxy.
    t.gateway.app.set('trust proxy', 'loopback');
    try {
      const created = await http()
        .post('/api/v1/sessions')
        .set('x-forwarded-proto', 'https')
        .set('x-api-key', t.key(BUYER))
        .expect(201);
      expect(String(([] as string[]).concat(created.headers['set-cookie'] ?? [])[0])).toMatch(/; Secure$/);
    } finally {
      t.gateway.app.set('trust proxy', false);
    }
  });

  it('requires the CSRF token on every write made with the cookie', async () => {
    const admin = 'EcommerceMSP:Admin';
    const created = await http().post('/api/v1/sessions').set('x-api-key', t.key(admin)).expect(201);
    const cookie = cookieOf(created);
    const csrf = (created.body as { csrfToken: string }).csrfToken;
    const me = await http().get('/api/v1/me').set('x-api-key', t.key(BUYER)).expect(200);
    const body = {
      member: (me.body as { caller: { party: string } }).caller.party,
      name: 'buyer one',
      roles: ['buyer'],
    };
    const refused = await http().post('/api/v1/members').set('cookie', cookie).send(body).expect(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('x-csrf-token') });
    await http().post('/api/v1/members').set('cookie', cookie).set('x-csrf-token', 'wrong').send(body).expect(403);
    await http().post('/api/v1/members').set('cookie', cookie).set('x-csrf-token', csrf).send(body).expect(201);
    // Reads need no token.
    await http().get('/api/v1/chain').set('cookie', cookie).expect(200);
  });

  it('signs out: the cookie is cleared and no longer authenticates', async () => {
    const created = await http().post('/api/v1/sessions').set('x-api-key', t.key(BUYER)).expect(201);
    const cookie = cookieOf(created);
    await http().delete('/api/v1/sessions/current').set('cookie', cookie).expect(403);
    const out = await http()
      .delete('/api/v1/sessions/current')
      .set('cookie', cookie)
      .set('x-csrf-token', (created.body as { csrfToken: string }).csrfToken)
      .expect(204);
    expect(String(([] as string[]).concat(out.headers['set-cookie'] ?? [])[0])).toMatch(
      /^alliance_session=; Path=\/; Max-Age=0;/,
    );
    const after = await http().get('/api/v1/me').set('cookie', cookie).expect(401);
    expect(after.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('ends a session once the API key it was opened with is revoked', async () => {
    const issued = await t.gateway.apiKeys.issue(BUYER, 'session test');
    const created = await http().post('/api/v1/sessions').set('x-api-key', issued.key).expect(201);
    const cookie = cookieOf(created);
    await http().get('/api/v1/me').set('cookie', cookie).expect(200);
    await t.gateway.apiKeys.revoke(issued.id);
    const after = await http().get('/api/v1/me').set('cookie', cookie).expect(401);
    expect(after.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    // Other sessions of the same identity, opened with other keys, go on.
    const other = await http().post('/api/v1/sessions').set('x-api-key', t.key(BUYER)).expect(201);
    await http().get('/api/v1/me').set('cookie', cookieOf(other)).expect(200);
  });

  it('opens no session from a session, and none without a credential', async () => {
    const created = await http().post('/api/v1/sessions').set('x-api-key', t.key(BUYER)).expect(201);
    await http()
      .post('/api/v1/sessions')
      .set('cookie', cookieOf(created))
      .set('x-csrf-token', (created.body as { csrfToken: string }).csrfToken)
      .expect(403);
    await http().post('/api/v1/sessions').expect(401);
    await http().get('/api/v1/sessions/current').set('x-api-key', t.key(BUYER)).expect(404);
  });

  it("ends a JWT's session no later than the token", async () => {
    const exp = Math.floor(Date.now() / 1000) + 120;
    const token = await new SignJWT({ identity: BUYER })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('browser-user')
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(SECRET));
    const created = await http().post('/api/v1/sessions').set('authorization', `Bearer ${token}`).expect(201);
    expect(created.body).toMatchObject({ identity: BUYER, expiresAt: new Date(exp * 1000).toISOString() });
    expect(String(([] as string[]).concat(created.headers['set-cookie'] ?? [])[0])).toMatch(/Max-Age=1[01]\d;/);
  });
});

describe('SessionStore', () => {
  const principal = { id: 'key:abc', identity: BUYER };

  it('ends a session at its expiry', () => {
    let now = 1_000_000;
    const store = new SessionStore({ ttlMs: 60_000, now: () => now });
    const { token } = store.create(principal);
    now += 59_999;
    expect(store.find(token)?.principal).toEqual(principal);
    now += 1;
    expect(store.find(token)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("ends the sessions of a revoked principal at their next use, and by the revoked key's id", () => {
    const revoked = new Set<string>();
    const store = new SessionStore({ ttlMs: 60_000, isRevoked: (p) => revoked.has(p.identity) });
    const a = store.create(principal).token;
    const b = store.create({ id: 'key:other', identity: 'FinanceMSP:bank1' }).token;
    revoked.add(BUYER);
    expect(store.find(a)).toBeUndefined();
    expect(store.find(b)).toBeDefined();
    expect(store.endWhere((p) => p.id === 'key:other')).toBe(1);
    expect(store.find(b)).toBeUndefined();
  });

  it('keeps at most maxSessions, ending the oldest first, and keeps only token digests', () => {
    const store = new SessionStore({ ttlMs: 60_000, maxSessions: 2 });
    const first = store.create(principal).token;
    const second = store.create(principal).token;
    const third = store.create(principal).token;
    expect(store.find(first)).toBeUndefined();
    expect(store.find(second)).toBeDefined();
    expect(store.find(third)).toBeDefined();
    expect(JSON.stringify([...Object.values(store)])).not.toContain(third);
  });
});
