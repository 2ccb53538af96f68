import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { canonicalHash } from '../lib/hash';
import { compositeKey, getPrivateOptional, putPrivate } from '../lib/ledger';
import { amountText, array, id, integer, MAX_INPUT_LENGTH, object, optional, text, type Infer } from '../lib/validate';
import { currencyCode } from '../wallets/currency.service';

/**
 * The order snapshot: the private half of a store order (items, shipping address). It arrives in the
 * transient map — never in the arguments, which end up in blocks — is stored in the `orderDetails`
 * private data collection, and the public order keeps its SHA-256 (`snapshotHash`) over canonical JSON.
 */

/** Name of the private data collection (see collections_config.json). */
export const ORDER_DETAILS_COLLECTION = 'orderDetails';
/** Transient map key carrying the snapshot JSON. */
export const ORDER_TRANSIENT_KEY = 'order';
/** Private key type: `order~details` + [storeOrderNo]. */
export const ORDER_DETAILS_KEY = 'order~details';

const label = text({ max: 256 });

const OrderItem = object({
  name: label,
  model: optional(label),
  spec: optional(label),
  quantity: integer(1, 1_000_000),
  unitPrice: amountText,
  discount: optional(amountText),
  origin: optional(label),
  warehouse: optional(label),
});

const Address = object({
  recipient: label,
  phone: optional(text({ max: 32 })),
  line1: label,
  line2: optional(label),
  city: label,
  region: optional(label),
  postalCode: optional(text({ max: 16 })),
  country: text({ max: 64 }),
});

/** The snapshot of an order as buyer and store agreed it. */
export const OrderSnapshot = object({
  storeOrderNo: id,
  currency: currencyCode,
  amount: amountText,
  items: array(OrderItem, 1, 200),
  shippingAddress: Address,
  note: optional(text({ max: 1024 })),
});

/** A validated order snapshot. */
export type OrderSnapshot = Infer<typeof OrderSnapshot>;

/** The private record: the snapshot and its hash. */
export interface OrderDetailsRecord {
  readonly storeOrderNo: string;
  readonly snapshotHash: string;
  readonly snapshot: OrderSnapshot;
}

/** A validated snapshot with its hash, or nothing when the request carried none. */
export type SnapshotInput =
  | { readonly snapshot: OrderSnapshot; readonly snapshotHash: string }
  | { readonly snapshot: undefined; readonly snapshotHash: undefined };

/**
 * Reads and validates the optional snapshot from the transient map (the patent's claim 1 needs none;
 * its "further includes" adds one); when present it must describe the order of the public input (same
 * number, currency and amount). INVALID_ARGUMENT otherwise. Reads no state.
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
  const snapshot = OrderSnapshot(raw, 'transient.order');
  if (
    snapshot.storeOrderNo !== expected.storeOrderNo ||
    snapshot.currency !== expected.currency ||
    snapshot.amount !== expected.amount.toString()
  ) {
    throw fail.invalid('the order snapshot does not match storeOrderNo, currency and amount', {
      field: 'transient.order',
    });
  }
  snapshot.items.forEach((item, i) => {
    if (BigInt(item.discount ?? '0') > BigInt(item.quantity) * BigInt(item.unitPrice)) {
      throw fail.invalid('an item discount exceeds its price', { field: `transient.order.items[${i}].discount` });
    }
  });
  return { snapshot, snapshotHash: canonicalHash(snapshot) };
}

/** Deletes a stored snapshot that no longer describes the order (the buyer changed it without one). */
export async function dropDetails(ctx: AllianceContext, storeOrderNo: string): Promise<void> {
  await ctx.stub.deletePrivateData(ORDER_DETAILS_COLLECTION, compositeKey(ctx, ORDER_DETAILS_KEY, [storeOrderNo]));
}

/** Stores the snapshot in the private collection. */
export async function storeDetails(ctx: AllianceContext, record: OrderDetailsRecord): Promise<void> {
  await putPrivate(ctx, ORDER_DETAILS_COLLECTION, compositeKey(ctx, ORDER_DETAILS_KEY, [record.storeOrderNo]), record);
}

/** The stored snapshot, or undefined. */
export function findDetails(ctx: AllianceContext, storeOrderNo: string): Promise<OrderDetailsRecord | undefined> {
  return getPrivateOptional<OrderDetailsRecord>(
    ctx,
    ORDER_DETAILS_COLLECTION,
    compositeKey(ctx, ORDER_DETAILS_KEY, [storeOrderNo]),
  );
}
