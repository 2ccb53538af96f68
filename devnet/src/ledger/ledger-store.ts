import { mkdir, rm } from 'node:fs/promises';
import { ClassicLevel } from 'classic-level';
import type { AbstractBatchOperation, AbstractSnapshot, AbstractSublevel } from 'abstract-level';
import { common } from '@hyperledger/fabric-protos';
import { blockHeaderHash } from '@allianceledger/fabric-protocol';
import { toHex } from '@allianceledger/fabric-protocol';
import { blockKey, collectionKey, historyKey, historyPrefix, rangeBounds, stateKey, stripPrefix } from './keys';
import {
  type ChainInfo,
  type HistoryRecord,
  type StateRecord,
  type TxLocation,
  decodeChainInfo,
  decodeHistoryRecord,
  decodeStateRecord,
  decodeTxLocation,
  encodeChainInfo,
  encodeHistoryRecord,
  encodeStateRecord,
  encodeTxLocation,
} from './records';
import { MISS, StateCache } from './state-cache';

type Db = ClassicLevel<string, Uint8Array>;
type Sub = AbstractSublevel<Db, string | Buffer | Uint8Array, string, Uint8Array>;

/** A consistent, read-only view of committed state, like the peer's read lock during simulation. */
export interface StateView {
  getState(namespace: string, key: string): Promise<StateRecord | undefined>;
  /** Many keys of world state in one read; `keys` are stateKey(namespace, key) values. */
  getStates(keys: readonly string[]): Promise<(StateRecord | undefined)[]>;
  getPrivate(namespace: string, collection: string, key: string): Promise<StateRecord | undefined>;
  getPrivateHash(namespace: string, collection: string, keyHashHex: string): Promise<StateRecord | undefined>;
  /** Entries of [startKey, endKey) in key order, pulled in batches. */
  range(namespace: string, startKey: string, endKey: string): RangeCursor;
  privateRange(namespace: string, collection: string, startKey: string, endKey: string): RangeCursor;
  release(): Promise<void>;
}

export interface RangeEntry {
  readonly key: string;
  readonly record: StateRecord;
}

export interface RangeCursor {
  /** Up to `size` further entries; fewer (possibly none) at the end of the range. */
  next(size: number): Promise<RangeEntry[]>;
  close(): Promise<void>;
}

/** Everything one block changes, written in one atomic batch. */
export interface BlockCommit {
  readonly blockNum: bigint;
  readonly blockBytes: Uint8Array;
  readonly blockHash: Uint8Array;
  readonly previousHash: Uint8Array;
  /** Keyed by stateKey(namespace, key); null deletes. */
  readonly state: ReadonlyMap<string, StateRecord | null>;
  /** Keyed by collectionKey(namespace, collection, key); null deletes. */
  readonly privateState: ReadonlyMap<string, StateRecord | null>;
  /** Keyed by collectionKey(namespace, collection, keyHashHex); null deletes. */
  readonly privateHashes: ReadonlyMap<string, StateRecord | null>;
  readonly history: readonly {
    readonly namespace: string;
    readonly key: string;
    readonly txNum: number;
    readonly record: HistoryRecord;
  }[];
  readonly transactions: readonly { readonly txId: string; readonly location: TxLocation }[];
  /** Serialized rwset.TxPvtReadWriteSet of the block's valid transactions that wrote private data. */
  readonly privateData?: readonly { readonly txNum: number; readonly bytes: Uint8Array }[];
}

const CHAIN_INFO_KEY = 'chain';
/** Height up to which the block-hash index is complete (ledgers written before it existed are indexed at open). */
const HASH_INDEX_KEY = 'hashindex';
const EMPTY = new Uint8Array(0);

/**
 * The peer's ledger on disk: world state, private state and hashes, history index, block store and
 * transaction index in one LevelDB, so that a block commits in a single atomic batch and a crash never
 * leaves half a block applied.
 */
export class LedgerStore {
  readonly #db: Db;
  readonly #state: Sub;
  readonly #pvt: Sub;
  readonly #pvtHash: Sub;
  readonly #history: Sub;
  readonly #blocks: Sub;
  readonly #txIndex: Sub;
  readonly #meta: Sub;
  readonly #blockHashes: Sub;
  readonly #pvtData: Sub;
  readonly #cache: StateCache;
  #chainInfo: ChainInfo;

