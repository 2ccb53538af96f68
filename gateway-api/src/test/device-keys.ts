import 'reflect-metadata';
import { createPrivateKey, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';

/**
 * What a self-custody identity's device does in the tests: makes its own key and a CSR for it (also the
 * wrong kinds, to see them refused), reads the certificate it gets back, and proves that the gateway's files
 * hold nothing of its key.
 */

x509.cryptoProvider.set(webcrypto);

export type KeyKind = 'p256' | 'p384' | 'rsa';

const ALGORITHMS = {
  p256: { generate: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  p384: { generate: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } },
  rsa: {
    generate: {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    sign: { name: 'RSASSA-PKCS1-v1_5' },
  },
} as const;

export interface DeviceKey {
  readonly csr: string;
  readonly privateKey: KeyObject;
  /** PKCS#8 DER of the private key: what must never appear in the gateway's files. */
  readonly pkcs8: Buffer;
}

/** A device key of `kind` and a CSR signed with it for `subject` (e.g. `CN=buyer9`). */
export async function deviceKey(subject: string, kind: KeyKind = 'p256'): Promise<DeviceKey> {
  const algorithm = ALGORITHMS[kind];
  const keys = await webcrypto.subtle.generateKey(algorithm.generate, true, ['sign', 'verify']);
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subject,
    keys,
    signingAlgorithm: algorithm.sign,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    csr: request.toString('pem'),
    pkcs8,
    privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
  };
}

/** Fabric CA's attribute extension (OID 1.2.3.4.5.6.7.8.1) of a certificate: raw JSON `{"attrs":{…}}`. */
export function fabricAttributes(certificatePem: string): Record<string, string> {
  const extension = new x509.X509Certificate(certificatePem).getExtension('1.2.3.4.5.6.7.8.1');
  if (extension === null) throw new Error('no Fabric CA attributes in the certificate');
  return (JSON.parse(Buffer.from(extension.value).toString('utf8')) as { attrs: Record<string, string> }).attrs;
}

/** The serial numbers (lower-case hex) a PEM CRL lists. */
export function crlSerials(crlPem: string): string[] {
  return new x509.X509Crl(crlPem).entries.map((e) => e.serialNumber.toLowerCase().replace(/^0+/, ''));
}

/** The certificate's serial number (lower-case hex, no leading zeros). */
export function serialOf(certificatePem: string): string {
  return new X509Certificate(certificatePem).serialNumber.toLowerCase().replace(/^0+/, '');
}

/**
 * Every file under `dir` that holds any of `needles` (raw, base64 or hex): the test's proof that a key
 * never reached the gateway's data directory.
 */
export async function filesHolding(dir: string, needles: readonly Buffer[]): Promise<string[]> {
  const forms = needles.flatMap((n) => [n, Buffer.from(n.toString('base64')), Buffer.from(n.toString('hex'))]);
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const name of await readdir(folder)) {
      const file = path.join(folder, name);
      const info = await stat(file);
      if (info.isDirectory()) await walk(file);
      else if (info.isFile()) {
        const bytes = await readFile(file);
        if (forms.some((f) => bytes.includes(f))) found.push(file);
      }
    }
  };
  await walk(dir);
  return found;
}

/** `Authorization: Basic` for an enrollment ID and its secret. */
export function basic(enrollmentId: string, secret: string): string {
  return `Basic ${Buffer.from(`${enrollmentId}:${secret}`).toString('base64')}`;
}

/** The private scalar of an EC key (JWK `d`), the one part of it that identifies it whatever the encoding. */
export function privateScalar(key: KeyObject): Buffer {
  const d = key.export({ format: 'jwk' }).d;
  if (d === undefined) throw new Error('not a private EC key');
  return Buffer.from(d, 'base64url');
}
