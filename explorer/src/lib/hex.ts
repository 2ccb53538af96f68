/** Lower-case hex of bytes, and back (an odd or non-hex string is refused). */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** SHA-256 with the browser's Web Crypto (Node's too, in tests). */
export async function sha256Hex(data: Uint8Array | ArrayBuffer): Promise<string> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  // A copy into a plain ArrayBuffer: Web Crypto takes no view onto a shared or larger buffer.
  const digest = await crypto.subtle.digest('SHA-256', bytes.slice().buffer);
  return toHex(new Uint8Array(digest));
}
