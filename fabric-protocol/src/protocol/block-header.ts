/**
 * Fabric's block header bytes, with no dependency beyond the DER encoder: the peer, devnet and the explorer
 * in the browser (which bundles this module) compute them with the same code.
 */
import { derInteger, derOctetString, derSequence } from './der';

/** The header fields that are hashed, with the block number as a bigint. */
export interface BlockHeaderFields {
  readonly number: bigint;
  readonly previousHash: Uint8Array;
  readonly dataHash: Uint8Array;
}

/**
 * Fabric's BlockHeaderBytes (protoutil.BlockHeaderBytes): ASN.1 DER of SEQUENCE { INTEGER number,
 * OCTET STRING previousHash, OCTET STRING dataHash }. Its SHA-256 is the block's hash, and the next block's
 * previousHash.
 */
export function headerFieldsToBytes(fields: BlockHeaderFields): Uint8Array {
  return derSequence(derInteger(fields.number), derOctetString(fields.previousHash), derOctetString(fields.dataHash));
}
