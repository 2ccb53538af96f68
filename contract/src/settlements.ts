import { z } from 'zod';
import { SettlementExchange } from './fx';
import { listing } from './listing';
import {
  Amount,
  AMOUNT_PATTERN,
  AmountText,
  CurrencyCode,
  historyEntryOf,
  Id,
  pageOf,
  PartyId,
  PartyRef,
  PositiveAmount,
  PositiveAmountText,
  RecordRef,
  Sha256Hex,
  text,
  Timestamp,
  TxId,
} from './primitives';

/** The store order's status. RequestSettlement creates it PLACED. */
export const OrderStatus = {
  PLACED: 'PLACED',
  PAID: 'PAID',
  SHIPPED: 'SHIPPED',
  DELIVERED: 'DELIVERED',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
  DISPUTED: 'DISPUTED',
  ARBITRATED: 'ARBITRATED',
} as const;
/** A store order status. */
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** The escrow settlement's status. RequestSettlement creates it PAID (funds frozen). */
export const SettlementStatus = {
  PAID: 'PAID',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
  DISPUTED: 'DISPUTED',
  ARBITRATED: 'ARBITRATED',
} as const;
/** A settlement status. */
export type SettlementStatus = (typeof SettlementStatus)[keyof typeof SettlementStatus];

/**
 * The settlement time-limit rule: if the buyer neither confirms nor disputes within the limit after
 * shipment, anyone may release the full amount to the store (SettleExpired).
 */
export const TIME_LIMIT = {
  /** Auto-release 10 days after shipment unless the request says otherwise. */
  DEFAULT_SECONDS: 10 * 24 * 60 * 60,
  /** One minute at least (flash sales, digital goods, the real-network suite)… */
  MIN_SECONDS: 60,
  /** …and 90 days at most. */
  MAX_SECONDS: 90 * 24 * 60 * 60,
} as const;

const label = text(256);

/** One line of an order snapshot. */
export const OrderItem = z.strictObject({
  name: label,
  model: label.optional(),
  spec: label.optional(),
  quantity: z.number().int().min(1).max(1_000_000),
  unitPrice: AmountText,
  discount: AmountText.optional().describe('Off the line total (quantity × unitPrice), never above it'),
  origin: label.optional(),
  warehouse: label.optional(),
});

/** Where the goods go. */
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
 * transient field `order`, is kept in the `orderDetails` private data collection, and only its SHA-256
 * (`snapshotHash`, over canonical JSON) is public. Amounts stay canonical strings: the snapshot is
 * stored (and hashed) as sent. Every discount is at most its line's price.
 */
export const OrderSnapshot = z
  .strictObject({
    storeOrderNo: Id.describe("The same as the request's"),
    currency: CurrencyCode.describe("The same as the request's"),
    amount: AmountText.describe("The same as the request's"),
    items: z.array(OrderItem).min(1).max(200),
    shippingAddress: ShippingAddress,
    note: text(1024).optional(),
  })
  .superRefine((snapshot, ctx) => {
    snapshot.items.forEach((item, i) => {
      // Refinements run even when a field failed: compare only amounts that are amounts.
      const amounts = [item.unitPrice, item.discount ?? '0'];
      if (!Number.isSafeInteger(item.quantity) || !amounts.every((a) => AMOUNT_PATTERN.test(a))) return;
      if (BigInt(item.discount ?? '0') > BigInt(item.quantity) * BigInt(item.unitPrice)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'discount'],
          message: 'at most the line price (quantity × unitPrice)',
        });
      }
    });
  })
  .meta({ id: 'OrderSnapshot' });
/** A validated order snapshot. */
export type OrderSnapshot = z.infer<typeof OrderSnapshot>;