  private constructor(db: Db, chainInfo: ChainInfo) {
    this.#db = db;
    const sub = (name: string): Sub => db.sublevel<string, Uint8Array>(name, { valueEncoding: 'view' });
    this.#state = sub('state');
    this.#pvt = sub('pvt');
    this.#pvtHash = sub('pvthash');
    this.#history = sub('history');
    this.#blocks = sub('blocks');
    this.#txIndex = sub('txindex');
    this.#meta = sub('meta');
    this.#blockHashes = sub('blockhash');
    this.#pvtData = sub('pvtdata');
    this.#chainInfo = chainInfo;
    this.#cache = new StateCache(chainInfo.height);
  }

  /** Opens (creating if needed) the ledger under `dir`. */
  static async open(dir: string): Promise<LedgerStore> {
    await mkdir(dir, { recursive: true });
    const db: Db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
    await db.open();
    const meta = db.sublevel<string, Uint8Array>('meta', { valueEncoding: 'view' });
    const stored = await meta.get(CHAIN_INFO_KEY);
    const info = stored ? decodeChainInfo(stored) : { height: 0n, currentBlockHash: EMPTY, previousBlockHash: EMPTY };
    const store = new LedgerStore(db, info);
    await store.#completeHashIndex();
    return store;
  }

  /** Deletes a ledger directory entirely. */
  static async destroy(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
  }

  get chainInfo(): ChainInfo {
    return this.#chainInfo;
  }

  async close(): Promise<void> {
    await this.#db.close();
  }

