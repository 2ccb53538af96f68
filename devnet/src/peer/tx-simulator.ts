import { createHash } from 'node:crypto';
import { ledger, peer } from '@hyperledger/fabric-protos';
import { HistoryQueryIterator, StateQueryIterator } from 'fabric-shim/lib/iterators';
import type { HistoryRecord } from '../ledger/records';
import type { RangeCursor, RangeEntry, StateView } from '../ledger/ledger-store';
import type {
  CollectionHashedRwSet,
  CollectionPvtWrites,
  KVMetadataWrite,
  KVRead,
  KVWrite,
  MetadataEntry,
  RangeQueryInfo,
  TxPvtRwSet,
  TxRwSet,
  Version,
} from '@allianceledger/fabric-protocol';
import { encodeCollectionPvtRwSet, toPbTimestamp } from '@allianceledger/fabric-protocol';
import type { Collection } from './collections';

/** Results per batch handed to the chaincode's iterator, as the peer's `maxResultsPerBatch`. */
const RESULTS_PER_BATCH = 100;

export interface SimulationContext {
  readonly txId: string;
  readonly channelId: string;
  readonly namespace: string;
  /** MSP of the transaction's creator (the client). */
  readonly creatorMspId: string;
  /** MSP of the endorsing peer: only a member org's peer holds a collection's cleartext. */
  readonly peerMspId: string;
  readonly view: StateView;
  readonly collections: ReadonlyMap<string, Collection>;
  readonly history: (namespace: string, key: string) => AsyncIterable<HistoryRecord>;
}

export interface SimulationResults {
  readonly rwset: TxRwSet;
  /** Cleartext private writes, or undefined when the transaction wrote no private data. */
  readonly pvt: TxPvtRwSet | undefined;
}

interface OpenIterator {
  nextResponse(): Promise<peer.QueryResponse>;
  close(): Promise<void>;
}

interface CollectionBuilder {
  readonly hashedReads: Map<string, Version | null>;
  readonly writes: Map<string, KVWrite>;
  readonly metadataWrites: Map<string, KVMetadataWrite>;
}

interface MutableRangeInfo {
  readonly startKey: string;
  readonly endKey: string;
  itrExhausted: boolean;
  readonly reads: KVRead[];
}

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();
const EMPTY = Buffer.alloc(0);

/**
 * The peer side of the chaincode shim for one transaction: fabric-shim's real `ChaincodeStub` calls
 * these `handle*` methods where it would otherwise send a gRPC message to the peer. Reads come from a
 * snapshot of committed state (a transaction never reads its own writes, as on Fabric) and are
 * recorded with their versions; writes are buffered into the read/write set.
 */
export class TxSimulator {
  readonly #ctx: SimulationContext;
  readonly #reads = new Map<string, Version | null>();
  readonly #writes = new Map<string, KVWrite>();
  readonly #metadataWrites = new Map<string, KVMetadataWrite>();
  readonly #ranges: MutableRangeInfo[] = [];
  readonly #collections = new Map<string, CollectionBuilder>();
  readonly #iterators = new Map<string, OpenIterator>();
  #iteratorSeq = 0;
  /** Fabric's txSimulator flags: writes, paginated queries and private data queries exclude one another. */
  #wrote = false;
  #paginated = false;
  #queriedPrivateData = false;

  constructor(ctx: SimulationContext) {
    this.#ctx = ctx;
  }

  // ---- reads ----------------------------------------------------------------------------------

  async handleGetState(collection: string, key: string): Promise<Buffer> {
    requireKey(key);
    if (collection === '') {
      const rec = await this.#ctx.view.getState(this.#ctx.namespace, key);
      this.#reads.set(key, rec?.version ?? null);
      return rec ? Buffer.from(rec.value) : EMPTY;
    }
    const coll = this.#readableCollection(collection);
    const hashRec = await this.#ctx.view.getPrivateHash(this.#ctx.namespace, coll.name, sha256(key).toString('hex'));
    this.#collection(coll.name).hashedReads.set(sha256(key).toString('hex'), hashRec?.version ?? null);
    const rec = await this.#ctx.view.getPrivate(this.#ctx.namespace, coll.name, key);
    return rec ? Buffer.from(rec.value) : EMPTY;
  }

