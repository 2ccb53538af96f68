import { sign, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist';
import type { Signer } from './identity';

/**
 * ECDSA P-256 signers as Fabric wants them: DER signatures in low-S form (a peer refuses high-S ones).
 * Hashing and signing a whole message is Node's native ECDSA; signing a given digest, which Node cannot do
 * without hashing it again, is @noble/curves' (RFC 6979, audited). The high-S to low-S step is noble's too.
 */

/**
 * A Fabric `Signer` over a SHA-256 digest (fabric-gateway's default hash mode): it signs the digest as
 * is, with no second hash.
 */
export function newPrivateKeySigner(key: KeyObject): Signer {
  const scalar = p256PrivateScalar(key);
  return (digest: Uint8Array): Promise<Uint8Array> => {
    try {
      if (digest.length === 0) throw new Error('cannot sign an empty digest');
      return Promise.resolve(p256.sign(digest, scalar, { lowS: true, prehash: false }).toBytes('der'));
    } catch (error: unknown) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

/**
 * A message signer (use with hash mode `none`, fabric-gateway's `hash.none`): it hashes and signs with
 * Node's native ECDSA, many times faster than signing a digest in JavaScript.
 */
export function newMessageSigner(key: KeyObject): Signer {
  p256PrivateScalar(key);
  return (message: Uint8Array): Promise<Uint8Array> => {
    try {
      const compact = sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
      return Promise.resolve(lowSDer(compact));
    } catch (error: unknown) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

/** The order of P-256's base point: a signature (r, s) and (r, n − s) verify alike. */
const P256_ORDER = p256.Point.CURVE().n;

/** A P1363 (r ‖ s) signature as DER, with s normalised to the low half of the curve order. */
function lowSDer(compact: Uint8Array): Uint8Array {
  const signature = p256.Signature.fromBytes(compact, 'compact');
  const low = signature.hasHighS() ? new p256.Signature(signature.r, P256_ORDER - signature.s) : signature;
  return low.toBytes('der');
}

/** Whether a DER ECDSA P-256 signature is well formed and in low-S form; false for anything malformed. */
export function isLowSDerSignature(der: Uint8Array): boolean {
  try {
    return !p256.Signature.fromBytes(der, 'der').hasHighS();
  } catch {
    return false;
  }
}

/** The private scalar of a P-256 key, as bytes; throws for any other kind of key. */
function p256PrivateScalar(key: KeyObject): Uint8Array {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ec') {
    throw new Error(`Expected an EC private key, got a ${key.type} ${key.asymmetricKeyType ?? ''} key`);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== 'prime256v1') {
    throw new Error(`Expected a P-256 (prime256v1) key, got curve ${curve ?? 'unknown'}`);
  }
  const { d } = key.export({ format: 'jwk' });
  if (d === undefined) throw new Error('Private key has no private scalar');
  return Buffer.from(d, 'base64url');
}
