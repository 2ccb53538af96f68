import { sign, type KeyObject } from 'node:crypto';

import { bytesToBigInt, decodeDerSignature, encodeDerSignature, normalizeLowS, signDigestP256 } from './ecdsa';
import type { Signer } from './identity';

/**
 * Returns a Fabric `Signer` for an ECDSA P-256 private key: it signs the given SHA-256 digest as is (no second
 * hash) and returns a DER signature in low-S form, which Fabric peers require.
 */
export function newPrivateKeySigner(key: KeyObject): Signer {
  const scalar = p256PrivateScalar(key);
  return (digest: Uint8Array): Promise<Uint8Array> => {
    try {
      return Promise.resolve(new Uint8Array(encodeDerSignature(signDigestP256(scalar, digest))));
    } catch (error: unknown) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

/** Extracts the private scalar d of a P-256 key; throws for any other kind of key. */
function p256PrivateScalar(key: KeyObject): bigint {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ec') {
    throw new Error(`Expected an EC private key, got a ${key.type} ${key.asymmetricKeyType ?? ''} key`);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== 'prime256v1') {
    throw new Error(`Expected a P-256 (prime256v1) key, got curve ${curve ?? 'unknown'}`);
  }
  const { d } = key.export({ format: 'jwk' });
  if (d === undefined) {
    throw new Error('Private key has no private scalar');
  }
  return bytesToBigInt(Buffer.from(d, 'base64url'));
}

/**
 * Returns a message signer (use with hash mode `none`, fabric-gateway's `hash.none`): it hashes and
 * signs with Node's native ECDSA, many times faster than signing a digest in JavaScript, and returns
 * low-S DER as Fabric peers require.
 */
export function newMessageSigner(key: KeyObject): Signer {
  p256PrivateScalar(key);
  return (message: Uint8Array): Promise<Uint8Array> => {
    try {
      const der = sign('sha256', message, key);
      return Promise.resolve(new Uint8Array(encodeDerSignature(normalizeLowS(decodeDerSignature(der)))));
    } catch (error: unknown) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
}