/** `settlements:RequestSettlement` (step 1): the buyer freezes the amount of a store order. */
export const RequestSettlementInput = z.strictObject({
  storeOrderNo: Id.describe(
    "The store's own order number, unique per store. The same number again, while not shipped, updates it",
  ),
  buyerAccountId: Id.describe('Owned by the caller, a buyer: the amount is frozen there'),
  storeAccountId: Id.describe('Owned by an active store: the store of the order'),
  currency: CurrencyCode,
  amount: PositiveAmount,
  timeLimitSeconds: z
    .number()
    .int()
    .min(TIME_LIMIT.MIN_SECONDS)
    .max(TIME_LIMIT.MAX_SECONDS)
    .optional()
    .describe('Auto-release this long after shipment: one minute to 90 days (default 10 days)'),
  topUpFromAccountId: Id.optional().describe('Step 1a: another account of the buyer that covers a shortfall'),
  creditLineId: RecordRef.optional().describe(
    "Step 1b: the buyer's own credit line that covers a shortfall: the bank's funding account pays it and the " +
      'line records the draw',
  ),
  exchange: SettlementExchange.optional().describe(
    'Patent step S103: pay the buyer’s quote now, converting another currency into the order’s at the rate of this ' +
      'transaction; what it receives joins the buyer’s funds before the amount is frozen',
  ),
});

/**
 * How an input names a purchase (a store order and its settlement, one id each): by its settlement
 * number, or by its store and the store's own order number. Every purchase step and query takes either.
 */
export const PurchaseRefShape = {
  settlementNo: RecordRef.optional().describe(
    'The settlement number (the id of the RequestSettlement transaction); or give store and storeOrderNo',
  ),
  store: PartyRef.optional().describe('With storeOrderNo: the store of the order (its handle or party id)'),
  storeOrderNo: Id.optional().describe("With store: the store's own order number"),
} as const;

/** The fields that name a purchase, as decoded: exactly one of `settlementNo` and `store` + `storeOrderNo`. */
export interface PurchaseRef {
  readonly settlementNo?: string | undefined;
  readonly store?: string | undefined;
  readonly storeOrderNo?: string | undefined;
}

/** Checks that a purchase is named exactly one way, saying what is missing. */
function checkPurchaseRef(input: PurchaseRef, ctx: z.RefinementCtx): void {
  const byOrder = input.store !== undefined || input.storeOrderNo !== undefined;
  if (input.settlementNo !== undefined && byOrder) {
    ctx.addIssue({
      code: 'custom',
      path: ['settlementNo'],
      message: 'give settlementNo or store and storeOrderNo, not both',
    });
  } else if (input.settlementNo === undefined && !byOrder) {
    ctx.addIssue({ code: 'custom', path: ['settlementNo'], message: 'required, or store and storeOrderNo' });
  } else if (byOrder && input.store === undefined) {
    ctx.addIssue({ code: 'custom', path: ['store'], message: 'required with storeOrderNo' });
  } else if (byOrder && input.storeOrderNo === undefined) {
    ctx.addIssue({ code: 'custom', path: ['storeOrderNo'], message: 'required with store' });
  }
}

/**
 * The fields of each purchase step besides the purchase's name: what a REST body carries when the path
 * names the purchase.
 */
export const PurchaseStepFields = {
  ship: { carrier: text(128), trackingNo: text(128) },
  recordDelivery: {
    proofHash: Sha256Hex.optional().describe('SHA-256 of the delivery proof (e.g. a signed delivery note)'),
  },
  confirmReceipt: {
    amountToPay: Amount.describe('Paid to the store, at most the amount; the rest returns to the buyer'),
  },
  cancel: { reason: text(1024).optional() },
  dispute: {
    reason: text(1024),
    evidenceHash: Sha256Hex.optional().describe('SHA-256 of the evidence, kept off chain'),
  },
  arbitrate: {
    storeAmount: Amount.describe('Paid to the store, at most the amount; the rest returns to the buyer'),
    ruling: text(2048),
  },
} as const;

/** `AcknowledgePayment`, `SettleExpired`, `GetOrder`, `GetOrderDetails`, `GetSettlement` and the histories. */
export const PurchaseRefInput = z.strictObject(PurchaseRefShape).superRefine(checkPurchaseRef);
/** `settlements:Ship`. */
export const ShipInput = z
  .strictObject({ ...PurchaseRefShape, ...PurchaseStepFields.ship })
  .superRefine(checkPurchaseRef);
