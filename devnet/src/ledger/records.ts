import { BinaryReader, BinaryWriter } from './binary';
import type { MetadataEntry, Version } from '@allianceledger/fabric-protocol';

/** A committed value in world state (public, private cleartext, or private hash). */
export interface StateRecord {
  readonly value: Uint8Array;
  readonly version: Version;
  readonly metadata: readonly MetadataEntry[];
}

export function encodeStateRecord(r: StateRecord): Uint8Array {
  const w = new BinaryWriter().u64(r.version.blockNum).u64(r.version.txNum).u32(r.metadata.length);
  for (const m of r.metadata) w.string(m.name).bytes(m.value);
  return w.bytes(r.value).finish();
}

export function decodeStateRecord(bytes: Uint8Array): StateRecord {
  const r = new BinaryReader(bytes);
  const version = { blockNum: r.u64(), txNum: r.u64() };
  const count = r.u32();
  const metadata: MetadataEntry[] = [];
  for (let i = 0; i < count; i++) metadata.push({ name: r.string(), value: r.bytes() });
  return { version, metadata, value: r.bytes() };
}

/** One entry of a key's history, as GetHistoryForKey returns it. */
export interface HistoryRecord {
  readonly txId: string;
  readonly isDelete: boolean;
  readonly timestamp: { readonly seconds: bigint; readonly nanos: number };
  readonly value: Uint8Array;
}

export function encodeHistoryRecord(h: HistoryRecord): Uint8Array {
  return new BinaryWriter()
    .string(h.txId)
    .u8(h.isDelete ? 1 : 0)
    .u64(h.timestamp.seconds)
    .u32(h.timestamp.nanos)
    .bytes(h.value)
    .finish();
}

export function decodeHistoryRecord(bytes: Uint8Array): HistoryRecord {
  const r = new BinaryReader(bytes);
  return {
    txId: r.string(),
    isDelete: r.u8() === 1,
    timestamp: { seconds: r.u64(), nanos: r.u32() },
    value: r.bytes(),
  };
}

/** Where a transaction landed and how it was judged. */
export interface TxLocation {
  readonly blockNum: bigint;
  readonly txNum: number;
  readonly validationCode: number;
}

export function encodeTxLocation(t: TxLocation): Uint8Array {
  return new BinaryWriter().u64(t.blockNum).u32(t.txNum).u32(t.validationCode).finish();
}

export function decodeTxLocation(bytes: Uint8Array): TxLocation {
  const r = new BinaryReader(bytes);
  return { blockNum: r.u64(), txNum: r.u32(), validationCode: r.u32() };
}

/** Height and head of the chain. */
export interface ChainInfo {
  readonly height: bigint;
  readonly currentBlockHash: Uint8Array;
  readonly previousBlockHash: Uint8Array;
}

export function encodeChainInfo(c: ChainInfo): Uint8Array {
  return new BinaryWriter().u64(c.height).bytes(c.currentBlockHash).bytes(c.previousBlockHash).finish();
}

export function decodeChainInfo(bytes: Uint8Array): ChainInfo {
  const r = new BinaryReader(bytes);
  return { height: r.u64(), currentBlockHash: r.bytes(), previousBlockHash: r.bytes() };
}
