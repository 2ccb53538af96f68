/** Keys, CSRs and certificate readers for the CA server's tests. */
import { createPrivateKey, X509Certificate, type KeyObject, type webcrypto } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';

import { subtle, x509 } from '../../msp/x509';

export interface TestKey {
  readonly csr: string;
  readonly keyPem: string;
  readonly privateKey: KeyObject;
}

/** Key kinds a CSR can be made for: devnet's CA signs P-256 only. */
export type KeyKind = 'p256' | 'p384' | 'rsa';

const KEY_ALGORITHMS: Readonly<
  Record<
    KeyKind,
    {
      generate: webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams;
      sign: webcrypto.EcdsaParams | webcrypto.Algorithm;
    }
  >
> = {
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
};

/** A new key pair and a CSR for `CN=<commonName>` signed with it (the subject's OU is for the CA to replace). */
export async function newCsr(commonName: string, kind: KeyKind = 'p256'): Promise<TestKey> {
  const algorithm = KEY_ALGORITHMS[kind];
  const keys = await subtle.generateKey(algorithm.generate, true, ['sign', 'verify']);
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `C=US, O=Test, OU=ignored, CN=${commonName}`,
    keys,
    signingAlgorithm: algorithm.sign,
  });
  const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${(pkcs8.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END PRIVATE KEY-----\n`;
  return { csr: request.toString('pem'), keyPem, privateKey: createPrivateKey(keyPem) };
}

/** Fabric CA's attribute extension of a certificate: raw JSON `{"attrs":{…}}`. */
export function attributesOf(pem: string): Record<string, string> | undefined {
  const extension = new x509.X509Certificate(pem).getExtension('1.2.3.4.5.6.7.8.1');
  if (extension === null) return undefined;
  return (JSON.parse(Buffer.from(extension.value).toString('utf8')) as { attrs: Record<string, string> }).attrs;
}

export function subjectOf(pem: string): Record<string, string[]> {
  const name = new x509.X509Certificate(pem).subjectName;
  const fields: Record<string, string[]> = {};
  for (const type of ['C', 'ST', 'L', 'O', 'OU', 'CN']) fields[type] = name.getField(type);
  return fields;
}

/** True when `pem` was signed by `caPem`'s key and names it as issuer. */
export function issuedBy(pem: string, caPem: string): boolean {
  const certificate = new X509Certificate(pem);
  const ca = new X509Certificate(caPem);
  return certificate.checkIssued(ca) && certificate.verify(ca.publicKey);
}

/** The certificate and key PEM of an MSP folder (first file of signcerts/ and keystore/). */
export async function readMsp(mspDir: string): Promise<{ certificatePem: string; keyPem: string }> {
  const first = async (dir: string): Promise<string> => {
    const [name] = (await readdir(dir)).sort();
    if (name === undefined) throw new Error(`${dir} is empty`);
    return readFile(path.join(dir, name), 'utf8');
  };
  return {
    certificatePem: await first(path.join(mspDir, 'signcerts')),
    keyPem: await first(path.join(mspDir, 'keystore')),
  };
}