  async handleGetPrivateDataHash(collection: string, key: string): Promise<Buffer> {
    requireKey(key);
    const coll = this.#knownCollection(collection);
    const keyHash = sha256(key).toString('hex');
    const rec = await this.#ctx.view.getPrivateHash(this.#ctx.namespace, coll.name, keyHash);
    this.#collection(coll.name).hashedReads.set(keyHash, rec?.version ?? null);
    return rec ? Buffer.from(rec.value) : EMPTY;
  }

  async handleGetStateMetadata(collection: string, key: string): Promise<Record<string, Uint8Array>> {
    requireKey(key);
    let entries: readonly MetadataEntry[] = [];
    if (collection === '') {
      const rec = await this.#ctx.view.getState(this.#ctx.namespace, key);
      this.#reads.set(key, rec?.version ?? null);
      entries = rec?.metadata ?? [];
    } else {
      const coll = this.#knownCollection(collection);
      const keyHash = sha256(key).toString('hex');
      const rec = await this.#ctx.view.getPrivateHash(this.#ctx.namespace, coll.name, keyHash);
      this.#collection(coll.name).hashedReads.set(keyHash, rec?.version ?? null);
      entries = rec?.metadata ?? [];
    }
    // A copy: committed records may be shared with other reads (the ledger's cache).
    return Object.fromEntries(entries.map((e) => [e.name, Buffer.from(e.value)]));
  }

