import { sign, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist';
import { derSequence, derUnsignedInteger } from '../protocol/der';
import type { Signer } from './identity';

/**
 * ECDSA P-256 signers as Fabric wants them: DER signatures in low-S form (a peer refuses high-S ones).
 * Hashing and signing a whole message is Node's native ECDSA; signing a given digest, which Node cannot do
 * without hashing it again, is @noble/curves' (RFC 6979, audited). The high-S to low-S step is a byte comparison and, for a high s, one subtraction.
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
/** n / 2 rounded down, 32 bytes big-endian: s is high when greater (noble's `hasHighS`). */
const HALF_ORDER = Buffer.from((P256_ORDER >> 1n).toString(16).padStart(64, '0'), 'hex');

/**
 * A P1363 (r ‖ s) signature as DER, with s normalised to the low half of the curve order: the bytes
 * noble's `Signature.toBytes('der')` gives, without a round trip through big integers for r (and for s
 * when it is low already, half the time).
 */
export function lowSDer(compact: Uint8Array): Uint8Array {
  if (compact.byteLength !== 64) throw new Error(`expected a 64-byte P-256 signature, got ${compact.byteLength}`);
  const r = compact.subarray(0, 32);
  let s = compact.subarray(32, 64);
  if (Buffer.compare(s, HALF_ORDER) > 0) {
    const low = P256_ORDER - BigInt(`0x${Buffer.from(s).toString('hex')}`);
    s = Buffer.from(low.toString(16).padStart(64, '0'), 'hex');
  }
  return derSequence(derUnsignedInteger(r), derUnsignedInteger(s));
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
