import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import request from 'supertest';
import { ProblemError } from '../http/problem';
import { openTestGateway, type TestGateway } from '../test/test-gateway';
import { openJwtVerifier, type JwtVerifier } from './jwt-verifier';

const ISSUER = 'https://login.bank.example';
const AUDIENCE = 'alliance-gateway';
const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

/** An OIDC provider's key set on 127.0.0.1, with keys made here; counts how often it was fetched. */
async function serveJwks(keys: JWK[]): Promise<{ url: string; fetches: () => number; close: () => Promise<void> }> {
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    fetches++;
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

interface SigningKey {
  readonly alg: 'RS256' | 'ES256';
  readonly kid: string;
  readonly privateKey: KeyLike;
  readonly jwk: JWK;
}

async function signingKey(alg: 'RS256' | 'ES256', kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { alg, kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function token(
  key: SigningKey,
  claims: Record<string, unknown> = { identity: 'FinanceMSP:auditor1' },
  options: { issuer?: string; audience?: string; expires?: string | number; kid?: string } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid })
    .setSubject('user-7')
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expires ?? '5m')
    .sign(key.privateKey);
}

describe('JWT from an OIDC provider (JWKS)', () => {
  let rsa: SigningKey;
  let ec: SigningKey;
  let stranger: SigningKey;
  let jwks: Awaited<ReturnType<typeof serveJwks>>;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    rsa = await signingKey('RS256', 'rsa-1');
    ec = await signingKey('ES256', 'ec-1');
    stranger = await signingKey('ES256', 'not-published');
    jwks = await serveJwks([rsa.jwk, ec.jwk]);
    verifier = await openJwtVerifier({
      secret: SECRET,
      jwks: { url: jwks.url, issuer: ISSUER, audience: AUDIENCE },
      identityClaim: 'identity',
    });
  });
  afterAll(() => jwks.close());

  it('accepts RS256 and ES256 tokens signed by a published key, with the right issuer and audience', async () => {
    await expect(verifier.verify(await token(rsa))).resolves.toEqual({
      id: 'jwks:user-7',
      identity: 'FinanceMSP:auditor1',
    });
    await expect(verifier.verify(await token(ec))).resolves.toEqual({
      id: 'jwks:user-7',
      identity: 'FinanceMSP:auditor1',
    });
    // The key set was fetched once and is kept.
    expect(jwks.fetches()).toBe(1);
  });

  it('refuses a wrong issuer, a wrong audience, an unknown key id, an expired token', async () => {
    await expect(
      verifier.verify(await token(rsa, undefined, { issuer: 'https://evil.example' })),
    ).resolves.toBeUndefined();
    await expect(verifier.verify(await token(rsa, undefined, { audience: 'another-app' }))).resolves.toBeUndefined();
    await expect(verifier.verify(await token(stranger))).resolves.toBeUndefined();
    // A published key id on a token signed by another key.
    await expect(verifier.verify(await token(stranger, undefined, { kid: 'ec-1' }))).resolves.toBeUndefined();
    const expired = await token(ec, undefined, { expires: Math.floor(Date.now() / 1000) - 60 });
    await expect(verifier.verify(expired)).resolves.toBeUndefined();
    await expect(verifier.verify(await token(ec, {}))).resolves.toBeUndefined();
    await expect(verifier.verify('not.a.token')).resolves.toBeUndefined();
  });

  it('keeps HS256 tokens to the shared secret, and never takes a provider key for HS256', async () => {
    const hs = await new SignJWT({ identity: 'EcommerceMSP:buyer1' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('app-1')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifier.verify(hs)).resolves.toEqual({ id: 'jwt:app-1', identity: 'EcommerceMSP:buyer1' });
    const onlyJwks = await openJwtVerifier({
      jwks: { url: jwks.url, issuer: ISSUER, audience: AUDIENCE },
      identityClaim: 'identity',
    });
    await expect(onlyJwks.verify(hs)).resolves.toBeUndefined();
  });

  it('reads the identity from the configured claim', async () => {
    const custom = await openJwtVerifier({
      jwks: { url: jwks.url, issuer: ISSUER, audience: AUDIENCE },
      identityClaim: 'https://alliance.example/identity',
    });
    const t = await token(ec, {
      'https://alliance.example/identity': 'EcommerceMSP:store1',
      identity: 'EcommerceMSP:Admin',
    });
    await expect(custom.verify(t)).resolves.toEqual({ id: 'jwks:user-7', identity: 'EcommerceMSP:store1' });
  });

  it('answers 503 when the provider’s keys cannot be fetched (the token may well be valid)', async () => {
    const down = await openJwtVerifier({
      jwks: { url: 'http://127.0.0.1:1/jwks.json', issuer: ISSUER, audience: AUDIENCE },
      identityClaim: 'identity',
    });
    const failure = await down.verify(await token(ec)).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ProblemError);
    expect(failure).toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE', status: 503 });
  });

  describe('through the gateway', () => {
    let t: TestGateway;
    beforeAll(async () => {
      t = await openTestGateway({
        env: {
          GATEWAY_JWT_JWKS_URL: jwks.url,
          GATEWAY_JWT_ISSUER: ISSUER,
          GATEWAY_JWT_AUDIENCE: AUDIENCE,
        },
      });
    });
    afterAll(() => t.destroy());

    it('maps a provider’s token to the identity it names', async () => {
      const res = await request(t.gateway.app)
        .get('/api/v1/me')
        .set('authorization', `Bearer ${await token(ec)}`)
        .expect(200);
      expect(res.body.caller.id).toContain('CN=auditor1@finance.example.com');
      await request(t.gateway.app)
        .get('/api/v1/me')
        .set('authorization', `Bearer ${await token(ec, undefined, { audience: 'x' })}`)
        .expect(401);
    });
  });
});
