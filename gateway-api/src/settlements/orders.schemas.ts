import type { OrderDetailsRecord, OrderRecord, OrderSnapshot as OrderSnapshotRecord } from '@allianceledger/chaincode';
import { z } from 'zod';
import type { Describes, Expect } from '../common/chaincode-result';
import { Amount, PositiveAmount } from '../common/amount.schemas';
import { historyOf } from '../common/history.schemas';
import { CurrencyCode, Id, PartyId, Sha256Hex, text, Timestamp, TxId } from '../common/ids.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

export const OrderStatus = z.enum([
  'PLACED',
  'PAID',
  'SHIPPED',
  'DELIVERED',
  'COMPLETED',
  'CANCELLED',
  'DISPUTED',
  'ARBITRATED',
]);

const label = text(256);

export const OrderItem = z.strictObject({
  name: label,
  model: label.optional(),
  spec: label.optional(),
  quantity: z.number().int().min(1).max(1_000_000),
  unitPrice: Amount,
  discount: Amount.optional().describe('Off the line total (quantity × unitPrice), never above it'),
  origin: label.optional(),
  warehouse: label.optional(),
});

export const ShippingAddress = z.strictObject({
  recipient: label,
  phone: text(32).optional(),
  line1: label,
  line2: label.optional(),
  city: label,
  region: label.optional(),
  postalCode: text(16).optional(),
  country: text(64),
});

/**
 * The order as buyer and store agreed it: the private half of a store order. It travels in Fabric's
 * transient map, is kept in the `orderDetails` private data collection, and only its SHA-256
 * (`snapshotHash`, over canonical JSON) is public.
 */
export const OrderSnapshot = z
  .strictObject({
    storeOrderNo: Id.describe("The same as the request's"),
    currency: CurrencyCode.describe("The same as the request's"),
    amount: Amount.describe("The same as the request's"),
    items: z.array(OrderItem).min(1).max(200),
    shippingAddress: ShippingAddress,
    note: text(1024).optional(),
  })
  .meta({ id: 'OrderSnapshot' });

export type OrderSnapshotMatchesChaincode = Expect<Describes<z.infer<typeof OrderSnapshot>, OrderSnapshotRecord>>;

/** The public store order: amounts, parties, status and logistics — never items or address. */
export const Order = z
  .object({
    storeOrderNo: Id.describe('Unique; starts with `<storeAccountId>-`'),
    settlementNo: TxId,
    buyer: PartyId,
    buyerAccountId: Id,
    store: PartyId,
    storeAccountId: Id,
    currency: CurrencyCode,
    amount: PositiveAmount,
    snapshotHash: Sha256Hex.optional().describe(
      'SHA-256 (hex) of the canonical JSON of the private order snapshot; absent when the buyer sent none',
    ),
    timeLimitSeconds: z.number().int().describe('Auto-release this long after shipment'),
    status: OrderStatus,
    revision: z.number().int().describe('How many times the buyer changed the order'),
    logistics: z.object({ carrier: z.string(), trackingNo: z.string(), shippedAt: Timestamp }).optional(),
    deliveredAt: Timestamp.optional(),
    deliveryProofHash: Sha256Hex.optional(),
    releaseDeadline: Timestamp.optional().describe('shippedAt + timeLimitSeconds: from then on anyone may settle'),
    paidAmount: Amount.optional().describe('What the store received when the order closed'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    closedAt: Timestamp.optional(),
  })
  .meta({ id: 'Order' });

export type OrderMatchesChaincode = Expect<Describes<z.infer<typeof Order>, OrderRecord>>;

export const OrderPage = pageOf(Order).meta({ id: 'OrderPage' });

export const OrderHistory = historyOf(Order).meta({ id: 'OrderHistory' });

/** The private order details: readable by the buyer, the store, auditors and arbitrators only. */
export const OrderDetails = z
  .object({ storeOrderNo: Id, snapshotHash: Sha256Hex, snapshot: OrderSnapshot })
  .meta({ id: 'OrderDetails' });

export type OrderDetailsMatchesChaincode = Expect<Describes<z.infer<typeof OrderDetails>, OrderDetailsRecord>>;

export const OrderParams = z.strictObject({ storeOrderNo: Id });

export const ShipmentBody = z.strictObject({ carrier: text(128), trackingNo: text(128) });

export const DeliveryBody = z.strictObject({
  proofHash: Sha256Hex.optional().describe('SHA-256 of the delivery proof (e.g. a signed delivery note)'),
});

/** Listings of purchases (orders, settlements): a party's own, or all in one status. */
export const ListBy = z
  .enum(['buyer', 'store', 'status'])
  .describe("buyer or store: a party's own records; status: all in one status (auditors, arbitrators)");

export const ListValue = z
  .string()
  .max(1024)
  .optional()
  .describe(
    'by=buyer or by=store: a party id, percent-encoded (default: the caller; auditors may name anyone); ' +
      'by=status: the status',
  );

/** `value` must fit `by`: a status for by=status, a party id (or nothing: the caller) otherwise. */
export function valueFitsBy(
  statuses: z.ZodEnum,
): (query: { by: string; value?: string | undefined }, ctx: z.RefinementCtx) => void {
  return (query, ctx) => {
    const fits =
      query.by === 'status'
        ? statuses.safeParse(query.value).success
        : query.value === undefined || PartyId.safeParse(query.value).success;
    if (!fits) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: query.by === 'status' ? `one of ${statuses.options.join(', ')}` : 'a party id',
      });
    }
  };
}

export const ListOrdersQuery = z
  .strictObject({ by: ListBy, value: ListValue, ...Paging })
  .superRefine(valueFitsBy(OrderStatus));
