import type { StateRecord } from './records';

/** A cached record, or `undefined` for a key known to be absent, and the height from which it holds. */
interface Entry {
  readonly record: StateRecord | undefined;
  /** The ledger height (blocks committed) at which this became the key's committed value. */
  readonly from: bigint;
  readonly bytes: number;
}

/** What a cached entry costs beyond its value bytes (the key, the objects, the map slot), roughly. */
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * Recently read and written committed records, in front of LevelDB, so that the keys every transaction
 * reads (accounts, members, currencies) are not read from the database again and again.
 *
 * It is exact, never stale: the ledger's only writer, the commit, drops the keys a block writes before
 * its batch starts and puts their new records back once the batch is written, each marked with the height
 * from which it holds. A read at a given height (a snapshot's) uses an entry only if the entry held at
 * that height; any other read goes to LevelDB, and its answer is kept only when no commit started since
 * the read's snapshot was taken (so that it is still the committed value). Bounded by entries and bytes;
 * the oldest entries go first.
 */
export class StateCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;
  /** Commits started and finished: a read's answer may be kept only if none started since it began. */
  #started = 0;
  #finished = 0;
  /** The ledger height as of the last finished commit. */
  #height: bigint;

  constructor(height: bigint, maxEntries = 100_000, maxBytes = 64 * 1024 * 1024) {
    this.#height = height;
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
  }

  /**
   * The token of a read (or of a snapshot) taken now: it may populate the cache later only if no commit
   * was under way now and none starts in between. `undefined` when a commit is under way.
   */
  epoch(): number | undefined {
    return this.#started === this.#finished ? this.#started : undefined;
  }

  /** The cached record at `height` (`undefined` if absent then), or `MISS`. */
  get(key: string, height: bigint): StateRecord | undefined | typeof MISS {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.from <= height ? entry.record : MISS;
  }

  /**
   * Keeps what a read begun at `epoch` (or from a snapshot taken then) found, if no commit started since:
   * then it is the committed value now, at the current height.
   */
  remember(key: string, record: StateRecord | undefined, epoch: number | undefined): void {
    if (epoch === undefined || epoch !== this.#started || this.#started !== this.#finished) return;
    if (this.#entries.has(key)) return;
    this.#put(key, record, this.#height);
  }

  /** A commit starts: the keys it writes are no longer known until it is written. */
  beginCommit(keys: Iterable<string>): void {
    this.#started++;
    for (const key of keys) this.#drop(key);
  }

  /** The commit's batch is written: its records hold from `height` (the new ledger height). */
  endCommit(written: Iterable<readonly [string, StateRecord | undefined]>, height: bigint): void {
    for (const [key, record] of written) {
      this.#drop(key);
      this.#put(key, record, height);
    }
    this.#height = height;
    this.#finished++;
  }

  /** The commit failed: what it wrote is unknown, so nothing it touched is cached. */
  abortCommit(): void {
    this.#finished++;
  }

  #put(key: string, record: StateRecord | undefined, from: bigint): void {
    const bytes = ENTRY_OVERHEAD_BYTES + key.length * 2 + (record?.value.byteLength ?? 0);
    if (bytes > this.#maxBytes / 16) return;
    this.#entries.set(key, { record, from, bytes });
    this.#bytes += bytes;
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#drop(oldest.value);
    }
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#bytes -= entry.bytes;
    this.#entries.delete(key);
  }
}

/** `StateCache.get`'s answer for a key it cannot answer. */
export const MISS: unique symbol = Symbol('miss');
