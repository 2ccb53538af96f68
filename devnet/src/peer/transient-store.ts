import type { TxPvtRwSet, TxRwSet } from '../ledger/rwset';
import { toHex } from '../protocol/bytes';

interface Entry {
  readonly pvt: TxPvtRwSet;
  /** The collection hashes of the public read/write set the private writes belong to. */
  readonly hashes: string;
  readonly height: bigint;
}

/** Fabric's default `peer.gossip.pvtData.transientstoreMaxBlockRetention`. */
export const TRANSIENT_RETENTION_BLOCKS = 1000n;

/**
 * The peer's transient store: cleartext private writes of endorsed transactions, kept by transaction id
 * until the transaction's block commits. A transaction may be endorsed more than once (and state may
 * change in between), so every endorsement's writes are kept and the committer takes the one whose
 * hashes the ordered transaction carries. Entries older than the retention are purged, as on Fabric.
 */
export class TransientStore {
  readonly #entries = new Map<string, Entry[]>();
  readonly #retention: bigint;

  constructor(retentionBlocks = TRANSIENT_RETENTION_BLOCKS) {
    this.#retention = retentionBlocks;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Keeps an endorsement's private writes, if it made any; `height` is the ledger height at endorsement. */
  put(txId: string, rwset: TxRwSet, pvt: TxPvtRwSet | undefined, height: bigint): void {
    if (!pvt) return;
    const entries = this.#entries.get(txId) ?? [];
    entries.push({ pvt, hashes: collectionHashes(rwset), height });
    this.#entries.set(txId, entries);
  }

  /** The private writes whose hashes are those of `rwset`, if an endorsement of `txId` produced them. */
  select(txId: string, rwset: TxRwSet): TxPvtRwSet | undefined {
    const entries = this.#entries.get(txId);
    if (!entries) return undefined;
    const hashes = collectionHashes(rwset);
    return entries.find((e) => e.hashes === hashes)?.pvt;
  }

  /** Forgets the transactions of a committed block, and entries older than the retention at `height`. */
  purge(txIds: readonly string[], height: bigint): void {
    for (const txId of txIds) this.#entries.delete(txId);
    if (height % 100n !== 0n) return;
    for (const [txId, entries] of this.#entries) {
      const kept = entries.filter((e) => e.height + this.#retention > height);
      if (kept.length === 0) this.#entries.delete(txId);
      else if (kept.length < entries.length) this.#entries.set(txId, kept);
    }
  }
}

function collectionHashes(rwset: TxRwSet): string {
  return rwset.namespaces
    .flatMap((ns) => ns.collections.map((c) => `${ns.namespace}/${c.collection}:${toHex(c.pvtRwSetHash)}`))
    .join(',');
}
