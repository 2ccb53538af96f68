/**
 * Minimal protobuf wire-format writer for messages whose fields are already-serialized bytes.
 * Used where re-encoding through google-protobuf would only copy bytes we already hold.
 */

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

/** One length-delimited field (wire type 2): tag, length, bytes. */
export interface BytesField {
  readonly fieldNumber: number;
  readonly bytes: Uint8Array;
  /** Emit the field even when empty (an embedded message that is set); proto3 omits empty bytes otherwise. */
  readonly always?: boolean;
}

/** Serializes a message made only of length-delimited fields, in the order given. */
export function encodeBytesFields(fields: readonly BytesField[]): Uint8Array {
  const prefixes: number[][] = [];
  let total = 0;
  for (const field of fields) {
    if (field.bytes.byteLength === 0 && field.always !== true) {
      prefixes.push([]);
      continue;
    }
    const prefix = [...varint(field.fieldNumber * 8 + 2), ...varint(field.bytes.byteLength)];
    prefixes.push(prefix);
    total += prefix.length + field.bytes.byteLength;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  fields.forEach((field, index) => {
    const prefix = prefixes[index] ?? [];
    if (prefix.length === 0) {
      return;
    }
    out.set(prefix, offset);
    offset += prefix.length;
    out.set(field.bytes, offset);
    offset += field.bytes.byteLength;
  });
  return out;
}

/** Serializes a uint64 varint field (wire type 0); proto3 omits zero. */
export function encodeVarintField(fieldNumber: number, value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const out = [fieldNumber * 8];
  let rest = value;
  while (rest > 0x7fn) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return Uint8Array.from(out);
}
