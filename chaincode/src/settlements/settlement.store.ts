import type { Context } from 'fabric-contract-api';
import { DeadlineKind, keepDeadline } from '../keeper/deadline.store';
import { compositeKey, getOptional, getOrThrow, moveIndex, put } from '../lib/ledger';
import type { PartyId } from '../lib/party';
import { OrderStatus, type SettlementStatus } from './settlement.states';

/** Key type of store orders: `order` + [storeOrderNo]. */
export const ORDER_KEY = 'order';
/** Key type of settlements: `settlement` + [settlementNo]. */
export const SETTLEMENT_KEY = 'settlement';

/** Listing indexes of store orders: `order~<by>` + [buyer | store | status, storeOrderNo]. */
export const OrderIndex = {
  buyer: 'order~buyer',
  store: 'order~store',
  status: 'order~status',
} as const;
/** Listing indexes of settlements: `settlement~<by>` + [buyer | store | status, settlementNo]. */
export const SettlementIndex = {
  buyer: 'settlement~buyer',
  store: 'settlement~store',
  status: 'settlement~status',
} as const;

/** Logistics of a shipped order. */
export interface Logistics {
  readonly carrier: string;
  readonly trackingNo: string;
  readonly shippedAt: string;
}

/** The public store order. Its items and address are private (see order-details.ts). */
export interface OrderRecord {
  /** Unique; starts with `<storeAccountId>-`. */
  readonly storeOrderNo: string;
  readonly settlementNo: string;
  readonly buyer: PartyId;
  readonly buyerAccountId: string;
  readonly store: PartyId;
  readonly storeAccountId: string;
  readonly currency: string;
  readonly amount: string;
  /** SHA-256 of the canonical JSON of the private order snapshot; absent when the buyer sent none. */
  readonly snapshotHash?: string;
  /** Auto-release this many seconds after shipment. */
  readonly timeLimitSeconds: number;
  readonly status: OrderStatus;
  /** How many times the buyer changed the order (RequestSettlement again). */
  readonly revision: number;
  readonly logistics?: Logistics;
  readonly deliveredAt?: string;
  readonly deliveryProofHash?: string;
  /** shippedAt + timeLimitSeconds: from then on anyone may call SettleExpired. */
  readonly releaseDeadline?: string;
  /** What the store received when the order closed. */
  readonly paidAmount?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt?: string;
}

/** Funds moved from another account of the buyer to cover a freeze (step 1a). */
export interface TopUp {
  readonly fromAccountId: string;
  readonly amount: string;
  readonly txId: string;
}

/** Funds drawn on a bank credit line to cover a freeze (step 1b). */
export interface CreditDraw {
  readonly creditLineId: string;
  readonly amount: string;
  readonly txId: string;
}

/** A dispute raised by the buyer. */
export interface Dispute {
  readonly reason: string;
  readonly evidenceHash?: string;
  readonly at: string;
}

/** An arbitrator's split. */
export interface Resolution {
  readonly storeAmount: string;
  readonly buyerAmount: string;
  readonly ruling: string;
  readonly by: PartyId;
  readonly at: string;
}

/** The escrow held for a store order (C2C settlement). */
export interface SettlementRecord {
  /** The id of the transaction that created it. */
  readonly settlementNo: string;
  readonly storeOrderNo: string;
  readonly buyer: PartyId;
  readonly buyerAccountId: string;
  readonly store: PartyId;
  readonly storeAccountId: string;
  readonly currency: string;
  readonly amount: string;
  /** Funds frozen in the buyer's account for this settlement: `amount` while open, 0 once closed. */
  readonly frozenAmount: string;
  /** Paid to the store when it closed. */
  readonly paidAmount: string;
  /** Returned to the buyer's available funds when it closed. */
  readonly refundedAmount: string;
  /** The transaction that paid the store (the payment record). */
  readonly paymentTxId?: string;
  readonly topUps: readonly TopUp[];
  /** Shortfalls covered by draws on the buyer's credit line (step 1b); absent when there were none. */
  readonly creditDraws?: readonly CreditDraw[];
  readonly status: SettlementStatus;
  readonly dispute?: Dispute;
  readonly resolution?: Resolution;
  readonly cancelReason?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt?: string;
}

/** Key of a store order. */
export function orderKey(ctx: Context, storeOrderNo: string): string {
  return compositeKey(ctx, ORDER_KEY, [storeOrderNo]);
}

/** Key of a settlement. */
export function settlementKey(ctx: Context, settlementNo: string): string {
  return compositeKey(ctx, SETTLEMENT_KEY, [settlementNo]);
}

/** A store order, or undefined. */
export function findOrder(ctx: Context, storeOrderNo: string): Promise<OrderRecord | undefined> {
  return getOptional<OrderRecord>(ctx, orderKey(ctx, storeOrderNo));
}

/** A store order; NOT_FOUND otherwise. */
export function loadOrder(ctx: Context, storeOrderNo: string): Promise<OrderRecord> {
  return getOrThrow<OrderRecord>(ctx, orderKey(ctx, storeOrderNo), 'order', storeOrderNo);
}

/** A settlement; NOT_FOUND otherwise. */
export function loadSettlement(ctx: Context, settlementNo: string): Promise<SettlementRecord> {
  return getOrThrow<SettlementRecord>(ctx, settlementKey(ctx, settlementNo), 'settlement', settlementNo);
}

/** Writes a store order and keeps its indexes; `previous` is undefined when it is new. */
export async function saveOrder(ctx: Context, order: OrderRecord, previous: OrderRecord | undefined): Promise<void> {
  await put(ctx, orderKey(ctx, order.storeOrderNo), order);
  const id = order.storeOrderNo;
  if (!previous) {
    await moveIndex(ctx, OrderIndex.buyer, undefined, [order.buyer, id]);
    await moveIndex(ctx, OrderIndex.store, undefined, [order.store, id]);
  }
  await moveIndex(ctx, OrderIndex.status, previous ? [previous.status, id] : undefined, [order.status, id]);
  await keepDeadline(
    ctx,
    DeadlineKind.SETTLEMENT_RELEASE,
    order.settlementNo,
    previous && runningDeadline(previous),
    runningDeadline(order),
  );
}

/** The release deadline while it runs: from shipment until the order completes or is disputed. */
function runningDeadline(order: OrderRecord): string | undefined {
  return order.status === OrderStatus.SHIPPED || order.status === OrderStatus.DELIVERED
    ? order.releaseDeadline
    : undefined;
}

/** Writes a settlement and keeps its indexes; `previous` is undefined when it is new. */
export async function saveSettlement(
  ctx: Context,
  settlement: SettlementRecord,
  previous: SettlementRecord | undefined,
): Promise<void> {
  await put(ctx, settlementKey(ctx, settlement.settlementNo), settlement);
  const id = settlement.settlementNo;
  if (!previous) {
    await moveIndex(ctx, SettlementIndex.buyer, undefined, [settlement.buyer, id]);
    await moveIndex(ctx, SettlementIndex.store, undefined, [settlement.store, id]);
  }
  await moveIndex(ctx, SettlementIndex.status, previous ? [previous.status, id] : undefined, [settlement.status, id]);
}
