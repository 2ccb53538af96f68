/**
 * ECDSA P-256 primitives Node's crypto lacks: signing a pre-computed digest, DER signature coding and low-S form.
 *
 * `crypto.sign(null, digest, ecKey)` hashes its input again with SHA-256, so it cannot sign a digest. Here the
 * nonce comes from RFC 6979 (deterministic, HMAC-SHA256), the point k·G from Node's native ECDH, and the rest is
 * BigInt arithmetic modulo the group order. Not constant-time: fine for a development ledger, not for production keys.
 */
import { createECDH, createHmac } from 'node:crypto';

/** Order n of the P-256 base point. */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** n/2: Fabric accepts only signatures with s ≤ n/2 ("low-S"). */
export const P256_HALF_ORDER = P256_ORDER >> 1n;

const SCALAR_BYTES = 32;

/** The two integers of an ECDSA signature. */
export interface EcdsaSignature {
  readonly r: bigint;
  readonly s: bigint;
}

/** Big-endian unsigned bytes to an integer. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** An integer to exactly `length` big-endian unsigned bytes. */
export function bigIntToBytes(value: bigint, length: number): Buffer {
  if (value < 0n) {
    throw new RangeError('Negative integers have no unsigned encoding');
  }
  const hex = value.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) {
    throw new RangeError(`Integer does not fit in ${length} bytes`);
  }
  return Buffer.from(hex, 'hex');
}

/** Decodes a DER `SEQUENCE { INTEGER r, INTEGER s }`; throws on anything else (including trailing bytes). */
export function decodeDerSignature(der: Uint8Array): EcdsaSignature {
  const reader = new DerReader(der);
  const body = reader.read(0x30);
  reader.assertDone();
  const inner = new DerReader(body);
  const r = decodeDerInteger(inner.read(0x02));
  const s = decodeDerInteger(inner.read(0x02));
  inner.assertDone();
  return { r, s };
}

/** Encodes r and s as a DER `SEQUENCE { INTEGER r, INTEGER s }`. */
export function encodeDerSignature(signature: EcdsaSignature): Buffer {
  const body = Buffer.concat([encodeDerInteger(signature.r), encodeDerInteger(signature.s)]);
  return Buffer.concat([Buffer.from([0x30]), encodeDerLength(body.length), body]);
}

/** True when s ≤ n/2. */
export function isLowS(signature: EcdsaSignature): boolean {
  return signature.s <= P256_HALF_ORDER;
}

/** Returns the low-S form of a signature (s replaced by n − s when s > n/2); both forms verify. */
export function normalizeLowS(signature: EcdsaSignature): EcdsaSignature {
  return isLowS(signature) ? signature : { r: signature.r, s: P256_ORDER - signature.s };
}

/**
 * Signs a message digest with a P-256 private scalar, returning a low-S signature.
 * Deterministic: the nonce follows RFC 6979 with HMAC-SHA256.
 */
export function signDigestP256(privateScalar: bigint, digest: Uint8Array): EcdsaSignature {
  if (privateScalar <= 0n || privateScalar >= P256_ORDER) {
    throw new RangeError('Private scalar is out of range for P-256');
  }
  if (digest.length === 0) {
    throw new RangeError('Cannot sign an empty digest');
  }
  const z = digestToInteger(digest);
  const ecdh = createECDH('prime256v1');
  for (const k of rfc6979Nonces(privateScalar, z)) {
    ecdh.setPrivateKey(bigIntToBytes(k, SCALAR_BYTES));
    const point = ecdh.getPublicKey(null, 'uncompressed'); // 0x04 || X || Y
    const r = bytesToBigInt(point.subarray(1, 1 + SCALAR_BYTES)) % P256_ORDER;
    if (r === 0n) {
      continue;
    }
    const s = (modInverse(k, P256_ORDER) * ((z + r * privateScalar) % P256_ORDER)) % P256_ORDER;
    if (s === 0n) {
      continue;
    }
    return normalizeLowS({ r, s });
  }
  throw new Error('unreachable: RFC 6979 yields nonces forever');
}

/** bits2int of SEC 1 / RFC 6979: the leftmost 256 bits of the digest as an integer. */
function digestToInteger(digest: Uint8Array): bigint {
  return bytesToBigInt(digest.subarray(0, SCALAR_BYTES));
}

