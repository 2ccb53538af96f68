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

  it('needs a connection file for Fabric', () => {
    expect(() => loadConfig({ GATEWAY_LEDGER: 'fabric' })).toThrow(/FABRIC_CONNECTION: required/);
  });
});
