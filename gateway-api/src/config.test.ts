import { ConfigError, loadConfig } from './config';

describe('gateway configuration', () => {
  it('defaults to devnet on 127.0.0.1:3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      ledger: 'devnet',
      chaincodeName: 'alliance',
      demo: false,
      evidenceMaxBytes: 10 * 1024 * 1024,
    });
    expect(loadConfig({ GATEWAY_EVIDENCE_MAX_BYTES: '2048' }).evidenceMaxBytes).toBe(2048);
    expect(() => loadConfig({ GATEWAY_EVIDENCE_MAX_BYTES: '0' })).toThrow(/GATEWAY_EVIDENCE_MAX_BYTES/);
  });

  it('names each invalid setting', () => {
    expect(() => loadConfig({ GATEWAY_PORT: '70000', GATEWAY_JWT_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ GATEWAY_PORT: '70000', GATEWAY_JWT_SECRET: 'short' })).toThrow(
      /GATEWAY_PORT[\s\S]*GATEWAY_JWT_SECRET: GATEWAY_JWT_SECRET must be at least 32 characters/,
    );
  });

  it('takes an OIDC provider’s JWKS only over https (or loopback), with its issuer and audience', () => {
    const jwks = { GATEWAY_JWT_ISSUER: 'https://login.example', GATEWAY_JWT_AUDIENCE: 'gateway' };
    expect(loadConfig({ ...jwks, GATEWAY_JWT_JWKS_URL: 'https://login.example/jwks' })).toMatchObject({
      jwtJwks: { url: 'https://login.example/jwks', issuer: 'https://login.example', audience: 'gateway' },
      jwtIdentityClaim: 'identity',
    });
    expect(loadConfig({ ...jwks, GATEWAY_JWT_JWKS_URL: 'http://127.0.0.1:8080/jwks' }).jwtJwks).toBeDefined();
    expect(() => loadConfig({ ...jwks, GATEWAY_JWT_JWKS_URL: 'http://login.example/jwks' })).toThrow(/must be https/);
    expect(() => loadConfig({ GATEWAY_JWT_JWKS_URL: 'https://login.example/jwks' })).toThrow(
      /GATEWAY_JWT_ISSUER, GATEWAY_JWT_AUDIENCE: required with GATEWAY_JWT_JWKS_URL/,
    );
    expect(loadConfig({ GATEWAY_JWT_IDENTITY_CLAIM: 'alliance_identity' }).jwtIdentityClaim).toBe('alliance_identity');
  });

  it('keeps enrollment secrets 24 h unless told otherwise (1 minute – 30 days)', () => {
    expect(loadConfig({}).enrollmentSecretTtlMs).toBe(24 * 3600 * 1000);
    expect(loadConfig({ GATEWAY_ENROLLMENT_SECRET_TTL_SECONDS: '600' }).enrollmentSecretTtlMs).toBe(600_000);
    expect(() => loadConfig({ GATEWAY_ENROLLMENT_SECRET_TTL_SECONDS: '10' })).toThrow(
      /GATEWAY_ENROLLMENT_SECRET_TTL_SECONDS/,
    );
  });

  it('needs a connection file for Fabric', () => {
    expect(() => loadConfig({ GATEWAY_LEDGER: 'fabric' })).toThrow(/FABRIC_CONNECTION: required/);
  });
});
