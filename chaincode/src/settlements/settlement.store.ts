import type { CreditDraw, OrderRecord, SettlementRecord, TopUp } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { DeadlineKind, keepDeadline } from '../keeper/deadline.store';
import { compositeKey, getOptional, getOrThrow } from '../lib/ledger';
import { saveRecord, type RecordIndex } from '../lib/records';
import { OrderStatus } from './settlement.states';

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

export type { CreditDraw, OrderRecord, SettlementRecord, TopUp };

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

/** The listing indexes of a purchase record: by buyer, by store (never move) and by status. */
function purchaseIndexes<R extends { buyer: string; store: string; status: string }>(
  index: Readonly<Record<'buyer' | 'store' | 'status', string>>,
): RecordIndex<R>[] {
  return [
    { type: index.buyer, attributes: (r) => [r.buyer] },
    { type: index.store, attributes: (r) => [r.store] },
    { type: index.status, attributes: (r) => [r.status] },
  ];
}

const ORDER_INDEXES = purchaseIndexes<OrderRecord>(OrderIndex);
const SETTLEMENT_INDEXES = purchaseIndexes<SettlementRecord>(SettlementIndex);

/** Writes a store order, its indexes and its deadline row; `previous` is undefined when it is new. */
export async function saveOrder(ctx: Context, order: OrderRecord, previous: OrderRecord | undefined): Promise<void> {
  await saveRecord(ctx, orderKey(ctx, order.storeOrderNo), order.storeOrderNo, order, previous, ORDER_INDEXES);
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
export function saveSettlement(
  ctx: Context,
  settlement: SettlementRecord,
  previous: SettlementRecord | undefined,
): Promise<void> {
  const no = settlement.settlementNo;
  return saveRecord(ctx, settlementKey(ctx, no), no, settlement, previous, SETTLEMENT_INDEXES);
}