/** RFC 6979 §3.2 candidate nonces for HMAC-SHA256 and a 256-bit group order. */
function* rfc6979Nonces(privateScalar: bigint, z: bigint): Generator<bigint, never> {
  const hmac = (key: Buffer, ...parts: Buffer[]): Buffer => {
    const mac = createHmac('sha256', key);
    for (const part of parts) {
      mac.update(part);
    }
    return mac.digest();
  };
  const x = bigIntToBytes(privateScalar, SCALAR_BYTES);
  const h = bigIntToBytes(z % P256_ORDER, SCALAR_BYTES);
  let v: Buffer = Buffer.alloc(SCALAR_BYTES, 0x01);
  let k: Buffer = Buffer.alloc(SCALAR_BYTES, 0x00);
  k = hmac(k, v, Buffer.from([0x00]), x, h);
  v = hmac(k, v);
  k = hmac(k, v, Buffer.from([0x01]), x, h);
  v = hmac(k, v);
  for (;;) {
    v = hmac(k, v);
    const candidate = bytesToBigInt(v);
    if (candidate > 0n && candidate < P256_ORDER) {
      yield candidate;
    }
    k = hmac(k, v, Buffer.from([0x00]));
    v = hmac(k, v);
  }
}

/** Modular inverse by the extended Euclidean algorithm; `modulus` must be prime and `value` non-zero. */
function modInverse(value: bigint, modulus: bigint): bigint {
  let [oldR, r] = [((value % modulus) + modulus) % modulus, modulus];
  let [oldT, t] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldT, t] = [t, oldT - quotient * t];
  }
  if (oldR !== 1n) {
    throw new RangeError('Value has no modular inverse');
  }
  return ((oldT % modulus) + modulus) % modulus;
}

function encodeDerLength(length: number): Buffer {
  if (length < 0x80) {
    return Buffer.from([length]);
  }
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function encodeDerInteger(value: bigint): Buffer {
  if (value < 0n) {
    throw new RangeError('ECDSA signature integers are never negative');
  }
  let hex = value.toString(16);
  if (hex.length % 2 === 1) {
    hex = `0${hex}`;
  }
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) {
    bytes = Buffer.concat([Buffer.from([0x00]), bytes]);
  }
  return Buffer.concat([Buffer.from([0x02]), encodeDerLength(bytes.length), bytes]);
}

function decodeDerInteger(bytes: Uint8Array): bigint {
  const first = bytes[0];
  if (first === undefined) {
    throw new Error('Malformed DER signature: empty INTEGER');
  }
  if (first & 0x80) {
    throw new Error('Malformed DER signature: negative INTEGER');
  }
  if (first === 0 && bytes.length > 1 && ((bytes[1] ?? 0) & 0x80) === 0) {
    throw new Error('Malformed DER signature: INTEGER is not minimally encoded');
  }
  return bytesToBigInt(bytes);
}

/** Reads consecutive DER TLVs from a buffer. */
class DerReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Reads one TLV with the expected tag and returns its value. */
  read(tag: number): Uint8Array {
    const actualTag = this.byte();
    if (actualTag !== tag) {
      throw new Error(`Malformed DER signature: expected tag 0x${tag.toString(16)}, got 0x${actualTag.toString(16)}`);
    }
    let length = this.byte();
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 2) {
        throw new Error('Malformed DER signature: unsupported length encoding');
      }
      length = 0;
      for (let i = 0; i < count; i++) {
        length = length * 256 + this.byte();
      }
      if (length < 0x80) {
        throw new Error('Malformed DER signature: length is not minimally encoded');
      }
    }
    if (this.offset + length > this.bytes.length) {
      throw new Error('Malformed DER signature: truncated');
    }
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  /** Throws unless every byte has been read. */
  assertDone(): void {
    if (this.offset !== this.bytes.length) {
      throw new Error('Malformed DER signature: trailing bytes');
    }
  }

  private byte(): number {
    const value = this.bytes[this.offset];
    if (value === undefined) {
      throw new Error('Malformed DER signature: truncated');
    }
    this.offset += 1;
    return value;
  }
}