/** `settlements:RecordDelivery`. */
export const RecordDeliveryInput = z
  .strictObject({ ...PurchaseRefShape, ...PurchaseStepFields.recordDelivery })
  .superRefine(checkPurchaseRef);
/** `settlements:ConfirmReceipt` (step 4). */
export const ConfirmReceiptInput = z
  .strictObject({ ...PurchaseRefShape, ...PurchaseStepFields.confirmReceipt })
  .superRefine(checkPurchaseRef);
/** `settlements:Cancel` (step 6). */
export const CancelSettlementInput = z
  .strictObject({ ...PurchaseRefShape, ...PurchaseStepFields.cancel })
  .superRefine(checkPurchaseRef);
/** `settlements:Dispute` (step 7). */
export const DisputeInput = z
  .strictObject({ ...PurchaseRefShape, ...PurchaseStepFields.dispute })
  .superRefine(checkPurchaseRef);
/** `settlements:Arbitrate` (step 7). */
export const ArbitrateInput = z
  .strictObject({ ...PurchaseRefShape, ...PurchaseStepFields.arbitrate })
  .superRefine(checkPurchaseRef);

/** `settlements:ListOrders`. */
export const ListOrders = listing(['buyer', 'store'], OrderStatus);
/** `settlements:ListSettlements`. */
export const ListSettlements = listing(['buyer', 'store'], SettlementStatus);

/** Logistics of a shipped order. */
export const Logistics = z.object({ carrier: z.string(), trackingNo: z.string(), shippedAt: Timestamp });

