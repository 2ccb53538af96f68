import { KeyObject, type webcrypto } from 'node:crypto';

import { ECDSA_P256_SHA256, subtle } from './x509';

export { privateKeyFromPem, privateKeyToPem } from '@allianceledger/fabric-protocol';

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

/** Imports a Node private key as a non-extractable WebCrypto ECDSA P-256 signing key. */
export async function toWebCryptoSigningKey(key: KeyObject): Promise<webcrypto.CryptoKey> {
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  return subtle.importKey('pkcs8', pkcs8, ECDSA_P256_SHA256, false, ['sign']);
}
