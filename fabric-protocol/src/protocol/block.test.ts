import { common } from '@hyperledger/fabric-protos';
import { createHash } from 'node:crypto';
import { toHex } from './bytes';
import {
  blockDataHash,
  blockHeaderBytes,
  blockHeaderHash,
  encodeBlock,
  getTransactionsFilter,
  newBlock,
  setTransactionsFilter,
  verifyBlockChain,
} from './block';
import { derInteger } from './der';

const sha256hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const filled = (byte: number, length = 32): Uint8Array => new Uint8Array(length).fill(byte);

describe('DER INTEGER', () => {
  it.each([
    [0n, '020100'],
    [1n, '020101'],
    [127n, '02017f'],
    [128n, '02020080'],
    [255n, '020200ff'],
    [256n, '02020100'],
    [2n ** 40n, '020601' + '00'.repeat(5)],
    [2n ** 63n, '020900' + '80' + '00'.repeat(7)],
    [2n ** 64n - 1n, '020900ffffffffffffffff'],
    [-1n, '0201ff'],
    [-128n, '020180'],
    [-129n, '0202ff7f'],
    [-256n, '0202ff00'],
  ])('encodes %p minimally', (value, hex) => {
    expect(toHex(derInteger(value))).toBe(hex);
  });
});

describe('blockHeaderHash (known answers, hand-assembled DER)', () => {
  it('number 1 with 32-byte hashes', () => {
    const previousHash = filled(0x11);
    const dataHash = filled(0x22);
    const der = Buffer.concat([
      Buffer.from([0x30, 0x47]), // SEQUENCE, 71 bytes
      Buffer.from([0x02, 0x01, 0x01]), // INTEGER 1
      Buffer.from([0x04, 0x20]),
      previousHash,
      Buffer.from([0x04, 0x20]),
      dataHash,
    ]);
    const header = new common.BlockHeader();
    header.setNumber(1);
    header.setPreviousHash(previousHash);
    header.setDataHash(dataHash);
    expect(toHex(blockHeaderBytes(header))).toBe(der.toString('hex'));
    expect(toHex(blockHeaderHash(header))).toBe(sha256hex(der));
    expect(toHex(blockHeaderHash({ number: 1n, previousHash, dataHash }))).toBe(sha256hex(der));
  });

  it('number 0 with an empty previous hash (genesis)', () => {
    const dataHash = filled(0xab);
    const der = Buffer.concat([Buffer.from([0x30, 0x27, 0x02, 0x01, 0x00, 0x04, 0x00, 0x04, 0x20]), dataHash]);
    expect(toHex(blockHeaderHash({ number: 0n, previousHash: new Uint8Array(0), dataHash }))).toBe(sha256hex(der));
  });

  it('number 2^40', () => {
    const previousHash = filled(0x01);
    const dataHash = filled(0x02);
    const der = Buffer.concat([
      Buffer.from([0x30, 0x4c, 0x02, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x20]),
      previousHash,
      Buffer.from([0x04, 0x20]),
      dataHash,
    ]);
    const header = new common.BlockHeader();
    header.setNumber(2 ** 40);
    header.setPreviousHash(previousHash);
    header.setDataHash(dataHash);
    expect(toHex(blockHeaderHash(header))).toBe(sha256hex(der));
  });

  it('uses long-form lengths past 127 content bytes', () => {
    const previousHash = filled(0x05, 100);
    const dataHash = filled(0x06, 32);
    const der = Buffer.concat([
      Buffer.from([0x30, 0x81, 0x8b, 0x02, 0x01, 0x07, 0x04, 0x64]),
      previousHash,
      Buffer.from([0x04, 0x20]),
      dataHash,
    ]);
    expect(toHex(blockHeaderBytes({ number: 7n, previousHash, dataHash }))).toBe(der.toString('hex'));
  });
});