/** The public store order: amounts, parties, status and logistics — never items or address. */
export const OrderRecord = z
  .object({
    storeOrderNo: Id.describe("The store's own order number, unique per store"),
    settlementNo: TxId,
    buyer: PartyId,
    buyerAccountId: Id,
    store: PartyId,
    storeAccountId: Id,
    currency: CurrencyCode,
    amount: PositiveAmountText,
    snapshotHash: Sha256Hex.optional().describe(
      'SHA-256 (hex) of the canonical JSON of the private order snapshot; absent when the buyer sent none',
    ),
    timeLimitSeconds: z.number().int().describe('Auto-release this long after shipment'),
    status: z.enum(OrderStatus),
    revision: z.number().int().describe('How many times the buyer changed the order'),
    logistics: Logistics.optional(),
    deliveredAt: Timestamp.optional(),
    deliveryProofHash: Sha256Hex.optional(),
    releaseDeadline: Timestamp.optional().describe('shippedAt + timeLimitSeconds: from then on anyone may settle'),
    paidAmount: AmountText.optional().describe('What the store received when the order closed'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    closedAt: Timestamp.optional(),
  })
  .meta({ id: 'Order' });
/** The public store order. */
export type OrderRecord = z.infer<typeof OrderRecord>;

/** Funds moved from another account of the buyer to cover a freeze (step 1a). */
export const TopUp = z.object({ fromAccountId: Id, amount: PositiveAmountText, txId: TxId });
/** A top-up. */
export type TopUp = z.infer<typeof TopUp>;

/** Funds drawn on a bank credit line to cover a freeze (step 1b). */
export const CreditDraw = z.object({ creditLineId: z.string(), amount: PositiveAmountText, txId: TxId });
/** A credit draw. */
export type CreditDraw = z.infer<typeof CreditDraw>;

/** Funds converted from another currency into the buyer's account to fund a freeze (patent step S103). */
export const Exchange = z.object({
  quoteId: TxId,
  payCurrency: z.string(),
  payAmount: PositiveAmountText.describe('What the buyer paid in `payCurrency`'),
  amount: PositiveAmountText.describe('What it received in the order’s currency'),
  txId: TxId,
});
/** A conversion that funded an escrow. */
export type Exchange = z.infer<typeof Exchange>;

/** The escrow held for a store order (C2C settlement). */
export const SettlementRecord = z
  .object({
    settlementNo: TxId.describe('The id of the transaction that requested it'),
    storeOrderNo: Id,
    buyer: PartyId,
    buyerAccountId: Id,
    store: PartyId,
    storeAccountId: Id,
    currency: CurrencyCode,
    amount: PositiveAmountText,
    frozenAmount: AmountText.describe("Frozen in the buyer's account: `amount` while open, 0 once closed"),
    paidAmount: AmountText.describe('Paid to the store when it closed'),
    refundedAmount: AmountText.describe("Returned to the buyer's available funds when it closed"),
    paymentTxId: TxId.optional().describe('The transaction that paid the store: the payment record'),
    topUps: z.array(TopUp).describe('Shortfalls covered from another account of the buyer'),
    creditDraws: z
      .array(CreditDraw)
      .optional()
      .describe("Shortfalls covered by draws on the buyer's credit line (step 1b); absent when none"),
    exchanges: z
      .array(Exchange)
      .optional()
      .describe('Funds converted from another currency at the transaction time (patent step S103); absent when none'),
    status: z.enum(SettlementStatus),
    dispute: z.object({ reason: z.string(), evidenceHash: Sha256Hex.optional(), at: Timestamp }).optional(),
    resolution: z
      .object({ storeAmount: AmountText, buyerAmount: AmountText, ruling: z.string(), by: PartyId, at: Timestamp })
      .optional()
      .describe("The arbitrator's split"),
    cancelReason: z.string().optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    closedAt: Timestamp.optional(),
  })
  .meta({ id: 'Settlement' });
/** The escrow held for a store order. */
export type SettlementRecord = z.infer<typeof SettlementRecord>;

/** The private order details: readable by the buyer, the store, auditors and arbitrators only. */
export const OrderDetailsRecord = z
  .object({ settlementNo: TxId, storeOrderNo: Id, snapshotHash: Sha256Hex, snapshot: OrderSnapshot })
  .meta({ id: 'OrderDetails' });
/** The private order details. */
export type OrderDetailsRecord = z.infer<typeof OrderDetailsRecord>;

/** A purchase step changes the settlement and its store order together, and answers both. */
export const SettlementStep = z
  .object({ settlement: SettlementRecord, order: OrderRecord })
  .meta({ id: 'SettlementStep' });
/** A settlement and its order after a step. */
export type SettlementStep = z.infer<typeof SettlementStep>;

/** What a step anyone may take tells a caller who may not read the purchase: its number and new status. */
export const SettlementOutcome = z
  .object({ settlementNo: SettlementRecord.shape.settlementNo, status: SettlementRecord.shape.status })
  .meta({ id: 'SettlementOutcome' });
/** A settlement's number and status, without its parties or amounts. */
export type SettlementOutcome = z.infer<typeof SettlementOutcome>;

/**
 * SettleExpired's answer: the settlement and its order to the purchase's readers (its buyer and store,
 * auditors, arbitrators); to anyone else — the keeper too — only the settlement number and COMPLETED.
 */
export const ExpiredSettlement = z.union([SettlementStep, SettlementOutcome]).meta({ id: 'ExpiredSettlement' });
/** What SettleExpired answers. */
export type ExpiredSettlement = z.infer<typeof ExpiredSettlement>;

/** What RequestSettlement answers. */
export const SettlementRequested = SettlementStep.extend({
  updated: z.boolean().describe('An open settlement of the same store order was updated instead of created'),
}).meta({ id: 'SettlementRequested' });
/** What RequestSettlement answers. */
export type SettlementRequested = z.infer<typeof SettlementRequested>;

export const OrderPage = pageOf(OrderRecord);
export const SettlementPage = pageOf(SettlementRecord);
export const OrderHistory = z.array(historyEntryOf(OrderRecord));
export const SettlementHistory = z.array(historyEntryOf(SettlementRecord));