  /** A snapshot of committed state for one simulation or query. */
  view(): StateView {
    // The epoch first: a commit that starts after it makes what this snapshot reads unfit for the cache.
    const epoch = this.#cache.epoch();
    const at = { snapshot: this.#db.snapshot(), height: this.#chainInfo.height, epoch };
    return new SnapshotView(at, this.#subs(), this.#cache);
  }

  /** The latest committed state, read live (used by the committer, which is the only writer). */
  live(): StateView {
    return new SnapshotView(undefined, this.#subs(), this.#cache);
  }

  #subs(): Sublevels {
    return { state: this.#state, pvt: this.#pvt, pvtHash: this.#pvtHash };
  }

  async getBlock(blockNum: bigint): Promise<Uint8Array | undefined> {
    return this.#blocks.get(blockKey(blockNum));
  }

  /** The number of the block whose header hash is `hash`, as Fabric's block index finds it. */
  async getBlockNumberByHash(hash: Uint8Array): Promise<bigint | undefined> {
    const v = await this.#blockHashes.get(Buffer.from(hash).toString('hex'));
    return v ? Buffer.from(v).readBigUInt64BE() : undefined;
  }

  /** The private write sets committed with a block, by transaction number (Fabric's private data store). */
  async getPrivateData(blockNum: bigint): Promise<Map<number, Uint8Array>> {
    const prefix = blockKey(blockNum);
    const out = new Map<number, Uint8Array>();
    for await (const [key, value] of this.#pvtData.iterator({ gt: prefix, lt: prefix + '\uffff' })) {
      out.set(Number.parseInt(key.slice(prefix.length), 16), value);
    }
    return out;
  }

  // Point reads are synchronous (LevelDB's own read, from its caches or the page cache): an asynchronous
  // read costs ~30 µs of CPU for the hop through libuv's thread pool, a synchronous one 1-4 µs.

  getTxLocation(txId: string): Promise<TxLocation | undefined> {
    return settle(() => {
      const v = this.#txIndex.getSync(txId);
      return v ? decodeTxLocation(v) : undefined;
    });
  }

  getTxLocations(txIds: readonly string[]): Promise<(TxLocation | undefined)[]> {
    return settle(() =>
      txIds.map((txId) => {
        const v = this.#txIndex.getSync(txId);
        return v ? decodeTxLocation(v) : undefined;
      }),
    );
  }

  /** History of a key, newest first (Fabric v2 order). */
  async *history(namespace: string, key: string): AsyncGenerator<HistoryRecord> {
    const prefix = historyPrefix(namespace, key);
    for await (const value of this.#history.values({ gte: prefix, lt: prefix + '\uffff', reverse: true })) {
      yield decodeHistoryRecord(value);
    }
  }

  /** Applies one validated block atomically. */
  async commit(c: BlockCommit): Promise<void> {
    if (c.blockNum !== this.#chainInfo.height) {
      throw new Error(`block ${c.blockNum} out of order: ledger height is ${this.#chainInfo.height}`);
    }
    const ops: AbstractBatchOperation<Db, string, Uint8Array>[] = [];
    const put = (sublevel: Sub, key: string, value: Uint8Array): void => {
      ops.push({ type: 'put', sublevel, key, value });
    };
    /** The records as a read will find them once written, by cache key. */
    const written: [string, StateRecord | undefined][] = [];
    const apply = (sublevel: Sub, tag: string, updates: ReadonlyMap<string, StateRecord | null>): void => {
      for (const [key, record] of updates) {
        if (record === null) {
          ops.push({ type: 'del', sublevel, key });
          written.push([tag + key, undefined]);
        } else {
          const bytes = encodeStateRecord(record);
          put(sublevel, key, bytes);
          written.push([tag + key, decodeStateRecord(bytes)]);
        }
      }
    };
    apply(this.#state, STATE_TAG, c.state);
    apply(this.#pvt, PVT_TAG, c.privateState);
    apply(this.#pvtHash, PVT_HASH_TAG, c.privateHashes);
    for (const h of c.history) {
      put(this.#history, historyKey(h.namespace, h.key, c.blockNum, h.txNum), encodeHistoryRecord(h.record));
    }
    for (const t of c.transactions) put(this.#txIndex, t.txId, encodeTxLocation(t.location));
    put(this.#blocks, blockKey(c.blockNum), c.blockBytes);
    put(this.#blockHashes, Buffer.from(c.blockHash).toString('hex'), u64(c.blockNum));
    for (const p of c.privateData ?? []) put(this.#pvtData, pvtDataKey(c.blockNum, p.txNum), p.bytes);
    put(this.#meta, HASH_INDEX_KEY, u64(c.blockNum + 1n));
    const info: ChainInfo = {
      height: c.blockNum + 1n,
      currentBlockHash: c.blockHash,
      previousBlockHash: c.previousHash,
    };
    put(this.#meta, CHAIN_INFO_KEY, encodeChainInfo(info));
    this.#cache.beginCommit(written.map(([key]) => key));
    try {
      await this.#db.batch(ops);
    } catch (err) {
      this.#cache.abortCommit();
      throw err;
    }
    this.#chainInfo = info;
    this.#cache.endCommit(written, info.height);
  }

  /** Indexes by header hash the blocks committed before the index existed. */
  async #completeHashIndex(): Promise<void> {
    const stored = await this.#meta.get(HASH_INDEX_KEY);
    const from = stored ? Buffer.from(stored).readBigUInt64BE() : 0n;
    if (from >= this.#chainInfo.height) return;
    const ops: AbstractBatchOperation<Db, string, Uint8Array>[] = [];
    for (let n = from; n < this.#chainInfo.height; n++) {
      const bytes = await this.#blocks.get(blockKey(n));
      const header = bytes ? common.Block.deserializeBinary(bytes).getHeader() : undefined;
      if (!header) throw new Error(`block ${n} missing from the store`);
      ops.push({ type: 'put', sublevel: this.#blockHashes, key: toHex(blockHeaderHash(header)), value: u64(n) });
    }
    ops.push({ type: 'put', sublevel: this.#meta, key: HASH_INDEX_KEY, value: u64(this.#chainInfo.height) });
    await this.#db.batch(ops);
  }
}

/** A synchronous read as a promise: its answer, or its error as a rejection. */
function settle<T>(read: () => T): Promise<T> {
  try {
    return Promise.resolve(read());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

function u64(n: bigint): Uint8Array {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64BE(n);
  return b;
}

function pvtDataKey(blockNum: bigint, txNum: number): string {
  return blockKey(blockNum) + txNum.toString(16).padStart(8, '0');
}

/** Cache keys: the sublevel's tag, then its key. */
const STATE_TAG = 's';
const PVT_TAG = 'p';
const PVT_HASH_TAG = 'h';

interface Sublevels {
  readonly state: Sub;
  readonly pvt: Sub;
  readonly pvtHash: Sub;
}

/** A snapshot, the ledger height it was taken at, and the cache's epoch then. */
interface SnapshotAt {
  readonly snapshot: AbstractSnapshot;
  readonly height: bigint;
  readonly epoch: number | undefined;
}

/** A live read sees whatever is committed now: every cached entry is current. */
const LATEST = BigInt(Number.MAX_SAFE_INTEGER) ** 2n;

class SnapshotView implements StateView {
  readonly #at: SnapshotAt | undefined;
  readonly #snapshot: AbstractSnapshot | undefined;
  readonly #state: Sub;
  readonly #pvt: Sub;
  readonly #pvtHash: Sub;
  readonly #cache: StateCache;
  readonly #height: bigint;
  /** The read options: the snapshot's, or none for a live read. */
  readonly #options: { readonly snapshot: AbstractSnapshot } | undefined;

  constructor(at: SnapshotAt | undefined, subs: Sublevels, cache: StateCache) {
    this.#at = at;
    this.#snapshot = at?.snapshot;
    this.#options = at ? { snapshot: at.snapshot } : undefined;
    this.#height = at?.height ?? LATEST;
    this.#state = subs.state;
    this.#pvt = subs.pvt;
    this.#pvtHash = subs.pvtHash;
    this.#cache = cache;
  }

  getState(namespace: string, key: string): Promise<StateRecord | undefined> {
    return settle(() => this.#get(this.#state, STATE_TAG, stateKey(namespace, key)));
  }

  getStates(keys: readonly string[]): Promise<(StateRecord | undefined)[]> {
    return settle(() => this.#getMany(keys));
  }

  #getMany(keys: readonly string[]): (StateRecord | undefined)[] {
    if (keys.length === 0) return [];
    const out: (StateRecord | undefined)[] = [];
    const missing: number[] = [];
    for (const [i, key] of keys.entries()) {
      const cached = this.#cache.get(STATE_TAG + key, this.#height);
      if (cached === MISS) missing.push(i);
      else out[i] = cached;
    }
    if (missing.length === 0) return out;
    const epoch = this.#epoch();
    for (const i of missing) {
      const key = keys[i] ?? '';
      const v = this.#read(this.#state, key);
      const record = v ? decodeStateRecord(v) : undefined;
      out[i] = record;
      this.#cache.remember(STATE_TAG + key, record, epoch);
    }
    return out;
  }

  getPrivate(namespace: string, collection: string, key: string): Promise<StateRecord | undefined> {
    return settle(() => this.#get(this.#pvt, PVT_TAG, collectionKey(namespace, collection, key)));
  }

  getPrivateHash(namespace: string, collection: string, keyHashHex: string): Promise<StateRecord | undefined> {
    return settle(() => this.#get(this.#pvtHash, PVT_HASH_TAG, collectionKey(namespace, collection, keyHashHex)));
  }

  range(namespace: string, startKey: string, endKey: string): RangeCursor {
    return this.#range(this.#state, namespace, startKey, endKey);
  }

  privateRange(namespace: string, collection: string, startKey: string, endKey: string): RangeCursor {
    return this.#range(this.#pvt, collectionKey(namespace, collection, '').slice(0, -1), startKey, endKey);
  }

  async release(): Promise<void> {
    await this.#snapshot?.close();
  }

  #get(sub: Sub, tag: string, key: string): StateRecord | undefined {
    const cached = this.#cache.get(tag + key, this.#height);
    if (cached !== MISS) return cached;
    const epoch = this.#epoch();
    const v = this.#read(sub, key);
    const record = v ? decodeStateRecord(v) : undefined;
    this.#cache.remember(tag + key, record, epoch);
    return record;
  }

  #read(sub: Sub, key: string): Uint8Array | undefined {
    return this.#options ? sub.getSync(key, this.#options) : sub.getSync(key);
  }

  /** A snapshot's reads are current while no commit started since it was taken; a live read's, since it began. */
  #epoch(): number | undefined {
    return this.#at ? this.#at.epoch : this.#cache.epoch();
  }

  #range(sub: Sub, prefix: string, startKey: string, endKey: string): RangeCursor {
    const bounds = rangeBounds(prefix, startKey, endKey);
    const it = sub.iterator(this.#snapshot ? { ...bounds, snapshot: this.#snapshot } : bounds);
    return {
      next: async (size: number): Promise<RangeEntry[]> => {
        // nextv may return fewer entries than asked (it fills a byte budget); only an empty batch is the end.
        const out: RangeEntry[] = [];
        while (out.length < size) {
          const entries = await it.nextv(size - out.length);
          if (entries.length === 0) break;
          for (const [k, v] of entries) out.push({ key: stripPrefix(prefix, k), record: decodeStateRecord(v) });
        }
        return out;
      },
      close: () => it.close(),
    };
  }
}