describe('blocks', () => {
  const envelopes = [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5), Uint8Array.of(6)];

  it('hashes data as SHA-256 of the concatenated entries', () => {
    expect(toHex(blockDataHash(envelopes))).toBe(sha256hex(Uint8Array.of(1, 2, 3, 4, 5, 6)));
    expect(toHex(blockDataHash([]))).toBe(sha256hex(new Uint8Array(0)));
  });

  it('builds a block with header, data and five empty metadata slots', () => {
    const block = newBlock(5n, filled(0x09), envelopes);
    const decoded = common.Block.deserializeBinary(block.serializeBinary());
    expect(decoded.getHeader()?.getNumber()).toBe(5);
    expect(toHex(decoded.getHeader()!.getPreviousHash_asU8())).toBe(toHex(filled(0x09)));
    expect(toHex(decoded.getHeader()!.getDataHash_asU8())).toBe(toHex(blockDataHash(envelopes)));
    expect(decoded.getData()?.getDataList_asU8()).toHaveLength(3);
    expect(
      decoded
        .getMetadata()
        ?.getMetadataList_asU8()
        .map((m) => m.length),
    ).toEqual([0, 0, 0, 0, 0]);
  });

  it('writes the transactions filter into metadata slot 2', () => {
    const block = newBlock(1n, filled(0), envelopes);
    setTransactionsFilter(block, [0, 11, 254]);
    const decoded = common.Block.deserializeBinary(block.serializeBinary());
    expect([...decoded.getMetadata()!.getMetadataList_asU8()[2]!]).toEqual([0, 11, 254]);
    expect([...getTransactionsFilter(decoded)]).toEqual([0, 11, 254]);
    expect(() => {
      setTransactionsFilter(block, [0]);
    }).toThrow(RangeError);
    expect(() => {
      setTransactionsFilter(block, [0, 1, 256]);
    }).toThrow(RangeError);
  });
});

describe('verifyBlockChain', () => {
  function chain(length: number): common.Block[] {
    const blocks: common.Block[] = [];
    let previousHash: Uint8Array = new Uint8Array(0);
    for (let n = 0; n < length; n++) {
      const block = newBlock(BigInt(n), previousHash, [Uint8Array.of(n, 1), Uint8Array.of(n, 2)]);
      previousHash = blockHeaderHash(block.getHeader()!);
      blocks.push(block);
    }
    return blocks;
  }

  it('accepts a well-formed chain', () => {
    expect(verifyBlockChain(chain(4))).toEqual({ ok: true });
    expect(verifyBlockChain([])).toEqual({ ok: true });
  });

  it('detects a tampered envelope through the data hash', () => {
    const blocks = chain(4);
    const data = blocks[2]!.getData()!;
    const entries = data.getDataList_asU8().map((e) => Uint8Array.from(e));
    entries[1]![0] = 99;
    data.setDataList(entries);
    expect(verifyBlockChain(blocks)).toEqual({
      ok: false,
      blockNumber: 2n,
      reason: 'data hash does not match block data',
    });
  });

  it('detects a broken previousHash link', () => {
    const blocks = chain(4);
    blocks[3]!.getHeader()!.setPreviousHash(filled(0x42));
    const result = verifyBlockChain(blocks);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ blockNumber: 3n });
  });

  it('detects a rewritten block through its successor link', () => {
    const blocks = chain(3);
    const forged = newBlock(1n, blockHeaderHash(blocks[0]!.getHeader()!), [Uint8Array.of(7)]);
    const result = verifyBlockChain([blocks[0]!, forged, blocks[2]!]);
    expect(result).toMatchObject({ ok: false, blockNumber: 2n });
  });

  it('detects a gap in block numbers', () => {
    const blocks = chain(3);
    expect(verifyBlockChain([blocks[0]!, blocks[2]!])).toMatchObject({ ok: false, blockNumber: 2n });
  });
});

describe('encodeBlock', () => {
  it('is byte-identical to google-protobuf serialization of the same block', () => {
    const envelopes = [Uint8Array.of(1, 2, 3), new Uint8Array(0), Buffer.alloc(300, 7)];
    for (const number of [0n, 1n, 300n, 2n ** 40n]) {
      const block = newBlock(number, Buffer.alloc(32, 9), envelopes);
      setTransactionsFilter(block, [0, 11, 12]);
      const header = { number, previousHash: Buffer.alloc(32, 9), dataHash: blockDataHash(envelopes) };
      const metadata = block.getMetadata()!.getMetadataList_asU8();
      expect(Buffer.from(encodeBlock(header, envelopes, metadata))).toEqual(Buffer.from(block.serializeBinary()));
    }
  });
});
