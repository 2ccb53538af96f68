import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { newPrivateKeySigner, type Signer } from '../signers';

/**
 * A signer over a P-256 private key in PEM (PKCS#8 or SEC1, as Fabric CA and cryptogen write them), or a
 * Node `KeyObject`: the key is read with `crypto.createPrivateKey` and the digest signed as a prehash with
 * @noble/curves (RFC 6979, low-S, DER), since Node's own ECDSA always hashes what it signs.
 *
 * @example
 * ```ts
 * const signer = newPemSigner(await readFile('wallet/key.pem', 'utf8'));
 * ```
 */
export function newPemSigner(key: string | KeyObject): Signer {
  const privateKey = typeof key === 'string' ? createPrivateKey(key) : key;
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ec') {
    throw new TypeError(
      `expected an EC private key, got a ${privateKey.type} ${privateKey.asymmetricKeyType ?? ''} key`,
    );
  }
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  if (curve !== 'prime256v1') throw new TypeError(`expected a P-256 key, got curve ${curve ?? 'unknown'}`);
  const { d } = privateKey.export({ format: 'jwk' });
  if (d === undefined) throw new TypeError('the key has no private scalar');
  return newPrivateKeySigner(Buffer.from(d, 'base64url'));
}

/** A signer over the PEM private key in a file. */
export async function loadPemSigner(file: string): Promise<Signer> {
  return newPemSigner(await readFile(file, 'utf8'));
}
