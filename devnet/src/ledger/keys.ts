/**
 * How the ledger lays out its keys on disk. Namespaces and collection names never contain U+0000,
 * so it separates them from keys; keys sort in byte order, as on a Fabric peer's LevelDB.
 */
const SEP = '\u0000';
/** Sorts after every key of a namespace prefix: the end of an unbounded range. */
const AFTER_SEP = '\u0001';

export function stateKey(namespace: string, key: string): string {
  return namespace + SEP + key;
}

export function collectionKey(namespace: string, collection: string, key: string): string {
  return namespace + SEP + collection + SEP + key;
}

/** Bounds of a [startKey, endKey) range inside a prefix; an empty endKey means the end of the prefix. */
export function rangeBounds(prefix: string, startKey: string, endKey: string): { gte: string; lt: string } {
  const base = prefix + SEP;
  return { gte: base + startKey, lt: endKey === '' ? prefix + AFTER_SEP : base + endKey };
}

export function stripPrefix(prefix: string, storedKey: string): string {
  return storedKey.slice(prefix.length + 1);
}

/** History keys carry the key's length so that no key's history range contains another key's entries. */
export function historyPrefix(namespace: string, key: string): string {
  return namespace + SEP + Buffer.byteLength(key, 'utf8').toString(16).padStart(8, '0') + key + SEP;
}

export function historyKey(namespace: string, key: string, blockNum: bigint, txNum: number): string {
  return historyPrefix(namespace, key) + blockNum.toString(16).padStart(16, '0') + txNum.toString(16).padStart(8, '0');
}

export function blockKey(blockNum: bigint): string {
  return blockNum.toString(16).padStart(16, '0');
}
