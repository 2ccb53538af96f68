import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, verify, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { createCsr, enroll, enrollmentIdOf, generateKeyPair, ProblemError } from './index';
import { enrollmentStub, type StubRecord } from './test/enrollment-stub';

/** A self-signed P-256 CA for the stub (the e2e test uses devnet's organisation CA). */
async function testCa() {
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cryptoKeys = {
    privateKey: await crypto.subtle.importKey(
      'pkcs8',
      keys.privateKey.export({ format: 'der', type: 'pkcs8' }),
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['sign'],
    ),
    publicKey: await crypto.subtle.importKey(
      'spki',
      keys.publicKey.export({ format: 'der', type: 'spki' }),
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['verify'],
    ),
  };
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: 'CN=ca.ecommerce.example.com',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      keys: cryptoKeys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        await x509.SubjectKeyIdentifierExtension.create(cryptoKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certificatePem: certificate.toString('pem'), privateKey: keys.privateKey };
}

describe('enrolment of a self-custody identity (against a stub of the documented contract)', () => {
  let server: Server;
  let baseUrl: string;
  const seen: StubRecord = {};
  let nested = false;
  const enrolledAs: string[] = [];

  beforeAll(async () => {
    const ca = await testCa();
    const handler = (n: boolean) =>
      enrollmentStub(
        {
          ca,
          secrets: new Map([['EcommerceMSP:wallet9', 'one-time secret']]),
          enrolled: (identity) => {
            enrolledAs.push(identity);
            return Promise.resolve({ apiKey: 'alk_1_new', party: `EcommerceMSP::x509::CN=wallet9` });
          },
          nested: n,
        },
        (_req, res) => {
          res.writeHead(404);
          res.end();
        },
        seen,
      );
    server = createServer((req, res) => {
      handler(nested)(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('makes a P-256 key on the device, sends a CSR (CN = the enrollment ID) with Basic authentication, and answers certificate, chain and API key', async () => {
    const device = await enroll({ baseUrl, identity: 'EcommerceMSP:wallet9', secret: 'one-time secret' });
    expect(seen.authorization).toBe(`Basic ${Buffer.from('wallet9:one-time secret').toString('base64')}`);
    const csr = new x509.Pkcs10CertificateRequest(seen.csr!);
    expect(csr.subject).toBe('CN=wallet9');
    expect(seen.csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect(device).toMatchObject({
      identity: 'EcommerceMSP:wallet9',
      party: 'EcommerceMSP::x509::CN=wallet9',
      apiKey: 'alk_1_new',
    });
    expect(device.caChain).toMatch(/BEGIN CERTIFICATE/);
    // The key never left: non-extractable, and the certificate is for it.
    expect(device.keys.privateKey.extractable).toBe(false);
    const message = new TextEncoder().encode('a proposal');
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', message));
    const signature = await device.signer.sign({ message, digest });
    const certificate = new X509Certificate(device.certificate);
    expect(verify('sha256', message, { key: certificate.publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
  });

  it("reads the gateway's nested answer too (identity and apiKey as objects)", async () => {
    nested = true;
    try {
      const keys = await generateKeyPair();
      const device = await enroll({ baseUrl, identity: 'EcommerceMSP:wallet9', secret: 'one-time secret', keys });
      expect(device).toMatchObject({
        identity: 'EcommerceMSP:wallet9',
        apiKey: 'alk_1_new',
        party: 'EcommerceMSP::x509::CN=wallet9',
      });
      expect(device.keys).toBe(keys);
    } finally {
      nested = false;
    }
  });

  it('a wrong secret is a ProblemError, not retried', async () => {
    const before = enrolledAs.length;
    const error: unknown = await enroll({ baseUrl, identity: 'EcommerceMSP:wallet9', secret: 'guess' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ status: 401, code: 'ENROLLMENT_SECRET_INVALID' });
    expect(enrolledAs.length).toBe(before);
  });

  it('CSRs are P-256, CN only, signed by the key', async () => {
    const keys = await generateKeyPair({ extractable: true });
    const csr = new x509.Pkcs10CertificateRequest(await createCsr(keys, 'buyer.9@shop'));
    expect(csr.subject).toBe('CN=buyer.9@shop');
    expect(await csr.verify()).toBe(true);
    expect((csr.publicKey.algorithm as EcKeyAlgorithm).namedCurve).toBe('P-256');
    expect(() => enrollmentIdOf('wallet9')).toThrow(/<MSP>:<enrollment ID>/);
    expect(enrollmentIdOf('EcommerceMSP:wallet9')).toBe('wallet9');
  });
});
