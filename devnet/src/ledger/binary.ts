/** A tiny length-prefixed binary writer/reader for the ledger's own on-disk records. */

export class BinaryWriter {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  u8(v: number): this {
    return this.#push(Uint8Array.of(v));
  }

  u32(v: number): this {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(v);
    return this.#push(b);
  }

  u64(v: bigint): this {
    const b = Buffer.allocUnsafe(8);
    b.writeBigUInt64BE(v);
    return this.#push(b);
  }

  bytes(v: Uint8Array): this {
    this.u32(v.length);
    return this.#push(v);
  }

  string(v: string): this {
    return this.bytes(Buffer.from(v, 'utf8'));
  }

  finish(): Uint8Array {
    return Buffer.concat(this.#chunks, this.#length);
  }

  #push(b: Uint8Array): this {
    this.#chunks.push(b);
    this.#length += b.length;
    return this;
  }
}

export class BinaryReader {
  readonly #buf: Buffer;
  #offset = 0;

  constructor(bytes: Uint8Array) {
    this.#buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u8(): number {
    const v = this.#buf.readUInt8(this.#offset);
    this.#offset += 1;
    return v;
  }

  u32(): number {
    const v = this.#buf.readUInt32BE(this.#offset);
    this.#offset += 4;
    return v;
  }

  u64(): bigint {
    const v = this.#buf.readBigUInt64BE(this.#offset);
    this.#offset += 8;
    return v;
  }

  bytes(): Uint8Array {
    const n = this.u32();
    if (this.#offset + n > this.#buf.length) throw new RangeError('truncated ledger record');
    const v = this.#buf.subarray(this.#offset, this.#offset + n);
    this.#offset += n;
    return v;
  }

  string(): string {
    return Buffer.from(this.bytes()).toString('utf8');
  }
}
