/** Decoding blocks (devnet's own or a Fabric peer's) into plain, display-ready records. */
import { common } from '@hyperledger/fabric-protos';
import { toHex } from './bytes';
import { blockHeaderHash, getTransactionsFilter } from './block';
import { TxValidationCode } from './codes';
import { decodeTransactionEnvelope, type DecodedTransaction } from './decode-transaction';
import { MalformedMessageError } from './errors';

/** A decoded block; hashes are lower-case hex. */
export interface DecodedBlock {
  readonly number: bigint;
  /** Header hash (what the next block's previousHash must equal). */
  readonly hash: string;
  readonly previousHash: string;
  readonly dataHash: string;
  readonly transactions: readonly DecodedTransaction[];
}

/**
 * Decodes a block and every transaction in it. Validation codes come from the transactions filter
 * (NOT_VALIDATED where the block has none, e.g. straight from the orderer). Throws
 * {@link MalformedMessageError} only when the block itself (not a transaction) is undecodable.
 */
export function decodeBlock(block: common.Block | Uint8Array): DecodedBlock {
  let message: common.Block;
  try {
    message = block instanceof Uint8Array ? common.Block.deserializeBinary(block) : block;
  } catch (err) {
    throw new MalformedMessageError(`Malformed block: ${err instanceof Error ? err.message : String(err)}`);
  }
  const header = message.getHeader();
  if (header === undefined) {
    throw new MalformedMessageError('Block has no header');
  }
  const filter = getTransactionsFilter(message);
  const envelopes = message.getData()?.getDataList_asU8() ?? [];
  return {
    number: BigInt(header.getNumber()),
    hash: toHex(blockHeaderHash(header)),
    previousHash: toHex(header.getPreviousHash_asU8()),
    dataHash: toHex(header.getDataHash_asU8()),
    transactions: envelopes.map((envelope, index) =>
      decodeTransactionEnvelope(envelope, filter[index] ?? TxValidationCode.NOT_VALIDATED),
    ),
  };
}
