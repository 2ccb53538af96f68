import { peer } from '@hyperledger/fabric-protos';
import { collectionKey, stateKey } from '../ledger/keys';
import type { RangeEntry, StateView } from '../ledger/ledger-store';
import type { StateRecord } from '../ledger/records';
import type { NsRwSet, RangeQueryInfo, TxPvtRwSet, TxRwSet, Version } from '@allianceledger/fabric-protocol';
import { sameVersion } from '../ledger/version';

const Code = peer.TxValidationCode;

/** Markers for the half of a record that a write left unchanged; see `resolvePartialWrites`. */
const KEEP_METADATA: readonly never[] = Object.freeze([]);
const KEEP_VALUE: Uint8Array = new Uint8Array(0);

/** The updates of the valid transactions seen so far in the block being validated. */
export interface BlockUpdates {
  /** stateKey → record, or null for a delete. */
  readonly state: Map<string, StateRecord | null>;
  /** collectionKey(ns, coll, keyHashHex) → record of the value hash, or null. */
  readonly privateHashes: Map<string, StateRecord | null>;
  /** collectionKey(ns, coll, key) → cleartext record, or null. */
  readonly privateState: Map<string, StateRecord | null>;
}

export function emptyBlockUpdates(): BlockUpdates {
  return { state: new Map(), privateHashes: new Map(), privateState: new Map() };
}

/**
 * Fabric's MVCC validation: a transaction is valid only if every key it read still has the version it
 * read, and every range it scanned still yields the same keys and versions, taking into account the
 * transactions before it in the same block.
 */
export class MvccValidator {
  readonly #committed: StateView;
  readonly #updates: BlockUpdates;
  /** Committed records of the keys the block reads, loaded in one batch by `prefetch`. */
  readonly #prefetched = new Map<string, StateRecord | undefined>();

  constructor(committed: StateView, updates: BlockUpdates) {
    this.#committed = committed;
    this.#updates = updates;
  }

