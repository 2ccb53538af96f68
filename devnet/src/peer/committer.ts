import { common, peer } from '@hyperledger/fabric-protos';
import type { BlockCommit, LedgerStore } from '../ledger/ledger-store';
import type { HistoryRecord } from '../ledger/records';
import type { TxPvtRwSet, TxRwSet } from '../ledger/rwset';
import { BLOCK_METADATA_SLOTS, blockDataHash, blockHeaderHash, encodeBlock, encodeTxPvtRwSet } from '../protocol';
import type { TxTimestamp } from '../protocol';
import { MvccValidator, emptyBlockUpdates } from './mvcc-validator';

const Code = peer.TxValidationCode;

/** An endorsed transaction waiting in the orderer for its block. */
export interface OrderedTransaction {
  readonly txId: string;
  readonly envelopeBytes: Uint8Array;
  readonly timestamp: TxTimestamp;
  /** The read/write set the envelope carries (empty when it carries none that decodes). */
  readonly rwset: TxRwSet;
  /** The private writes of the endorsement whose hashes the read/write set carries, from the transient store. */
  readonly pvt: TxPvtRwSet | undefined;
  /** The envelope's structure and creator-signature verdict (Fabric's ValidateTransaction): a failure code, or VALID. */
  readonly envelopeCode: number;
  /** The endorsements' verdict, checked on the verifier's thread while the block fills: VALID or ENDORSEMENT_POLICY_FAILURE. */
  readonly endorsementCode: Promise<number>;
}

export interface CommittedBlock {
  readonly blockNum: bigint;
  readonly blockBytes: Uint8Array;
  readonly codes: readonly number[];
  readonly txIds: readonly string[];
}

/**
 * The peer's committer: builds the block the orderer cut (hash-chained to the previous one), validates
 * its transactions in order (duplicate ids, signatures, MVCC reads and phantom ranges), writes the
 * valid ones' updates with the block in one atomic batch, and records every transaction's code.
 */
export class Committer {
  readonly #store: LedgerStore;

  constructor(store: LedgerStore) {
    this.#store = store;
  }

  async commit(batch: readonly OrderedTransaction[]): Promise<CommittedBlock> {
    const info = this.#store.chainInfo;
    const blockNum = info.height;
    const live = this.#store.live();
    const updates = emptyBlockUpdates();
    const validator = new MvccValidator(live, updates);
    const codes: number[] = [];
    const seen = new Set<string>();
    const history: BlockCommit['history'][number][] = [];
    const [known] = await Promise.all([
      this.#store.getTxLocations(batch.map((t) => t.txId)),
      validator.prefetch(batch.map((t) => t.rwset)),
    ]);
    const endorsements = await Promise.all(batch.map((t) => t.endorsementCode));
    const privateData: { txNum: number; bytes: Uint8Array }[] = [];

    // In Fabric's order: the envelope, then duplicate ids (in the ledger, then earlier in the block), then
    // the endorsements, then MVCC.
    for (const [txNum, tx] of batch.entries()) {
      let code = tx.envelopeCode;
      if (code === Code.VALID && known[txNum] !== undefined) code = Code.DUPLICATE_TXID;
      // Fabric's markTXIdDuplicates: a later use of an id in the same block is a duplicate, whatever else.
      if (tx.txId !== '' && seen.has(tx.txId)) code = Code.DUPLICATE_TXID;
      if (code === Code.VALID) code = endorsements[txNum] ?? Code.INVALID_OTHER_REASON;
      if (code === Code.VALID) code = await validator.validate(tx.rwset);
      seen.add(tx.txId);
      codes.push(code);
      if (code !== Code.VALID) continue;
      validator.apply(tx.rwset, tx.pvt, { blockNum, txNum: BigInt(txNum) });
      if (tx.pvt) privateData.push({ txNum, bytes: encodeTxPvtRwSet(tx.pvt) });
      for (const ns of tx.rwset.namespaces) {
        for (const w of ns.writes) {
          const record: HistoryRecord = {
            txId: tx.txId,
            isDelete: w.isDelete,
            timestamp: tx.timestamp,
            value: w.value,
          };
          history.push({ namespace: ns.namespace, key: w.key, txNum, record });
        }
      }
    }
    await validator.resolvePartialWrites();

    const envelopes = batch.map((t) => t.envelopeBytes);
    const header = { number: blockNum, previousHash: info.currentBlockHash, dataHash: blockDataHash(envelopes) };
    const metadata = Array.from({ length: BLOCK_METADATA_SLOTS }, () => new Uint8Array(0));
    metadata[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.from(codes);
    const blockBytes = encodeBlock(header, envelopes, metadata);
    await this.#store.commit({
      blockNum,
      blockBytes,
      blockHash: blockHeaderHash(header),
      previousHash: info.currentBlockHash,
      state: updates.state,
      privateState: updates.privateState,
      privateHashes: updates.privateHashes,
      history,
      transactions: batch
        .map((t, txNum) => ({
          txId: t.txId,
          location: { blockNum, txNum, validationCode: codes[txNum] ?? Code.INVALID_OTHER_REASON },
        }))
        // A duplicate keeps the index entry of the transaction that used the id first.
        .filter((t, txNum) => t.txId !== '' && codes[txNum] !== Code.DUPLICATE_TXID),
      privateData,
    });
    return { blockNum, blockBytes, codes, txIds: batch.map((t) => t.txId) };
  }
}
