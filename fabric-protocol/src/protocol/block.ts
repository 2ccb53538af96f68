/** Fabric blocks: construction, transaction filter, header and data hashes, chain verification. */
import { common } from '@hyperledger/fabric-protos';
import { encodeBytesFields, encodeVarintField } from './pb-wire';
import { createHash } from 'node:crypto';
import { bytesEqual, EMPTY_BYTES, sha256 } from './bytes';
import { headerFieldsToBytes, type BlockHeaderFields } from './block-header';

/** Number of block metadata slots (common.BlockMetadataIndex: SIGNATURES … COMMIT_HASH). */
export const BLOCK_METADATA_SLOTS = 5;

export type { BlockHeaderFields };

/** Fabric's BlockDataHash (protoutil.ComputeBlockDataHash): SHA-256 over the concatenated data entries. */
export function blockDataHash(data: common.BlockData | readonly Uint8Array[]): Uint8Array {
  const entries = data instanceof common.BlockData ? data.getDataList_asU8() : data;
  const hash = createHash('sha256');
  for (const entry of entries) {
    hash.update(entry);
  }
  return hash.digest();
}

function headerFields(header: common.BlockHeader | BlockHeaderFields): BlockHeaderFields {
  if (header instanceof common.BlockHeader) {
    return {
      number: BigInt(header.getNumber()),
      previousHash: header.getPreviousHash_asU8(),
      dataHash: header.getDataHash_asU8(),
    };
  }
  return header;
}

/**
 * Fabric's BlockHeaderBytes: ASN.1 DER of SEQUENCE { INTEGER number, OCTET STRING previousHash,
 * OCTET STRING dataHash }.
 */
export function blockHeaderBytes(header: common.BlockHeader | BlockHeaderFields): Uint8Array {
  return headerFieldsToBytes(headerFields(header));
}

/** Fabric's BlockHeaderHash: SHA-256 of {@link blockHeaderBytes}; the next block's previousHash. */
export function blockHeaderHash(header: common.BlockHeader | BlockHeaderFields): Uint8Array {
  return sha256(blockHeaderBytes(header));
}

/**
 * Builds a block as Fabric's protoutil.NewBlock plus its data: header {number, previousHash, dataHash},
 * the envelopes as data, and five empty metadata slots.
 */
export function newBlock(number: bigint, previousHash: Uint8Array, envelopes: readonly Uint8Array[]): common.Block {
  const data = new common.BlockData();
  data.setDataList([...envelopes]);
  const header = new common.BlockHeader();
  header.setNumber(Number(number));
  header.setPreviousHash(previousHash);
  header.setDataHash(blockDataHash(envelopes));
  const metadata = new common.BlockMetadata();
  metadata.setMetadataList(Array.from({ length: BLOCK_METADATA_SLOTS }, () => EMPTY_BYTES));
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}

/**
 * Serializes a whole block straight to protobuf bytes, byte-identical to `common.Block.serializeBinary()`
 * of the same block, without building google-protobuf objects for data the committer already holds.
 */
export function encodeBlock(
  header: BlockHeaderFields,
  envelopes: readonly Uint8Array[],
  metadata: readonly Uint8Array[],
): Uint8Array {
  const headerBytes = Buffer.concat([
    encodeVarintField(1, header.number),
    encodeBytesFields([
      { fieldNumber: 2, bytes: header.previousHash },
      { fieldNumber: 3, bytes: header.dataHash },
    ]),
  ]);
  const repeated = (items: readonly Uint8Array[]): Uint8Array =>
    encodeBytesFields(items.map((bytes) => ({ fieldNumber: 1, bytes, always: true })));
  return encodeBytesFields([
    { fieldNumber: 1, bytes: headerBytes, always: true },
    { fieldNumber: 2, bytes: repeated(envelopes), always: true },
    { fieldNumber: 3, bytes: repeated(metadata), always: true },
  ]);
}

/** Writes the transactions filter (one TxValidationCode byte per transaction) into metadata slot 2. */
export function setTransactionsFilter(block: common.Block, codes: readonly number[]): void {
  const count = block.getData()?.getDataList().length ?? 0;
  if (codes.length !== count) {
    throw new RangeError(`Transactions filter has ${codes.length} codes for ${count} transactions`);
  }
  for (const code of codes) {
    if (!Number.isInteger(code) || code < 0 || code > 255) {
      throw new RangeError(`Invalid transaction validation code ${code}`);
    }
  }
  let metadata = block.getMetadata();
  if (metadata === undefined) {
    metadata = new common.BlockMetadata();
    block.setMetadata(metadata);
  }
  const slots = metadata.getMetadataList_asU8();
  while (slots.length < BLOCK_METADATA_SLOTS) {
    slots.push(EMPTY_BYTES);
  }
  slots[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.from(codes);
  metadata.setMetadataList(slots);
}

/** The transactions filter of a block (empty when absent). */
export function getTransactionsFilter(block: common.Block): Uint8Array {
  return block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? EMPTY_BYTES;
}

/** Result of {@link verifyBlockChain}. */
export type BlockChainVerification = { ok: true } | { ok: false; blockNumber: bigint; reason: string };

/**
 * Checks a run of consecutive blocks: each data hash matches the block's data, numbers increase by one,
 * and each previousHash is the header hash of the block before it. The first block's previousHash is
 * taken on trust.
 */
export function verifyBlockChain(blocks: Iterable<common.Block>): BlockChainVerification {
  let previous: BlockHeaderFields | undefined;
  for (const block of blocks) {
    const pbHeader = block.getHeader();
    if (pbHeader === undefined) {
      return { ok: false, blockNumber: previous === undefined ? -1n : previous.number + 1n, reason: 'missing header' };
    }
    const header = headerFields(pbHeader);
    const fail = (reason: string): BlockChainVerification => ({ ok: false, blockNumber: header.number, reason });
    if (!bytesEqual(header.dataHash, blockDataHash(block.getData()?.getDataList_asU8() ?? []))) {
      return fail('data hash does not match block data');
    }
    if (previous !== undefined) {
      if (header.number !== previous.number + 1n) {
        return fail(`expected block number ${previous.number + 1n}`);
      }
      if (!bytesEqual(header.previousHash, blockHeaderHash(previous))) {
        return fail(`previous hash does not match the header hash of block ${previous.number}`);
      }
    }
    previous = header;
  }
  return { ok: true };
}
