import { MAX_INPUT_LENGTH, OrderSnapshot, type OrderDetailsRecord } from '@allianceledger/contract';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { canonicalHash } from '../lib/hash';
import { compositeKey, getPrivateOptional, putPrivate } from '../lib/ledger';
import { parseValue } from '../lib/validate';

/**
 * The order snapshot: the private half of a store order (items, shipping address). It arrives in the
 * transient map — never in the arguments, which end up in blocks — is stored in the `orderDetails`
 * private data collection, and the public order keeps its SHA-256 (`snapshotHash`) over canonical JSON.
 */

/** Name of the private data collection (see collections_config.json). */
export const ORDER_DETAILS_COLLECTION = 'orderDetails';
/** Transient map key carrying the snapshot JSON. */
export const ORDER_TRANSIENT_KEY = 'order';
/** Private key type: `order~details` + [settlementNo]. */
export const ORDER_DETAILS_KEY = 'order~details';

export type { OrderDetailsRecord, OrderSnapshot };

/** A validated snapshot with its hash, or nothing when the request carried none. */
export type SnapshotInput =
  | { readonly snapshot: OrderSnapshot; readonly snapshotHash: string }
  | { readonly snapshot: undefined; readonly snapshotHash: undefined };

/**
 * Reads and validates the optional snapshot from the transient map (the patent's claim 1 needs none;
 * its "further includes" adds one); when present it must describe the order of the public input (same
 * number, currency and amount); the schema checks every discount against its line. INVALID_ARGUMENT
 * otherwise. Reads no state.
 */
export function readSnapshot(
  ctx: AllianceContext,
  expected: { readonly storeOrderNo: string; readonly currency: string; readonly amount: bigint },
): SnapshotInput {
  const bytes = ctx.stub.getTransient().get(ORDER_TRANSIENT_KEY);
  if (!bytes || bytes.length === 0) return { snapshot: undefined, snapshotHash: undefined };
  if (bytes.length > MAX_INPUT_LENGTH) {
    throw fail.invalid(`the order snapshot must be at most ${MAX_INPUT_LENGTH} bytes`, { field: 'transient.order' });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw fail.invalid('the order snapshot is not valid JSON', { field: 'transient.order' });
  }
  const snapshot = parseValue(raw, OrderSnapshot, 'transient.order');
  if (
    snapshot.storeOrderNo !== expected.storeOrderNo ||
    snapshot.currency !== expected.currency ||
    snapshot.amount !== expected.amount.toString()
  ) {
    throw fail.invalid('the order snapshot does not match storeOrderNo, currency and amount', {
      field: 'transient.order',
    });
  }
  return { snapshot, snapshotHash: canonicalHash(snapshot) };
}

/** Deletes a stored snapshot that no longer describes the order (the buyer changed it without one). */
export async function dropDetails(ctx: AllianceContext, settlementNo: string): Promise<void> {
  await ctx.stub.deletePrivateData(ORDER_DETAILS_COLLECTION, compositeKey(ctx, ORDER_DETAILS_KEY, [settlementNo]));
}

/** Stores the snapshot in the private collection. */
export async function storeDetails(ctx: AllianceContext, record: OrderDetailsRecord): Promise<void> {
  await putPrivate(ctx, ORDER_DETAILS_COLLECTION, compositeKey(ctx, ORDER_DETAILS_KEY, [record.settlementNo]), record);
}

/** The stored snapshot, or undefined. */
export function findDetails(ctx: AllianceContext, settlementNo: string): Promise<OrderDetailsRecord | undefined> {
  return getPrivateOptional<OrderDetailsRecord>(
    ctx,
    ORDER_DETAILS_COLLECTION,
    compositeKey(ctx, ORDER_DETAILS_KEY, [settlementNo]),
  );
}
