import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** Serialises a private key as a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), the format cryptogen writes to `priv_sk`. */
export function privateKeyToPem(key: KeyObject): string {
  if (key.type !== 'private') {
    throw new Error(`Expected a private key, got a ${key.type} key`);
  }
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Parses a PEM private key (PKCS#8, or SEC1 `EC PRIVATE KEY`). */
export function privateKeyFromPem(pem: string): KeyObject {
  return createPrivateKey({ key: pem, format: 'pem' });
}

/** True when both keys hold the same public key (e.g. a private key and a certificate's key). */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  const spki = (key: KeyObject): Buffer =>
    (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return spki(a).equals(spki(b));
}
