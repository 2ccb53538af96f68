/** Encoding of read/write sets as Fabric's ledger.rwset protobufs (data model KV). */
import { ledger } from '@hyperledger/fabric-protos';
import type {
  CollectionHashedRwSet,
  CollectionPvtWrites,
  KVMetadataWrite,
  KVMetadataWriteHash,
  KVRead,
  KVReadHash,
  KVWrite,
  KVWriteHash,
  MetadataEntry,
  NsRwSet,
  RangeQueryInfo,
  TxPvtRwSet,
  TxRwSet,
  Version,
} from '../ledger/rwset';

const rw = ledger.rwset;
const kv = ledger.rwset.kvrwset;

// ---- encoding -------------------------------------------------------------------------------------------

function encodeVersion(version: Version | null): ledger.rwset.kvrwset.Version | undefined {
  if (version === null) {
    return undefined;
  }
  const result = new kv.Version();
  result.setBlockNum(Number(version.blockNum));
  result.setTxNum(Number(version.txNum));
  return result;
}

function encodeRead(read: KVRead): ledger.rwset.kvrwset.KVRead {
  const result = new kv.KVRead();
  result.setKey(read.key);
  result.setVersion(encodeVersion(read.version));
  return result;
}

function encodeWrite(write: KVWrite): ledger.rwset.kvrwset.KVWrite {
  const result = new kv.KVWrite();
  result.setKey(write.key);
  result.setIsDelete(write.isDelete);
  result.setValue(write.value);
  return result;
}

function encodeMetadataEntries(entries: readonly MetadataEntry[]): ledger.rwset.kvrwset.KVMetadataEntry[] {
  return entries.map((entry) => {
    const result = new kv.KVMetadataEntry();
    result.setName(entry.name);
    result.setValue(entry.value);
    return result;
  });
}

function encodeMetadataWrite(write: KVMetadataWrite): ledger.rwset.kvrwset.KVMetadataWrite {
  const result = new kv.KVMetadataWrite();
  result.setKey(write.key);
  result.setEntriesList(encodeMetadataEntries(write.entries));
  return result;
}

function encodeRangeQuery(query: RangeQueryInfo): ledger.rwset.kvrwset.RangeQueryInfo {
  const reads = new kv.QueryReads();
  reads.setKvReadsList(query.reads.map(encodeRead));
  const result = new kv.RangeQueryInfo();
  result.setStartKey(query.startKey);
  result.setEndKey(query.endKey);
  result.setItrExhausted(query.itrExhausted);
  result.setRawReads(reads);
  return result;
}

function encodeKvRwSet(
  reads: readonly KVRead[],
  rangeQueries: readonly RangeQueryInfo[],
  writes: readonly KVWrite[],
  metadataWrites: readonly KVMetadataWrite[],
): Uint8Array {
  const result = new kv.KVRWSet();
  result.setReadsList(reads.map(encodeRead));
  result.setRangeQueriesInfoList(rangeQueries.map(encodeRangeQuery));
  result.setWritesList(writes.map(encodeWrite));
  result.setMetadataWritesList(metadataWrites.map(encodeMetadataWrite));
  return result.serializeBinary();
}

function encodeReadHash(read: KVReadHash): ledger.rwset.kvrwset.KVReadHash {
  const result = new kv.KVReadHash();
  result.setKeyHash(read.keyHash);
  result.setVersion(encodeVersion(read.version));
  return result;
}

function encodeWriteHash(write: KVWriteHash): ledger.rwset.kvrwset.KVWriteHash {
  const result = new kv.KVWriteHash();
  result.setKeyHash(write.keyHash);
  result.setIsDelete(write.isDelete);
  result.setValueHash(write.valueHash);
  return result;
}

function encodeMetadataWriteHash(write: KVMetadataWriteHash): ledger.rwset.kvrwset.KVMetadataWriteHash {
  const result = new kv.KVMetadataWriteHash();
  result.setKeyHash(write.keyHash);
  result.setEntriesList(encodeMetadataEntries(write.entries));
  return result;
}

function encodeCollection(collection: CollectionHashedRwSet): ledger.rwset.CollectionHashedReadWriteSet {
  const hashed = new kv.HashedRWSet();
  hashed.setHashedReadsList(collection.hashedReads.map(encodeReadHash));
  hashed.setHashedWritesList(collection.hashedWrites.map(encodeWriteHash));
  hashed.setMetadataWritesList(collection.metadataWrites.map(encodeMetadataWriteHash));
  const result = new rw.CollectionHashedReadWriteSet();
  result.setCollectionName(collection.collection);
  result.setHashedRwset(hashed.serializeBinary());
  result.setPvtRwsetHash(collection.pvtRwSetHash);
  return result;
}

function encodeNamespace(ns: NsRwSet): ledger.rwset.NsReadWriteSet {
  const result = new rw.NsReadWriteSet();
  result.setNamespace(ns.namespace);
  result.setRwset(encodeKvRwSet(ns.reads, ns.rangeQueries, ns.writes, ns.metadataWrites));
  result.setCollectionHashedRwsetList(ns.collections.map(encodeCollection));
  return result;
}

/**
 * Serializes a transaction's public read/write set as ledger.rwset.TxReadWriteSet (data model KV), the bytes
 * Fabric carries in ChaincodeAction.results. Order is preserved; sorting is the simulator's job.
 */
export function encodeTxRwSet(rwset: TxRwSet): Uint8Array {
  const result = new rw.TxReadWriteSet();
  result.setDataModel(rw.TxReadWriteSet.DataModel.KV);
  result.setNsRwsetList(rwset.namespaces.map(encodeNamespace));
  return result.serializeBinary();
}

