import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { webcrypto } from 'node:crypto';
import { ConfigError, loadConfig } from '../config';
import { openTestGateway, type TestGateway } from '../test/test-gateway';
import { createHttpServer } from './http-server';

const TIMEOUTS = { headersTimeoutMs: 5_000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 1_000 };

/** A throwaway P-256 certificate for `localhost`, PEM, with its key. */
async function selfSigned(): Promise<{ cert: string; key: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=localhost',
      keys,
      signingAlgorithm: alg,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 3_600_000),
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }])],
    },
    webcrypto,
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
  return { cert: certificate.toString('pem'), key };
}

function get(port: number, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', servername: 'localhost', port, path: '/healthz', ca }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
        });
      })
      .on('error', reject);
  });
}

describe('HTTPS listener (GATEWAY_TLS_CERT_FILE, GATEWAY_TLS_KEY_FILE)', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await openTestGateway();
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('serves the gateway over TLS with the configured certificate, and refuses a client that does not trust it', async () => {
    const tls = await selfSigned();
    const server = createHttpServer(t.gateway.app, TIMEOUTS, 1000, tls).listen(0, '127.0.0.1');
    try {
      await new Promise<void>((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      await expect(get(port, tls.cert)).resolves.toMatchObject({ status: 200 });
      const other = await selfSigned();
      await expect(get(port, other.cert)).rejects.toThrow(/self[- ]signed|unable to verify|signature/i);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  });

  it('takes both files or neither from the configuration', () => {
    expect(loadConfig({}).tls).toBeUndefined();
    expect(loadConfig({ GATEWAY_TLS_CERT_FILE: '/c.pem', GATEWAY_TLS_KEY_FILE: '/k.pem' }).tls).toEqual({
      certFile: '/c.pem',
      keyFile: '/k.pem',
    });
    expect(() => loadConfig({ GATEWAY_TLS_CERT_FILE: '/c.pem' })).toThrow(ConfigError);
  });
});
