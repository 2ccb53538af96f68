import type { Page } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { callerOf } from './auth';
import type { AllianceContext } from './context';
import { resolveParty } from '../members/handle.store';
import { moveIndex, page, put, type PageRequest } from './ledger';

/**
 * The two things every record store does: save a record with the index rows that list it, and list
 * records through one of those indexes a page at a time.
 */

/**
 * An index a record is listed under: `type` + [...attributes(record), id]. `attributes` answers
 * undefined for a record the index does not list in its current state (a burned token has no owner).
 */
export interface RecordIndex<R> {
  readonly type: string;
  readonly attributes: (record: R) => readonly string[] | undefined;
}

/** The index row of `record`, or undefined when the index does not list it. */
function rowOf<R>(index: RecordIndex<R>, record: R | undefined, id: string): readonly string[] | undefined {
  const attributes = record === undefined ? undefined : index.attributes(record);
  return attributes === undefined ? undefined : [...attributes, id];
}

/**
 * Writes `record` under `key` and keeps its index rows: each index row moves when its attributes
 * changed (a status, a holder), is written when the record is new (`previous` undefined) or enters the
 * index, is deleted when it leaves it, and is left alone otherwise. Blind writes only, so keeping
 * indexes never makes a transaction conflict.
 */
export async function saveRecord<R extends object>(
  ctx: Context,
  key: string,
  id: string,
  record: R,
  previous: R | undefined,
  indexes: readonly RecordIndex<R>[],
): Promise<void> {
  await put(ctx, key, record);
  for (const index of indexes) {
    await moveIndex(ctx, index.type, rowOf(index, previous, id), rowOf(index, record, id));
  }
}

/**
 * One page of records listed by an index: the rows under `type` + `partial`, each naming its record's
 * id as its last attribute (see {@link saveRecord}), loaded with `load`.
 */
export async function listByIndex<R>(
  ctx: Context,
  type: string,
  partial: readonly string[],
  request: PageRequest,
  load: (id: string) => Promise<R | undefined>,
): Promise<Page<R>> {
  const rows = await page(ctx, type, partial, request);
  const items: R[] = [];
  for (const row of rows.items) {
    const record = await load(row.attributes[row.attributes.length - 1] ?? '');
    if (record !== undefined) items.push(record);
  }
  return { items, bookmark: rows.bookmark };
}

/** One page of records stored under `type` + `partial` themselves (no separate index). */
export async function listStored<R>(
  ctx: Context,
  type: string,
  partial: readonly string[],
  request: PageRequest,
): Promise<Page<R>> {
  const rows = await page(ctx, type, partial, request);
  return { items: rows.items.map((r) => r.value as R), bookmark: rows.bookmark };
}

/**
 * What a listing by party or by status reads: `by: 'status'` lists the records in status `value`;
 * any other `by` lists a party's own records — the party `value` names (by handle or party id), the
 * caller's when `value` is absent. The contract's listing schema has already checked that `value` fits
 * `by`.
 */
export async function listingTarget<By extends string>(
  ctx: AllianceContext,
  req: { readonly by: By; readonly value?: string | undefined },
): Promise<{ readonly by: By; readonly key: string; readonly byStatus: boolean }> {
  if (req.by === 'status') return { by: req.by, key: req.value ?? '', byStatus: true };
  const party = req.value === undefined ? callerOf(ctx).party : await resolveParty(ctx, req.value);
  return { by: req.by, key: party, byStatus: false };
}
