import type { HistoryEntry, Page } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { canonicalJson } from '@allianceledger/contract';
import { AllianceContext } from './context';
import { fail } from './errors';
import { readStored, stamp, storedVersion, type StoredFields } from './schema';
import { timestampToIso } from './time';

/**
 * The one way chaincode touches world state: canonical JSON values, composite keys, get-or-NOT_FOUND,
 * range scans and read-only paged listings. LevelDB only — nothing here uses rich queries.
 *
 * Every record written here carries the schema version of its type (the composite key's object type),
 * and every record read here comes back in the current version (`schema.ts`): stores never see a
 * version field nor an older shape.
 */

/** Pages and history entries are the contract's shapes. */
export type { HistoryEntry, Page };

/** A paging request as transactions accept it. */
export interface PageRequest {
  readonly pageSize: number;
  readonly bookmark: string;
}

/** A row found by a partial composite key. */
export interface Row<T> {
  readonly key: string;
  /** The composite key's attributes, in order. */
  readonly attributes: readonly string[];
  readonly value: T;
}

/** Index rows carry no data: the attributes are the index. Fabric deletes a key written empty. */
const INDEX_VALUE = Buffer.from('{}', 'utf8');

/** Bytes of a value in the canonical serialization. */
export function encode(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

/** Parses a value this chaincode wrote (callers know its record type). */
export function decode(bytes: Uint8Array): unknown {
  return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

/** The record type of a key: its composite key's object type. */
export function recordTypeOf(ctx: Context, key: string): string {
  return ctx.stub.splitCompositeKey(key).objectType;
}

/** A stored value of the record under `key`, parsed and brought to the current schema version. */
function decodeRecord(ctx: Context, key: string, bytes: Uint8Array): unknown {
  return readStored(recordTypeOf(ctx, key), decode(bytes) as StoredFields);
}

/** The bytes stored for the record `value` under `key`: its fields and its type's schema version. */
function encodeRecord(ctx: Context, key: string, value: object): Buffer {
  return encode(stamp(recordTypeOf(ctx, key), value));
}

/** Builds a composite key `type` + `attributes`. */
export function compositeKey(ctx: Context, type: string, attributes: readonly string[]): string {
  return ctx.stub.createCompositeKey(type, [...attributes]);
}

/**
 * The record under `key`, or undefined. A key is fetched from the peer once per transaction (one
 * message each way between chaincode and peer): a transaction reads committed state, never its own
 * writes, on Fabric as on devnet, so a second read answers the same bytes and records the same read.
 */
export async function getOptional<T>(ctx: Context, key: string): Promise<T | undefined> {
  const bytes = await (ctx instanceof AllianceContext
    ? ctx.memo(`state:${key}`, () => ctx.stub.getState(key))
    : ctx.stub.getState(key));
  return bytes.length === 0 ? undefined : (decodeRecord(ctx, key, bytes) as T);
}

/** The record under `key`; NOT_FOUND naming `entity` and `id` when it does not exist. */
export async function getOrThrow<T>(ctx: Context, key: string, entity: string, id: string): Promise<T> {
  const value = await getOptional<T>(ctx, key);
  if (value === undefined) throw fail.notFound(entity, id);
  return value;
}

/** Writes the record `value` canonically under `key`, stamped with its type's schema version. */
export async function put(ctx: Context, key: string, value: object): Promise<void> {
  await ctx.stub.putState(key, encodeRecord(ctx, key, value));
}

/** Deletes `key`. */
export async function remove(ctx: Context, key: string): Promise<void> {
  await ctx.stub.deleteState(key);
}

/** Writes an index row `type` + `attributes` (blind: no read, so it never conflicts). */
export async function putIndex(ctx: Context, type: string, attributes: readonly string[]): Promise<void> {
  await ctx.stub.putState(compositeKey(ctx, type, attributes), INDEX_VALUE);
}

/** Deletes an index row. */
export async function removeIndex(ctx: Context, type: string, attributes: readonly string[]): Promise<void> {
  await ctx.stub.deleteState(compositeKey(ctx, type, attributes));
}

/**
 * Moves an index row from the `before` attributes to the `after` ones (e.g. when a status changes);
 * `before` is undefined when the record is new (or was not listed), `after` when it is no longer
 * listed. Blind writes only.
 */
export async function moveIndex(
  ctx: Context,
  type: string,
  before: readonly string[] | undefined,
  after: readonly string[] | undefined,
): Promise<void> {
  if (before !== undefined && after !== undefined && sameRow(before, after)) return;
  if (before !== undefined) await removeIndex(ctx, type, before);
  if (after !== undefined) await putIndex(ctx, type, after);
}

function sameRow(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((attribute, i) => attribute === b[i]);
}

/**
 * Every row under a partial composite key. The range is recorded in the read set, so a concurrent
 * insert into it invalidates this transaction (phantom read) — which is what makes aggregates safe.
 */
export async function scan<T>(ctx: Context, type: string, partial: readonly string[]): Promise<Row<T>[]> {
  // Iterated by hand: fabric-shim's `for await` sends QUERY_STATE_CLOSE after the last row, a round trip
  // to the peer for nothing — a peer releases an iterator itself when it answers the last batch
  // (has_more false), as devnet does, and both release any left open when the transaction ends.
  const iterator = await ctx.stub.getStateByPartialCompositeKey(type, [...partial]);
  const rows: Row<T>[] = [];
  try {
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      const kv = r.value;
      const { objectType, attributes } = ctx.stub.splitCompositeKey(kv.key);
      rows.push({ key: kv.key, attributes, value: readStored(objectType, decode(kv.value) as StoredFields) as T });
    }
  } catch (err) {
    await iterator.close().catch(() => undefined);
    throw err;
  }
  return rows;
}

/**
 * One page of the rows under a partial composite key, for read-only listings (Fabric forbids writes
 * after a paginated query). The bookmark must lie inside the range: Fabric starts the scan at the
 * bookmark without checking it, and a forged one would read outside the caller's partial key.
 */
export async function page(
  ctx: Context,
  type: string,
  partial: readonly string[],
  request: PageRequest,
): Promise<Page<Row<unknown>>> {
  return rawPage(ctx, type, partial, request, (objectType, stored) => readStored(objectType, stored));
}

/** One page of the records of `type` with the schema version each is stored in (read-only, as {@link page}). */
export async function pageStoredVersions(
  ctx: Context,
  type: string,
  request: PageRequest,
): Promise<Page<Row<{ readonly schemaVersion: number }>>> {
  return rawPage(ctx, type, [], request, (_objectType, stored) => ({ schemaVersion: storedVersion(stored) }));
}

/** The schema version the record under `key` is stored in, or undefined when there is none. */
export async function storedVersionAt(ctx: Context, key: string): Promise<number | undefined> {
  const bytes = await ctx.stub.getState(key);
  return bytes.length === 0 ? undefined : storedVersion(decode(bytes) as StoredFields);
}

async function rawPage<T>(
  ctx: Context,
  type: string,
  partial: readonly string[],
  request: PageRequest,
  view: (objectType: string, stored: StoredFields) => T,
): Promise<Page<Row<T>>> {
  const prefix = compositeKey(ctx, type, partial);
  if (request.bookmark !== '' && !request.bookmark.startsWith(prefix)) {
    throw fail.invalid('bookmark does not belong to this listing', { field: 'bookmark' });
  }
  const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
    type,
    [...partial],
    request.pageSize,
    request.bookmark,
  );
  const items: Row<T>[] = [];
  try {
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      const { key, value } = r.value;
      const { objectType, attributes } = ctx.stub.splitCompositeKey(key);
      items.push({ key, attributes, value: view(objectType, decode(value) as StoredFields) });
    }
  } finally {
    await iterator.close();
  }
  // A Fabric peer sends no pagination metadata with an empty page (proto3 omits an all-default
  // message), and fabric-shim then leaves `metadata` undefined: an empty page has no next one.
  const meta = metadata as typeof metadata | undefined;
  return { items, bookmark: meta?.bookmark ?? '' };
}

/** The history of `key`, oldest first, with values parsed and each brought to the current schema version. */
export async function history<T>(ctx: Context, key: string): Promise<HistoryEntry<T>[]> {
  const entries: HistoryEntry<T>[] = [];
  for await (const m of ctx.stub.getHistoryForKey(key)) {
    entries.push({
      txId: m.txId,
      timestamp: timestampToIso(m.timestamp),
      isDelete: m.isDelete,
      value: m.isDelete || m.value.length === 0 ? null : (decodeRecord(ctx, key, m.value) as T),
    });
  }
  // Fabric returns history newest first; a history reads naturally from the beginning.
  return entries.reverse();
}

/** Writes `value` canonically into a private data collection. */
export async function putPrivate(ctx: Context, collection: string, key: string, value: object): Promise<void> {
  await ctx.stub.putPrivateData(collection, key, encodeRecord(ctx, key, value));
}

/** A private record, or undefined. */
export async function getPrivateOptional<T>(ctx: Context, collection: string, key: string): Promise<T | undefined> {
  const bytes = await ctx.stub.getPrivateData(collection, key);
  return bytes.length === 0 ? undefined : (decodeRecord(ctx, key, bytes) as T);
}
