/**
 * The protobuf wire format, written directly where going through google-protobuf's message objects
 * would only copy bytes we already hold (blocks, endorsements) or cost every transaction (read/write sets).
 */

/** A UTF-16 surrogate: a string with one may be encoded differently from Node's UTF-8 (see `jspbUtf8`). */
const SURROGATE = /[\uD800-\uDFFF]/;

export class PbWriter {
  #buf: Buffer;
  #length = 0;

  constructor(capacity = 256) {
    this.#buf = Buffer.allocUnsafe(capacity);
  }

  /** A string field (wire type 2), omitted when empty. */
  string(field: number, value: string): this {
    if (value.length === 0) return this;
    if (SURROGATE.test(value)) return this.bytes(field, jspbUtf8(value));
    const n = Buffer.byteLength(value, 'utf8');
    this.#tag(field, 2);
    this.#varint(n);
    this.#ensure(n);
    this.#length += this.#buf.write(value, this.#length, 'utf8');
    return this;
  }

  /** A bytes field (wire type 2), omitted when empty. */
  bytes(field: number, value: Uint8Array): this {
    return value.byteLength === 0 ? this : this.message(field, value);
  }

  /** An embedded message's bytes (wire type 2), written even when empty (the message is set). */
  message(field: number, value: Uint8Array): this {
    this.#tag(field, 2);
    this.#varint(value.byteLength);
    this.#ensure(value.byteLength);
    this.#buf.set(value, this.#length);
    this.#length += value.byteLength;
    return this;
  }

  /** A bool field (wire type 0), omitted when false. */
  bool(field: number, value: boolean): this {
    if (!value) return this;
    this.#tag(field, 0);
    this.#varint(1);
    return this;
  }

  /** A uint64 (or enum) field (wire type 0) from a non-negative integer, omitted when 0. */
  uint64(field: number, value: number): this {
    if (value === 0) return this;
    this.#tag(field, 0);
    this.#varint(value);
    return this;
  }

  /** The message's bytes, in a buffer of their own. */
  finish(): Uint8Array {
    return new Uint8Array(this.#buf.subarray(0, this.#length));
  }

  #tag(field: number, wireType: number): void {
    this.#varint(field * 8 + wireType);
  }

  #varint(value: number): void {
    this.#ensure(10);
    let rest = value;
    while (rest > 0x7f) {
      this.#buf[this.#length++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.#buf[this.#length++] = rest;
  }

  #ensure(n: number): void {
    if (this.#length + n <= this.#buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#length + n));
    this.#buf.copy(grown, 0, 0, this.#length);
    this.#buf = grown;
  }
}

/**
 * A string as google-protobuf 3.21 encodes it (BinaryEncoder.writeString): UTF-8 for well-formed text;
 * a lone low surrogate, or a high one at the end, as its 3-byte form; a high surrogate followed by
 * anything but a low one is dropped.
 */
export function jspbUtf8(value: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c < 0x80) {
      out.push(c);
    } else if (c < 0x800) {
      out.push((c >> 6) | 0xc0, (c & 0x3f) | 0x80);
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const low = value.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 1024 * (c - 0xd800) + low - 0xdc00 + 0x10000;
        out.push((c >> 18) | 0xf0, ((c >> 12) & 0x3f) | 0x80, ((c >> 6) & 0x3f) | 0x80, (c & 0x3f) | 0x80);
        i++;
      }
    } else {
      out.push((c >> 12) | 0xe0, ((c >> 6) & 0x3f) | 0x80, (c & 0x3f) | 0x80);
    }
  }
  return Uint8Array.from(out);
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
  const w = new PbWriter(fields.reduce((n, f) => n + f.bytes.byteLength + 12, 0));
  for (const field of fields) {
    if (field.always === true) w.message(field.fieldNumber, field.bytes);
    else w.bytes(field.fieldNumber, field.bytes);
  }
  return w.finish();
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
