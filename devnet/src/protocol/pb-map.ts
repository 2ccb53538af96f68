/** Typed access to google-protobuf map fields, whose generated declarations resolve to `any` here. */
import type { peer } from '@hyperledger/fabric-protos';

/** The members of google-protobuf's `jspb.Map<string, bytes>` used by this module. */
export interface PbBytesMap {
  set(key: string, value: Uint8Array): unknown;
  getEntryList(): [string, Uint8Array | string][];
  getLength(): number;
}

/** The transient map of a chaincode proposal payload. */
export function transientMapOf(payload: peer.ChaincodeProposalPayload): PbBytesMap {
  const map: unknown = payload.getTransientmapMap();
  return map as PbBytesMap;
}

/** Copies a bytes map into a prototype-free record. */
export function bytesMapToRecord(map: PbBytesMap): Record<string, Uint8Array> {
  const result = Object.create(null) as Record<string, Uint8Array>;
  for (const [key, value] of map.getEntryList()) {
    result[key] = typeof value === 'string' ? Buffer.from(value, 'base64') : value;
  }
  return result;
}

/** The members of google-protobuf's `jspb.Map<K, V>` devnet uses, for any key and value type. */
export interface PbMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
  getLength(): number;
  toArray(): [K, V][];
}

/** Types a map field's accessor result (the generated declarations type it as google-protobuf's, which is unresolved). */
export function pbMap<K, V>(map: unknown): PbMap<K, V> {
  return map as PbMap<K, V>;
}