  /** Loads, in one read, the committed versions of every public key the given read/write sets read. */
  async prefetch(rwsets: readonly TxRwSet[]): Promise<void> {
    const keys = new Set<string>();
    for (const rwset of rwsets) {
      for (const ns of rwset.namespaces) for (const r of ns.reads) keys.add(stateKey(ns.namespace, r.key));
    }
    const list = [...keys].filter((k) => !this.#prefetched.has(k));
    const records = await this.#committed.getStates(list);
    list.forEach((k, i) => this.#prefetched.set(k, records[i]));
  }

  /** Returns VALID, MVCC_READ_CONFLICT or PHANTOM_READ_CONFLICT. */
  async validate(rwset: TxRwSet): Promise<number> {
    for (const ns of rwset.namespaces) {
      for (const read of ns.reads) {
        const current = await this.#currentVersion(ns.namespace, read.key);
        if (!sameVersion(current, read.version)) return Code.MVCC_READ_CONFLICT;
      }
      for (const coll of ns.collections) {
        for (const read of coll.hashedReads) {
          const key = collectionKey(ns.namespace, coll.collection, Buffer.from(read.keyHash).toString('hex'));
          const current = await this.#currentHashVersion(ns.namespace, coll.collection, key, read.keyHash);
          if (!sameVersion(current, read.version)) return Code.MVCC_READ_CONFLICT;
        }
      }
      for (const range of ns.rangeQueries) {
        if (!(await this.#rangeUnchanged(ns.namespace, range))) return Code.PHANTOM_READ_CONFLICT;
      }
    }
    return Code.VALID;
  }

  /** Adds a valid transaction's writes to the block's updates, at version (blockNum, txNum). */
  apply(rwset: TxRwSet, pvt: TxPvtRwSet | undefined, version: Version): void {
    for (const ns of rwset.namespaces) {
      this.#applyPublic(ns, version);
      for (const coll of ns.collections) {
        for (const w of coll.hashedWrites) {
          const key = collectionKey(ns.namespace, coll.collection, Buffer.from(w.keyHash).toString('hex'));
          this.#updates.privateHashes.set(key, w.isDelete ? null : { value: w.valueHash, version, metadata: [] });
        }
        for (const m of coll.metadataWrites) {
          const key = collectionKey(ns.namespace, coll.collection, Buffer.from(m.keyHash).toString('hex'));
          const prev = this.#updates.privateHashes.get(key);
          if (prev) this.#updates.privateHashes.set(key, { ...prev, version, metadata: m.entries });
        }
      }
    }
    for (const coll of pvt?.collections ?? []) {
      const namespace = pvt?.namespace ?? '';
      for (const w of coll.writes) {
        const key = collectionKey(namespace, coll.collection, w.key);
        this.#updates.privateState.set(key, w.isDelete ? null : { value: w.value, version, metadata: [] });
      }
    }
  }

  /**
   * Completes partial writes against committed state before the block is stored: a value-only write
   * keeps the key's committed metadata and a metadata-only write keeps its committed value, as on
   * Fabric; a metadata write on a key that does not exist is dropped.
   */
  async resolvePartialWrites(): Promise<void> {
    const partial = [...this.#updates.state].filter(
      (entry): entry is [string, StateRecord] =>
        entry[1] !== null && (entry[1].metadata === KEEP_METADATA || entry[1].value === KEEP_VALUE),
    );
    const committed = await this.#committed.getStates(partial.map(([key]) => key));
    partial.forEach(([key, rec], i) => {
      const current = committed[i];
      if (rec.value === KEEP_VALUE && !current) {
        this.#updates.state.delete(key);
        return;
      }
      this.#updates.state.set(key, {
        version: rec.version,
        value: rec.value === KEEP_VALUE ? (current?.value ?? KEEP_VALUE) : rec.value,
        metadata: rec.metadata === KEEP_METADATA ? (current?.metadata ?? []) : rec.metadata,
      });
    });
  }

  #applyPublic(ns: NsRwSet, version: Version): void {
    const metadataByKey = new Map(ns.metadataWrites.map((m) => [m.key, m.entries]));
    for (const w of ns.writes) {
      const key = stateKey(ns.namespace, w.key);
      if (w.isDelete) {
        this.#updates.state.set(key, null);
        continue;
      }
      const prev = this.#updates.state.get(key);
      const metadata = metadataByKey.get(w.key) ?? prev?.metadata ?? KEEP_METADATA;
      this.#updates.state.set(key, { value: w.value, version, metadata });
      metadataByKey.delete(w.key);
    }
    for (const [k, entries] of metadataByKey) {
      const key = stateKey(ns.namespace, k);
      const prev = this.#updates.state.get(key);
      // A metadata write on a key this block has not written: the value comes from committed state.
      this.#updates.state.set(key, { value: prev?.value ?? KEEP_VALUE, version, metadata: entries });
    }
  }

  async #currentVersion(namespace: string, key: string): Promise<Version | null> {
    const sk = stateKey(namespace, key);
    if (this.#updates.state.has(sk)) return this.#updates.state.get(sk)?.version ?? null;
    if (this.#prefetched.has(sk)) return this.#prefetched.get(sk)?.version ?? null;
    return (await this.#committed.getState(namespace, key))?.version ?? null;
  }

  async #currentHashVersion(
    namespace: string,
    collection: string,
    key: string,
    keyHash: Uint8Array,
  ): Promise<Version | null> {
    if (this.#updates.privateHashes.has(key)) return this.#updates.privateHashes.get(key)?.version ?? null;
    const rec = await this.#committed.getPrivateHash(namespace, collection, Buffer.from(keyHash).toString('hex'));
    return rec?.version ?? null;
  }

  /** Re-runs the range over committed state merged with the block's updates and compares results. */
  async #rangeUnchanged(namespace: string, range: RangeQueryInfo): Promise<boolean> {
    const lo = stateKey(namespace, range.startKey);
    const hi = range.endKey === '' ? undefined : stateKey(namespace, range.endKey);
    const prefixLength = namespace.length + 1;
    const pending = [...this.#updates.state]
      .filter(([k]) => k.startsWith(namespace + '\u0000') && k >= lo && (hi === undefined || k < hi))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, rec]) => ({ key: k.slice(prefixLength), rec }));
    const cursor = this.#committed.range(namespace, range.startKey, range.endKey);
    try {
      let committed: RangeEntry[] = [];
      let ci = 0;
      let pi = 0;
      let committedDone = false;
      const nextMerged = async (): Promise<{ key: string; version: Version } | undefined> => {
        for (;;) {
          if (ci >= committed.length && !committedDone) {
            committed = await cursor.next(100);
            ci = 0;
            committedDone = committed.length === 0;
          }
          const c = ci < committed.length ? committed[ci] : undefined;
          const p = pi < pending.length ? pending[pi] : undefined;
          if (!c && !p) return undefined;
          if (p && (!c || p.key <= c.key)) {
            pi++;
            if (c?.key === p.key) ci++;
            if (p.rec === null) continue;
            return { key: p.key, version: p.rec.version };
          }
          if (!c) return undefined;
          ci++;
          return { key: c.key, version: c.record.version };
        }
      };
      for (const read of range.reads) {
        const now = await nextMerged();
        if (now?.key !== read.key || !sameVersion(now.version, read.version)) return false;
      }
      return range.itrExhausted ? (await nextMerged()) === undefined : true;
    } finally {
      await cursor.close();
    }
  }
}
