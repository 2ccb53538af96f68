/** Byte helpers shared by the protocol codecs. */
import { createHash } from 'node:crypto';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** An empty byte array; never mutate it. */
export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

/** SHA-256 over the concatenation of `parts`, without copying them into one buffer. */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
  }
  return hash.digest();
}

/** Lower-case hexadecimal form of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** True when both arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

/** UTF-8 encoding of `text`. */
export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** UTF-8 decoding of `bytes` (invalid sequences become U+FFFD). */
export function fromUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}