/**
 * Serializes one collection's cleartext writes as a KVRWSet (Fabric's CollectionPvtReadWriteSet.rwset);
 * its SHA-256 is the collection's `pvtRwSetHash` in the public read/write set.
 */
export function encodeCollectionPvtRwSet(collection: CollectionPvtWrites): Uint8Array {
  return encodeKvRwSet([], [], collection.writes, collection.metadataWrites);
}

/**
 * Serializes one transaction's cleartext private writes as rwset.TxPvtReadWriteSet (data model KV): what
 * Fabric's private data store keeps per block and `DeliverWithPrivateData` hands to eligible clients.
 */
export function encodeTxPvtRwSet(pvt: TxPvtRwSet): Uint8Array {
  const ns = new rw.NsPvtReadWriteSet();
  ns.setNamespace(pvt.namespace);
  ns.setCollectionPvtRwsetList(
    pvt.collections.map((c) => {
      const collection = new rw.CollectionPvtReadWriteSet();
      collection.setCollectionName(c.collection);
      collection.setRwset(encodeCollectionPvtRwSet(c));
      return collection;
    }),
  );
  const result = new rw.TxPvtReadWriteSet();
  result.setDataModel(rw.TxReadWriteSet.DataModel.KV);
  result.setNsPvtRwsetList([ns]);
  return result.serializeBinary();
}

// ---- decoding -------------------------------------------------------------------------------------------

function decodeVersion(version: ledger.rwset.kvrwset.Version | undefined): Version | null {
  if (version === undefined) {
    return null;
  }
  return { blockNum: BigInt(version.getBlockNum()), txNum: BigInt(version.getTxNum()) };
}

function decodeRead(read: ledger.rwset.kvrwset.KVRead): KVRead {
  return { key: read.getKey(), version: decodeVersion(read.getVersion()) };
}

function decodeWrite(write: ledger.rwset.kvrwset.KVWrite): KVWrite {
  return { key: write.getKey(), isDelete: write.getIsDelete(), value: write.getValue_asU8() };
}

function decodeMetadataEntries(entries: ledger.rwset.kvrwset.KVMetadataEntry[]): MetadataEntry[] {
  return entries.map((entry) => ({ name: entry.getName(), value: entry.getValue_asU8() }));
}

function decodeMetadataWrite(write: ledger.rwset.kvrwset.KVMetadataWrite): KVMetadataWrite {
  return { key: write.getKey(), entries: decodeMetadataEntries(write.getEntriesList()) };
}

/** Range query reads; a Merkle summary (large scans on a real Fabric peer) carries no individual reads. */
function decodeRangeQuery(query: ledger.rwset.kvrwset.RangeQueryInfo): RangeQueryInfo {
  return {
    startKey: query.getStartKey(),
    endKey: query.getEndKey(),
    itrExhausted: query.getItrExhausted(),
    reads: query.getRawReads()?.getKvReadsList().map(decodeRead) ?? [],
  };
}

function decodeReadHash(read: ledger.rwset.kvrwset.KVReadHash): KVReadHash {
  return { keyHash: read.getKeyHash_asU8(), version: decodeVersion(read.getVersion()) };
}

function decodeWriteHash(write: ledger.rwset.kvrwset.KVWriteHash): KVWriteHash {
  return { keyHash: write.getKeyHash_asU8(), isDelete: write.getIsDelete(), valueHash: write.getValueHash_asU8() };
}

function decodeMetadataWriteHash(write: ledger.rwset.kvrwset.KVMetadataWriteHash): KVMetadataWriteHash {
  return { keyHash: write.getKeyHash_asU8(), entries: decodeMetadataEntries(write.getEntriesList()) };
}

function decodeCollection(collection: ledger.rwset.CollectionHashedReadWriteSet): CollectionHashedRwSet {
  const hashed = kv.HashedRWSet.deserializeBinary(collection.getHashedRwset_asU8());
  return {
    collection: collection.getCollectionName(),
    hashedReads: hashed.getHashedReadsList().map(decodeReadHash),
    hashedWrites: hashed.getHashedWritesList().map(decodeWriteHash),
    metadataWrites: hashed.getMetadataWritesList().map(decodeMetadataWriteHash),
    pvtRwSetHash: collection.getPvtRwsetHash_asU8(),
  };
}

function decodeNamespace(ns: ledger.rwset.NsReadWriteSet): NsRwSet {
  const set = kv.KVRWSet.deserializeBinary(ns.getRwset_asU8());
  return {
    namespace: ns.getNamespace(),
    reads: set.getReadsList().map(decodeRead),
    rangeQueries: set.getRangeQueriesInfoList().map(decodeRangeQuery),
    writes: set.getWritesList().map(decodeWrite),
    metadataWrites: set.getMetadataWritesList().map(decodeMetadataWrite),
    collections: ns.getCollectionHashedRwsetList().map(decodeCollection),
  };
}

/** Decodes ledger.rwset.TxReadWriteSet bytes; the inverse of {@link encodeTxRwSet}. */
export function decodeTxRwSet(bytes: Uint8Array): TxRwSet {
  const set = rw.TxReadWriteSet.deserializeBinary(bytes);
  return { namespaces: set.getNsRwsetList().map(decodeNamespace) };
}

/** Decodes a collection's cleartext KVRWSet; the inverse of {@link encodeCollectionPvtRwSet}. */
export function decodeCollectionPvtRwSet(collection: string, bytes: Uint8Array): CollectionPvtWrites {
  const set = kv.KVRWSet.deserializeBinary(bytes);
  return {
    collection,
    writes: set.getWritesList().map(decodeWrite),
    metadataWrites: set.getMetadataWritesList().map(decodeMetadataWrite),
  };
}
