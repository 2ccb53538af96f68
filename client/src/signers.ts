import { p256 } from '@noble/curves/nist';

/**
 * What a device signs at each step of an offline-signed flow: the message Fabric checks the signature
 * against (a proposal's bytes, a transaction's payload) and its SHA-256 digest. The client takes the
 * message out of the bytes the gateway handed out and hashes it itself; a digest the gateway stated that
 * differs is refused before any signer sees it.
 */
export interface SigningRequest {
  readonly message: Uint8Array;
  /** SHA-256 of `message`. */
  readonly digest: Uint8Array;
}

/**
 * Signs for a self-custody identity: ECDSA P-256 with SHA-256 over the message, answered DER-encoded in
 * low-S form, which is what a Fabric peer (and the gateway's check) accepts. Implement it to sign with a
 * hardware token or a remote device; the client's own signers are `newWebCryptoSigner` (a WebCrypto
 * `CryptoKey`, browsers and Node), `newPrivateKeySigner` (a raw P-256 scalar) and, from
 * `@allianceledger/client/node`, `newPemSigner` and `loadPemSigner`.
 */
export interface Signer {
  /** The DER, low-S ECDSA P-256 signature of `request.message` (equivalently, of its SHA-256 digest). */
  sign(request: Readonly<SigningRequest>): Promise<Uint8Array>;
}

const P256_ORDER_BYTES = 32;

/**
 * A signer over a WebCrypto ECDSA P-256 private key, such as one from `crypto.subtle.generateKey` or kept in
 * IndexedDB; the key may be non-extractable. WebCrypto cannot sign a digest it did not compute, so this
 * signer signs the message (`crypto.subtle.sign` with SHA-256 hashes it: the same digest), then turns the
 * IEEE P1363 `r‖s` WebCrypto answers into DER with s in the low half of the curve order (@noble/curves),
 * since WebCrypto produces high-S signatures half of the time and Fabric refuses those.
 *
 * @example
 * ```ts
 * const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
 * const signer = newWebCryptoSigner(privateKey);
 * ```
 */
export function newWebCryptoSigner(privateKey: CryptoKey, subtle: SubtleCrypto = globalThis.crypto.subtle): Signer {
  const algorithm = privateKey.algorithm as Partial<EcKeyAlgorithm>;
  if (privateKey.type !== 'private' || algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256') {
    throw new TypeError(
      `expected an ECDSA P-256 private key, got a ${privateKey.type} ${algorithm.name ?? '?'} ${algorithm.namedCurve ?? ''} key`,
    );
  }
  if (!privateKey.usages.includes('sign')) throw new TypeError("the key's usages do not include 'sign'");
  return {
    async sign({ message }): Promise<Uint8Array> {
      const compact = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, Uint8Array.from(message));
      return lowSDer(new Uint8Array(compact));
    },
  };
}

/**
 * A signer over a raw P-256 private scalar (32 bytes, big-endian): it signs the digest as a prehash with
 * @noble/curves (RFC 6979 deterministic nonces, low-S), in any JavaScript runtime. Node callers holding a
 * PEM key use `newPemSigner` from `@allianceledger/client/node`.
 */
export function newPrivateKeySigner(privateScalar: Uint8Array): Signer {
  if (privateScalar.length !== P256_ORDER_BYTES || !p256.utils.isValidSecretKey(privateScalar)) {
    throw new TypeError('expected a P-256 private key: 32 bytes, 0 < d < n');
  }
  const scalar = Uint8Array.from(privateScalar);
  return {
    sign({ digest }): Promise<Uint8Array> {
      if (digest.length !== 32) return Promise.reject(new TypeError('expected a SHA-256 digest (32 bytes)'));
      return Promise.resolve(p256.sign(digest, scalar, { prehash: false, lowS: true }).toBytes('der'));
    },
  };
}

/** An IEEE P1363 (`r‖s`) P-256 signature as DER, with s normalised into the low half of the curve order. */
export function lowSDer(compact: Uint8Array): Uint8Array {
  const signature = p256.Signature.fromBytes(compact, 'compact');
  const low = signature.hasHighS() ? new p256.Signature(signature.r, P256_ORDER - signature.s) : signature;
  return low.toBytes('der');
}

/** The order of P-256's base point: (r, s) and (r, n − s) verify alike. */
const P256_ORDER = p256.Point.CURVE().n;

/** Whether a DER ECDSA P-256 signature is well formed and low-S (what the gateway accepts). */
export function isLowSDer(der: Uint8Array): boolean {
  try {
    return !p256.Signature.fromBytes(der, 'der').hasHighS();
  } catch {
    return false;
  }
}