  async handleGetStateByRange(
    collection: string,
    startKey: string,
    endKey: string,
    _channelId: string,
    _txId: string,
    metadata?: Uint8Array,
  ): Promise<{ iterator: StateQueryIterator; metadata?: { bookmark: string; fetchedRecordsCount: number } }> {
    if (metadata) return this.#paginatedRange(collection, startKey, endKey, metadata);
    let cursor: RangeCursor;
    let info: MutableRangeInfo | undefined;
    if (collection === '') {
      cursor = this.#ctx.view.range(this.#ctx.namespace, startKey, endKey);
      info = { startKey, endKey, itrExhausted: false, reads: [] };
      this.#ranges.push(info);
    } else {
      // Fabric does not validate private range queries for phantoms; neither does devnet.
      const coll = this.#readableCollection(collection);
      if (this.#wrote) {
        throw unsupported(
          'GET_STATE_BY_RANGE',
          this.#ctx.txId,
          'Queries on pvt data is supported only in a read-only transaction',
        );
      }
      this.#queriedPrivateData = true;
      cursor = this.#ctx.view.privateRange(this.#ctx.namespace, coll.name, startKey, endKey);
    }
    const iterator = this.#openIterator((id) => this.#kvBatches(id, cursor, info));
    const response = await iterator.nextResponse();
    return { iterator: new StateQueryIterator(this, this.#ctx.channelId, this.#ctx.txId, response) };
  }

  handleGetQueryResult(): Promise<never> {
    // The same answer a peer with LevelDB state gives: rich queries need CouchDB.
    return Promise.reject(new Error('ExecuteQuery not supported for leveldb'));
  }

  async handleGetHistoryForKey(key: string): Promise<HistoryQueryIterator> {
    requireKey(key);
    const source = this.#ctx.history(this.#ctx.namespace, key)[Symbol.asyncIterator]();
    const iterator = this.#openIterator((id) => historyBatches(id, source));
    const response = await iterator.nextResponse();
    return new HistoryQueryIterator(this, this.#ctx.channelId, this.#ctx.txId, response);
  }

  async handleQueryStateNext(id: string): Promise<peer.QueryResponse> {
    const it = this.#iterators.get(id);
    if (!it) throw new Error(`query iterator ${id} not found`);
    return it.nextResponse();
  }

  async handleQueryStateClose(id: string): Promise<peer.QueryResponse> {
    const it = this.#iterators.get(id);
    if (it) {
      this.#iterators.delete(id);
      await it.close();
    }
    const response = new peer.QueryResponse();
    response.setId(id);
    return response;
  }

  handleInvokeChaincode(): Promise<never> {
    return Promise.reject(new Error('devnet does not support chaincode-to-chaincode invocation'));
  }

  // ---- writes ---------------------------------------------------------------------------------

  handlePutState(collection: string, key: string, value: Uint8Array): Promise<void> {
    return this.#write('PUT_STATE', collection, key, value, false);
  }

  handleDeleteState(collection: string, key: string): Promise<void> {
    return this.#write('DEL_STATE', collection, key, EMPTY, true);
  }

  handlePurgeState(collection: string, key: string): Promise<void> {
    // Devnet treats a purge as a delete of the private value and its hash; it keeps no purge history.
    return this.#write('PURGE_PRIVATE_DATA', collection, key, EMPTY, true);
  }

  handlePutStateMetadata(collection: string, key: string, metakey: string, value: Uint8Array): Promise<void> {
    requireKey(key);
    const write: KVMetadataWrite = { key, entries: [{ name: metakey, value: Buffer.from(value) }] };
    if (collection === '') {
      this.#assertWritable('PUT_STATE_METADATA');
      this.#metadataWrites.set(key, write);
    } else {
      const name = this.#writableCollection(collection).name;
      this.#assertWritable('PUT_STATE_METADATA');
      this.#collection(name).metadataWrites.set(key, write);
    }
    return Promise.resolve();
  }

  // ---- results --------------------------------------------------------------------------------

  /** Closes any iterator the chaincode left open and returns the read/write set. */
  async finish(): Promise<SimulationResults> {
    for (const [id, it] of this.#iterators) {
      this.#iterators.delete(id);
      await it.close();
    }
    const collections: CollectionHashedRwSet[] = [];
    const pvtCollections: CollectionPvtWrites[] = [];
    for (const [name, c] of [...this.#collections].sort(([a], [b]) => compare(a, b))) {
      const writes = sortByKey([...c.writes.values()]);
      const metadataWrites = sortByKey([...c.metadataWrites.values()]);
      const pvt: CollectionPvtWrites = { collection: name, writes, metadataWrites };
      collections.push({
        collection: name,
        hashedReads: [...c.hashedReads]
          .sort(([a], [b]) => compare(a, b))
          .map(([h, version]) => ({ keyHash: Buffer.from(h, 'hex'), version })),
        hashedWrites: writes.map((w) => ({
          keyHash: sha256(w.key),
          isDelete: w.isDelete,
          valueHash: w.isDelete ? EMPTY : sha256(w.value),
        })),
        metadataWrites: metadataWrites.map((m) => ({ keyHash: sha256(m.key), entries: m.entries })),
        pvtRwSetHash: sha256(encodeCollectionPvtRwSet(pvt)),
      });
      if (writes.length > 0 || metadataWrites.length > 0) pvtCollections.push(pvt);
    }
    const rwset: TxRwSet = {
      namespaces: [
        {
          namespace: this.#ctx.namespace,
          reads: [...this.#reads].sort(([a], [b]) => compare(a, b)).map(([key, version]) => ({ key, version })),
          rangeQueries: this.#ranges.map((r): RangeQueryInfo => ({ ...r, reads: [...r.reads] })),
          writes: sortByKey([...this.#writes.values()]),
          metadataWrites: sortByKey([...this.#metadataWrites.values()]),
          collections,
        },
      ],
    };
    const pvt = pvtCollections.length > 0 ? { namespace: this.#ctx.namespace, collections: pvtCollections } : undefined;
    return { rwset, pvt };
  }

  // ---- internals ------------------------------------------------------------------------------

  #write(type: string, collection: string, key: string, value: Uint8Array, isDelete: boolean): Promise<void> {
    requireKey(key);
    // As Fabric's rwset builder: writing an empty value is a delete.
    const write: KVWrite = { key, isDelete: isDelete || value.length === 0, value: Buffer.from(value) };
    if (collection === '') {
      this.#assertWritable(type);
      this.#writes.set(key, write);
    } else {
      // Fabric checks the creator's write permission and the collection before the transaction's state.
      const name = this.#writableCollection(collection).name;
      this.#assertWritable(type);
      this.#collection(name).writes.set(key, write);
    }
    return Promise.resolve();
  }

  /**
   * Fabric's `checkWritePrecondition`: no write after a query on private data or a paginated query
   * (both are for read-only transactions); a write then rules those queries out.
   */
  #assertWritable(type: string): void {
    if (this.#queriedPrivateData) {
      throw unsupported(
        type,
        this.#ctx.txId,
        'Transaction has already performed queries on pvt data. Writes are not allowed',
      );
    }
    if (this.#paginated) {
      throw unsupported(
        type,
        this.#ctx.txId,
        'Transaction has already performed a paginated query. Writes are not allowed',
      );
    }
    this.#wrote = true;
  }

  #knownCollection(name: string): Collection {
    const coll = this.#ctx.collections.get(name);
    if (!coll) throw new Error(`collection ${name} not found in namespace ${this.#ctx.namespace}`);
    return coll;
  }

  #readableCollection(name: string): Collection {
    const coll = this.#knownCollection(name);
    if (coll.memberOnlyRead && !coll.memberOrgs.has(this.#ctx.creatorMspId)) {
      throw new Error(
        `tx from client of MSP ${this.#ctx.creatorMspId} is not authorized to read from collection ${name}`,
      );
    }
    if (!coll.memberOrgs.has(this.#ctx.peerMspId)) {
      throw new Error(`peer of MSP ${this.#ctx.peerMspId} is not a member of collection ${name}: it holds only hashes`);
    }
    return coll;
  }

  #writableCollection(name: string): Collection {
    const coll = this.#knownCollection(name);
    if (coll.memberOnlyWrite && !coll.memberOrgs.has(this.#ctx.creatorMspId)) {
      throw new Error(
        `tx creator does not have write access permission on privatedata in chaincodeName:${this.#ctx.namespace} collectionName: ${name}`,
      );
    }
    return coll;
  }

  #collection(name: string): CollectionBuilder {
    let c = this.#collections.get(name);
    if (!c) {
      c = { hashedReads: new Map(), writes: new Map(), metadataWrites: new Map() };
      this.#collections.set(name, c);
    }
    return c;
  }

  #openIterator(make: (id: string) => OpenIterator): OpenIterator {
    const id = `${this.#ctx.txId}-${++this.#iteratorSeq}`;
    const it = make(id);
    this.#iterators.set(id, it);
    return it;
  }

  #kvBatches(id: string, cursor: RangeCursor, info: MutableRangeInfo | undefined): OpenIterator {
    const namespace = this.#ctx.namespace;
    let lookahead: Awaited<ReturnType<RangeCursor['next']>> = [];
    return {
      nextResponse: async () => {
        const fetched = [...lookahead, ...(await cursor.next(RESULTS_PER_BATCH + 1 - lookahead.length))];
        const batch = fetched.slice(0, RESULTS_PER_BATCH);
        lookahead = fetched.slice(RESULTS_PER_BATCH);
        const hasMore = lookahead.length > 0;
        if (info) {
          for (const e of batch) info.reads.push({ key: e.key, version: e.record.version });
          info.itrExhausted = !hasMore;
        }
        return queryResponse(
          id,
          batch.map((e) => kvResult(namespace, e)),
          hasMore,
        );
      },
      close: () => cursor.close(),
    };
  }

  async #paginatedRange(
    collection: string,
    startKey: string,
    endKey: string,
    metadataBytes: Uint8Array,
  ): Promise<{ iterator: StateQueryIterator; metadata?: { bookmark: string; fetchedRecordsCount: number } }> {
    if (collection !== '') throw new Error('paginated queries are not supported on private data');
    const query = peer.QueryMetadata.deserializeBinary(metadataBytes);
    const pageSize = query.getPagesize();
    if (pageSize <= 0) throw new Error(`page size must be positive, got ${pageSize}`);
    // Paginated queries are for read-only transactions: Fabric neither validates them nor allows writes after,
    // nor one after a write; any number of them may follow one another.
    if (this.#wrote) {
      throw unsupported(
        'GET_STATE_BY_RANGE',
        this.#ctx.txId,
        'Paginated queries are supported only in a read-only transaction',
      );
    }
    this.#paginated = true;
    const bookmark = query.getBookmark();
    const cursor = this.#ctx.view.range(this.#ctx.namespace, bookmark === '' ? startKey : bookmark, endKey);
    try {
      const fetched = await cursor.next(pageSize + 1);
      const page = fetched.slice(0, pageSize);
      const next = fetched[pageSize];
      const meta = new peer.QueryResponseMetadata();
      meta.setFetchedRecordsCount(page.length);
      meta.setBookmark(next ? next.key : '');
      const response = queryResponse(
        `${this.#ctx.txId}-page`,
        page.map((e) => kvResult(this.#ctx.namespace, e)),
        false,
      );
      const metadata = meta.serializeBinary();
      response.setMetadata(metadata);
      const iterator = new StateQueryIterator(this, this.#ctx.channelId, this.#ctx.txId, response);
      // As fabric-shim reads a peer's answer: an empty page's metadata is all defaults, which protobuf
      // encodes as no bytes at all, and the shim then gives the chaincode no metadata object.
      return metadata.length === 0
        ? { iterator }
        : { iterator, metadata: { bookmark: meta.getBookmark(), fetchedRecordsCount: page.length } };
    } finally {
      await cursor.close();
    }
  }
}

function historyBatches(id: string, source: AsyncIterator<HistoryRecord>): OpenIterator {
  let pending: HistoryRecord | undefined;
  let done = false;
  const pull = async (): Promise<HistoryRecord | undefined> => {
    if (pending) {
      const p = pending;
      pending = undefined;
      return p;
    }
    if (done) return undefined;
    const r = await source.next();
    if (r.done) {
      done = true;
      return undefined;
    }
    return r.value;
  };
  return {
    nextResponse: async () => {
      const results: Uint8Array[] = [];
      while (results.length < RESULTS_PER_BATCH) {
        const h = await pull();
        if (!h) break;
        const km = new ledger.queryresult.KeyModification();
        km.setTxId(h.txId);
        km.setValue(h.value);
        km.setIsDelete(h.isDelete);
        km.setTimestamp(toPbTimestamp(h.timestamp));
        results.push(km.serializeBinary());
      }
      pending = await pull();
      return queryResponse(id, results, pending !== undefined);
    },
    close: async () => {
      done = true;
      await source.return?.();
    },
  };
}

/** One range-query result as the shim's iterator decodes it. */
function kvResult(namespace: string, entry: RangeEntry): Uint8Array {
  const kv = new ledger.queryresult.KV();
  kv.setNamespace(namespace);
  kv.setKey(entry.key);
  kv.setValue(entry.record.value);
  return kv.serializeBinary();
}

function queryResponse(id: string, results: readonly Uint8Array[], hasMore: boolean): peer.QueryResponse {
  const response = new peer.QueryResponse();
  response.setId(id);
  response.setHasMore(hasMore);
  response.setResultsList(
    results.map((bytes) => {
      const r = new peer.QueryResultBytes();
      r.setResultbytes(bytes);
      return r;
    }),
  );
  return response;
}

/**
 * An error as a Fabric v2.5 peer sends it to the shim for a refused state call: the handler's
 * `<MESSAGE TYPE> failed: transaction ID: <txid>: ` before the tx simulator's own text (misspelling
 * included).
 */
function unsupported(type: string, txId: string, reason: string): Error {
  return new Error(`${type} failed: transaction ID: ${txId}: txid [${txId}]: unsuppored transaction. ${reason}`);
}

function requireKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new Error('key must not be an empty string');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortByKey<T extends { readonly key: string }>(items: T[]): T[] {
  return items.sort((a, b) => compare(a.key, b.key));
}
