import { createPrivateKey, createPublicKey, KeyObject, type webcrypto } from 'node:crypto';

import { ECDSA_P256_SHA256, subtle } from './x509';

/** A freshly generated ECDSA P-256 key pair, both as Node `KeyObject`s and as WebCrypto keys for `@peculiar/x509`. */
export interface P256KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly cryptoKeys: webcrypto.CryptoKeyPair;
}

/** Generates a new ECDSA P-256 key pair. */
export async function generateP256KeyPair(): Promise<P256KeyPair> {
  const cryptoKeys = await subtle.generateKey(ECDSA_P256_SHA256, true, ['sign', 'verify']);
  return {
    privateKey: KeyObject.from(cryptoKeys.privateKey),
    publicKey: KeyObject.from(cryptoKeys.publicKey),
    cryptoKeys,
  };
}

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

/** Imports a Node private key as a non-extractable WebCrypto ECDSA P-256 signing key. */
export async function toWebCryptoSigningKey(key: KeyObject): Promise<webcrypto.CryptoKey> {
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  return subtle.importKey('pkcs8', pkcs8, ECDSA_P256_SHA256, false, ['sign']);
}

/** True when both keys hold the same public key (e.g. a private key and a certificate's key). */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  const spki = (key: KeyObject): Buffer =>
    (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return spki(a).equals(spki(b));
}
