/**
 * A tiny ASN.1 DER encoder: just what Fabric's block header hash and ECDSA signatures need. Plain
 * `Uint8Array`s and no Node built-ins, so that the explorer's browser bundle hashes block headers with this
 * very code.
 */

const TAG_INTEGER = 0x02;
const TAG_OCTET_STRING = 0x04;
const TAG_SEQUENCE = 0x30;

function lengthBytes(length: number): number[] {
  if (length < 0x80) {
    return [length];
  }
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest & 0xff);
  }
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, contents: Uint8Array): Uint8Array {
  const header = [tag, ...lengthBytes(contents.byteLength)];
  const out = new Uint8Array(header.length + contents.byteLength);
  out.set(header, 0);
  out.set(contents, header.length);
  return out;
}

function hexToBytes(hex: string): Uint8Array {
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  const out = new Uint8Array(even.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(even.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Minimal big-endian two's-complement contents of an INTEGER (X.690 8.3). */
function integerContents(value: bigint): Uint8Array {
  if (value >= 0n) return unsignedContents(hexToBytes(value.toString(16)));
  let size = 1;
  while (value < -(1n << BigInt(size * 8 - 1))) {
    size += 1;
  }
  const twosComplement = (1n << BigInt(size * 8)) + value;
  return hexToBytes(twosComplement.toString(16).padStart(size * 2, '0'));
}

/**
 * Minimal contents of a non-negative INTEGER from its big-endian magnitude: leading zero octets dropped
 * (one kept for zero), and a zero octet put back before a set top bit, which would read as negative.
 */
function unsignedContents(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.byteLength - 1 && magnitude[start] === 0) start++;
  const minimal = magnitude.byteLength === 0 ? Uint8Array.of(0) : magnitude.subarray(start);
  return (minimal[0] ?? 0) & 0x80 ? Uint8Array.of(0, ...minimal) : minimal;
}

/** DER INTEGER of an unsigned big-endian magnitude. */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  return tlv(TAG_INTEGER, unsignedContents(magnitude));
}

/** DER INTEGER. */
export function derInteger(value: bigint): Uint8Array {
  return tlv(TAG_INTEGER, integerContents(value));
}

/** DER OCTET STRING. */
export function derOctetString(bytes: Uint8Array): Uint8Array {
  return tlv(TAG_OCTET_STRING, bytes);
}

/** DER SEQUENCE of already-encoded elements. */
export function derSequence(...elements: readonly Uint8Array[]): Uint8Array {
  const contents = new Uint8Array(elements.reduce((n, e) => n + e.byteLength, 0));
  let at = 0;
  for (const element of elements) {
    contents.set(element, at);
    at += element.byteLength;
  }
  return tlv(TAG_SEQUENCE, contents);
}
