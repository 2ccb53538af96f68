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
} from '../rwset';

import { PbWriter } from './pb-wire';

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

function encodeMetadataEntries(entries: readonly MetadataEntry[]): ledger.rwset.kvrwset.KVMetadataEntry[] {
  return entries.map((entry) => {
    const result = new kv.KVMetadataEntry();
    result.setName(entry.name);
    result.setValue(entry.value);
    return result;
  });
}

// The public and cleartext read/write sets (KVRWSet), on every transaction, are written directly; the
// hashed collection sets through google-protobuf. Same bytes either way (rwset-codec.test.ts compares them).

function writeVersion(version: Version): Uint8Array {
  return new PbWriter(24).uint64(1, Number(version.blockNum)).uint64(2, Number(version.txNum)).finish();
}

function writeRead(read: KVRead): Uint8Array {
  const w = new PbWriter(read.key.length + 32).string(1, read.key);
  if (read.version !== null) w.message(2, writeVersion(read.version));
  return w.finish();
}

function writeMetadataWrite(write: KVMetadataWrite): Uint8Array {
  const w = new PbWriter().string(1, write.key);
  for (const entry of write.entries) w.message(2, new PbWriter().string(1, entry.name).bytes(2, entry.value).finish());
  return w.finish();
}

function writeRangeQuery(query: RangeQueryInfo): Uint8Array {
  const reads = new PbWriter();
  for (const read of query.reads) reads.message(1, writeRead(read));
  return new PbWriter()
    .string(1, query.startKey)
    .string(2, query.endKey)
    .bool(3, query.itrExhausted)
    .message(4, reads.finish())
    .finish();
}

function encodeKvRwSet(
  reads: readonly KVRead[],
  rangeQueries: readonly RangeQueryInfo[],
  writes: readonly KVWrite[],
  metadataWrites: readonly KVMetadataWrite[],
): Uint8Array {
  const w = new PbWriter(1024);
  for (const read of reads) w.message(1, writeRead(read));
  for (const query of rangeQueries) w.message(2, writeRangeQuery(query));
  for (const write of writes) {
    const kvWrite = new PbWriter(write.key.length + write.value.byteLength + 16)
      .string(1, write.key)
      .bool(2, write.isDelete)
      .bytes(3, write.value);
    w.message(3, kvWrite.finish());
  }
  for (const write of metadataWrites) w.message(4, writeMetadataWrite(write));
  return w.finish();
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

function encodeNamespace(ns: NsRwSet): Uint8Array {
  const w = new PbWriter(1024)
    .string(1, ns.namespace)
    .bytes(2, encodeKvRwSet(ns.reads, ns.rangeQueries, ns.writes, ns.metadataWrites));
  for (const collection of ns.collections) w.message(3, encodeCollection(collection).serializeBinary());
  return w.finish();
}

/**
 * Serializes a transaction's public read/write set as ledger.rwset.TxReadWriteSet (data model KV), the bytes
 * Fabric carries in ChaincodeAction.results. Order is preserved; sorting is the simulator's job.
 */
export function encodeTxRwSet(rwset: TxRwSet): Uint8Array {
  // Field 1, the data model, is KV (0): omitted, as google-protobuf omits it.
  const w = new PbWriter(2048);
  for (const ns of rwset.namespaces) w.message(2, encodeNamespace(ns));
  return w.finish();
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
