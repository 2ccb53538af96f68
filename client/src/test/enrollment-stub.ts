/**
 * A stand-in for the gateway's enrolment endpoint, as docs/identity.md states its contract:
 * `POST /api/v1/identities/{identity}/enrollment`, `Authorization: Basic base64(<enrollment ID>:<secret>)`,
 * body `{csr}` → 201 `{certificate, caChain, apiKey, identity, party}`. It checks what the real one checks of
 * a CSR (P-256, CN = the enrollment ID, signed by its key) and issues the certificate with an organisation's
 * CA. Test-only: the gateway's own endpoint replaces it once it lands.
 */
import 'reflect-metadata';
import { randomBytes, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as x509 from '@peculiar/x509';

export interface StubCertificateAuthority {
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
}

export interface EnrollmentStubOptions {
  readonly ca: StubCertificateAuthority;
  /** Secrets by identity (`EcommerceMSP:wallet9`). */
  readonly secrets: ReadonlyMap<string, string>;
  /** Whatever the gateway does once the certificate is issued; answers the API key and the party id. */
  readonly enrolled: (identity: string, certificatePem: string) => Promise<{ apiKey: string; party: string }>;
  /** The answer's form: the contract's flat one, or nested `identity: {…}`, `apiKey: {key}`. */
  readonly nested?: boolean;
}

const ROUTE = /^\/api\/v1\/identities\/([^/]+)\/enrollment$/;

/** Seen by the stub, for the test's assertions. */
export interface StubRecord {
  authorization?: string;
  csr?: string;
}

/** An HTTP handler answering the enrolment route; `next` gets every other request. */
export function enrollmentStub(
  options: EnrollmentStubOptions,
  next: (req: IncomingMessage, res: ServerResponse) => void,
  seen: StubRecord = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const match = ROUTE.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      next(req, res);
      return;
    }
    const identity = decodeURIComponent(match[1]!);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.authorization = req.headers.authorization;
      handle(options, identity, req.headers.authorization, Buffer.concat(chunks).toString('utf8'), seen).then(
        ([status, body]) => {
          res.writeHead(status, { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/problem+json' });
          res.end(JSON.stringify({ status: 500, code: 'INTERNAL', detail: String(error) }));
        },
      );
    });
  };
}

async function handle(
  options: EnrollmentStubOptions,
  identity: string,
  authorization: string | undefined,
  text: string,
  seen: StubRecord,
): Promise<[number, unknown]> {
  const name = identity.slice(identity.indexOf(':') + 1);
  const expected = `Basic ${Buffer.from(`${name}:${options.secrets.get(identity) ?? randomBytes(8).toString('hex')}`).toString('base64')}`;
  if (authorization !== expected) {
    return [401, { status: 401, code: 'ENROLLMENT_SECRET_INVALID', detail: 'the enrollment secret is not valid' }];
  }
  const { csr } = JSON.parse(text) as { csr: string };
  seen.csr = csr;
  const request = new x509.Pkcs10CertificateRequest(csr);
  const algorithm = request.publicKey.algorithm as EcKeyAlgorithm;
  if (!(await request.verify(crypto)) || algorithm.namedCurve !== 'P-256') {
    return [400, { status: 400, code: 'CSR_INVALID', detail: 'not a P-256 CSR signed by its key' }];
  }
  if (request.subject !== `CN=${name}`) {
    return [400, { status: 400, code: 'CSR_SUBJECT_MISMATCH', detail: `CN must be ${name}` }];
  }
  const certificate = await issue(options.ca, name, request);
  const { apiKey, party } = await options.enrolled(identity, certificate);
  const body = options.nested
    ? {
        identity: { identity, party, custody: 'self' },
        certificate,
        caChain: options.ca.certificatePem,
        apiKey: { key: apiKey },
      }
    : { identity, party, certificate, caChain: options.ca.certificatePem, apiKey };
  return [201, body];
}

/** A client certificate for the CSR's key, as Fabric CA issues one (OU=client, the role as an attribute). */
async function issue(
  ca: StubCertificateAuthority,
  name: string,
  request: x509.Pkcs10CertificateRequest,
): Promise<string> {
  const caCertificate = new x509.X509Certificate(ca.certificatePem);
  const caKeyId = caCertificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId ?? '';
  const signingKey = await crypto.subtle.importKey(
    'pkcs8',
    ca.privateKey.export({ format: 'der', type: 'pkcs8' }),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  const attrs = { role: 'buyer', 'hf.EnrollmentID': name, 'hf.Type': 'client', 'hf.Affiliation': '' };
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomBytes(16)
        .toString('hex')
        .replace(/^[89a-f]/, '1'),
      subject: `OU=client, CN=${name}`,
      issuer: caCertificate.subjectName,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(Math.min(now + 86_400_000, caCertificate.notAfter.getTime())),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey: await request.publicKey.export(crypto),
      signingKey,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.AuthorityKeyIdentifierExtension(caKeyId, false),
        new x509.Extension('1.2.3.4.5.6.7.8.1', false, Buffer.from(JSON.stringify({ attrs }))),
      ],
    },
    crypto,
  );
  return `${certificate.toString('pem')}\n`;
}
