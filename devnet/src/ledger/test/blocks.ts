/** Blocks of world-state writes for the ledger's and the validator's tests. */
import type { BlockCommit, LedgerStore } from '../ledger-store';
import { stateKey } from '../keys';
import type { StateRecord } from '../records';

/** A record of `value` written in block `blockNum` (transaction 0). */
export function record(value: string, blockNum: bigint): StateRecord {
  return { value: Buffer.from(value), version: { blockNum, txNum: 0n }, metadata: [] };
}

/** The next block of `store`, writing (or, for `null`, deleting) keys of namespace `cc`. */
export function block(store: LedgerStore, state: Record<string, string | null>): BlockCommit {
  const blockNum = store.chainInfo.height;
  const updates = new Map<string, StateRecord | null>();
  for (const [key, value] of Object.entries(state)) {
    updates.set(stateKey('cc', key), value === null ? null : record(value, blockNum));
  }
  return {
    blockNum,
    blockBytes: Uint8Array.of(Number(blockNum)),
    blockHash: Uint8Array.of(Number(blockNum), 1),
    previousHash: store.chainInfo.currentBlockHash,
    state: updates,
    privateState: new Map(),
    privateHashes: new Map(),
    history: [],
    transactions: [],
  };
}
