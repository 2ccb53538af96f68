/** Plain read/write-set structures produced by simulation and consumed by validation and commit. */

/** Fabric's height-based version of a committed key: the block and the transaction within it. */
export interface Version {
  readonly blockNum: bigint;
  readonly txNum: bigint;
}

export interface KVRead {
  readonly key: string;
  /** null when the key did not exist at simulation time. */
  readonly version: Version | null;
}

export interface KVWrite {
  readonly key: string;
  readonly isDelete: boolean;
  readonly value: Uint8Array;
}

export interface MetadataEntry {
  readonly name: string;
  readonly value: Uint8Array;
}

export interface KVMetadataWrite {
  readonly key: string;
  readonly entries: readonly MetadataEntry[];
}

export interface RangeQueryInfo {
  readonly startKey: string;
  readonly endKey: string;
  /** true when the iterator ran to the end of the range; false when the caller stopped early (pagination). */
  readonly itrExhausted: boolean;
  readonly reads: readonly KVRead[];
}

export interface KVReadHash {
  readonly keyHash: Uint8Array;
  readonly version: Version | null;
}

export interface KVWriteHash {
  readonly keyHash: Uint8Array;
  readonly isDelete: boolean;
  readonly valueHash: Uint8Array;
}

export interface KVMetadataWriteHash {
  readonly keyHash: Uint8Array;
  readonly entries: readonly MetadataEntry[];
}

/** The part of a private data collection's read/write set that goes into the block: hashes only. */
export interface CollectionHashedRwSet {
  readonly collection: string;
  readonly hashedReads: readonly KVReadHash[];
  readonly hashedWrites: readonly KVWriteHash[];
  readonly metadataWrites: readonly KVMetadataWriteHash[];
  /** SHA-256 of the encoded private (cleartext) write set for this collection. */
  readonly pvtRwSetHash: Uint8Array;
}

export interface NsRwSet {
  readonly namespace: string;
  readonly reads: readonly KVRead[];
  readonly rangeQueries: readonly RangeQueryInfo[];
  readonly writes: readonly KVWrite[];
  readonly metadataWrites: readonly KVMetadataWrite[];
  readonly collections: readonly CollectionHashedRwSet[];
}

/** The public read/write set of one transaction, as carried in the block. */
export interface TxRwSet {
  readonly namespaces: readonly NsRwSet[];
}

/** Cleartext private writes of one collection; they never enter a block. */
export interface CollectionPvtWrites {
  readonly collection: string;
  readonly writes: readonly KVWrite[];
  readonly metadataWrites: readonly KVMetadataWrite[];
}

/** Cleartext private data of one transaction, kept beside the block like Fabric's transient store. */
export interface TxPvtRwSet {
  readonly namespace: string;
  readonly collections: readonly CollectionPvtWrites[];
}
