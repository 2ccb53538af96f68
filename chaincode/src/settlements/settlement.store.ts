import {
  TX_ID_PATTERN,
  type CreditDraw,
  type OrderRecord,
  type PurchaseRef,
  type SettlementRecord,
  type TopUp,
  type Exchange,
} from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { DeadlineKind, keepDeadline } from '../keeper/deadline.store';
import { ChaincodeError, ErrorCode } from '../lib/errors';
import { compositeKey, getOptional, getOrThrow, put } from '../lib/ledger';
import type { PartyId } from '../lib/party';
import { resolveParty } from '../members/handle.store';
import { saveRecord, type RecordIndex } from '../lib/records';
import { OrderStatus } from './settlement.states';

/** Key type of store orders: `order` + [settlementNo] (one purchase, one number). */
export const ORDER_KEY = 'order';
/** Key type of settlements: `settlement` + [settlementNo]. */
export const SETTLEMENT_KEY = 'settlement';
/** Key type of the store's numbering: `order~no` + [store, storeOrderNo] → `{settlementNo}`. */
export const STORE_ORDER_KEY = 'order~no';

/**
 * Listing indexes of store orders: `order~<by>` + [buyer | store | status, store, storeOrderNo,
 * settlementNo], so a listing runs in the store's own numbering.
 */
export const OrderIndex = {
  buyer: 'order~buyer',
  store: 'order~store',
  status: 'order~status',
} as const;
/**
 * Listing index of settlements by status: `settlement~status` + [status, store, storeOrderNo,
 * settlementNo]. Settlements by buyer and by store are listed through the orders' indexes
 * ({@link settlementListingIndex}): a settlement and its store order share number, buyer, store and
 * store order number, and neither party ever changes, so the rows would be the same twice over — a
 * payment wrote six index rows where four list the same.
 */
export const SettlementIndex = {
  status: 'settlement~status',
} as const;

/** The index a settlement listing pages through: the settlements' own by status, the orders' by party. */
export function settlementListingIndex(by: 'buyer' | 'store' | 'status'): string {
  return by === 'status' ? SettlementIndex.status : OrderIndex[by];
}

export type { CreditDraw, Exchange, OrderRecord, SettlementRecord, TopUp };

/** Key of a store order. */
export function orderKey(ctx: Context, settlementNo: string): string {
  return compositeKey(ctx, ORDER_KEY, [settlementNo]);
}

/** Key of a settlement. */
export function settlementKey(ctx: Context, settlementNo: string): string {
  return compositeKey(ctx, SETTLEMENT_KEY, [settlementNo]);
}

function storeOrderKey(ctx: Context, store: PartyId, storeOrderNo: string): string {
  return compositeKey(ctx, STORE_ORDER_KEY, [store, storeOrderNo]);
}

/** The settlement number of a store's order, or undefined when the store has no order with that number. */
export async function findSettlementNo(
  ctx: Context,
  store: PartyId,
  storeOrderNo: string,
): Promise<string | undefined> {
  return (await getOptional<{ settlementNo: string }>(ctx, storeOrderKey(ctx, store, storeOrderNo)))?.settlementNo;
}

/** A store order; NOT_FOUND otherwise. */
export function loadOrder(ctx: Context, settlementNo: string): Promise<OrderRecord> {
  return getOrThrow<OrderRecord>(ctx, orderKey(ctx, settlementNo), 'order', settlementNo);
}

/** A settlement; NOT_FOUND otherwise. */
export function loadSettlement(ctx: Context, settlementNo: string): Promise<SettlementRecord> {
  return getOrThrow<SettlementRecord>(ctx, settlementKey(ctx, settlementNo), 'settlement', settlementNo);
}

/**
 * The settlement number of the purchase an input names — by `settlementNo`, or by `store` (handle or
 * party id) and the store's `storeOrderNo`. NOT_FOUND otherwise, saying which id to use when the one
 * given looks like the other kind.
 */
export async function locatePurchase(ctx: Context, ref: PurchaseRef): Promise<string> {
  if (ref.settlementNo !== undefined) {
    if (await getOptional(ctx, settlementKey(ctx, ref.settlementNo))) return ref.settlementNo;
    const hint = TX_ID_PATTERN.test(ref.settlementNo)
      ? undefined
      : "a settlement number is the RequestSettlement transaction's id (64 hex digits); to name a purchase by " +
        "the store's own order number, give store and storeOrderNo";
    throw purchaseNotFound('settlement', ref.settlementNo, hint);
  }
  const storeRef = ref.store ?? '';
  const storeOrderNo = ref.storeOrderNo ?? '';
  const no = await findSettlementNo(ctx, await resolveParty(ctx, storeRef), storeOrderNo);
  if (no !== undefined) return no;
  const isSettlementNo =
    TX_ID_PATTERN.test(storeOrderNo) && (await getOptional(ctx, settlementKey(ctx, storeOrderNo))) !== undefined;
  throw purchaseNotFound(
    'order',
    `${storeRef} ${storeOrderNo}`,
    isSettlementNo ? `${storeOrderNo} is a settlement number: give it as settlementNo` : undefined,
  );
}

function purchaseNotFound(entity: string, id: string, hint: string | undefined): ChaincodeError {
  return new ChaincodeError(
    ErrorCode.NOT_FOUND,
    hint === undefined ? `${entity} not found` : `${entity} not found: ${hint}`,
    hint === undefined ? { entity, id } : { entity, id, hint },
  );
}

/** A purchase record's listing index by status (it moves with the status). */
function statusIndex<R extends { store: string; storeOrderNo: string; status: string }>(type: string): RecordIndex<R> {
  return { type, attributes: (r) => [r.status, r.store, r.storeOrderNo] };
}

/** A store order's listing indexes: by buyer, by store (never move) and by status. */
const ORDER_INDEXES: readonly RecordIndex<OrderRecord>[] = [
  { type: OrderIndex.buyer, attributes: (r) => [r.buyer, r.store, r.storeOrderNo] },
  { type: OrderIndex.store, attributes: (r) => [r.store, r.storeOrderNo] },
  statusIndex<OrderRecord>(OrderIndex.status),
];
/** A settlement's own listing index: by status only (by party, see {@link settlementListingIndex}). */
const SETTLEMENT_INDEXES: readonly RecordIndex<SettlementRecord>[] = [
  statusIndex<SettlementRecord>(SettlementIndex.status),
];

/** Writes a store order, its indexes, the store's numbering row (when new) and its deadline row; `previous` is undefined when it is new. */
export async function saveOrder(ctx: Context, order: OrderRecord, previous: OrderRecord | undefined): Promise<void> {
  const no = order.settlementNo;
  await saveRecord(ctx, orderKey(ctx, no), no, order, previous, ORDER_INDEXES);
  if (previous === undefined) {
    await put(ctx, storeOrderKey(ctx, order.store, order.storeOrderNo), { settlementNo: no });
  }
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
