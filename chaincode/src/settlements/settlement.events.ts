import { audience, type Audience, type EventData } from '../lib/events';
import type { PartyId } from '../lib/party';
import type { OrderRecord, SettlementRecord } from './settlement.store';

/**
 * The payloads of the purchase events: the order's and the settlement's ids, parties, states and the
 * amounts of this purchase — never an account balance, never the private order details. Buyer and
 * store read them; `extra` adds parties of one step (the bank whose credit line a step drew on).
 */
export function purchaseAudience(order: OrderRecord, extra: readonly PartyId[] = []): Audience {
  return audience([order.buyer, order.store, ...extra]);
}

/** The public facts of a store order after a store-side step (acknowledge, ship, deliver). */
export function orderEventData(order: OrderRecord): EventData<'OrderShipped'> {
  return {
    storeOrderNo: order.storeOrderNo,
    settlementNo: order.settlementNo,
    buyer: order.buyer,
    store: order.store,
    currency: order.currency,
    amount: order.amount,
    orderStatus: order.status,
    ...(order.logistics ? { logistics: order.logistics } : {}),
    ...(order.releaseDeadline ? { releaseDeadline: order.releaseDeadline } : {}),
    ...(order.deliveredAt ? { deliveredAt: order.deliveredAt } : {}),
  };
}

/** The public facts of a settlement and its order after a step that changes the escrow. */
export function settlementEventData(
  settlement: SettlementRecord,
  order: OrderRecord,
): EventData<'SettlementConfirmed'> {
  return {
    ...orderEventData(order),
    status: settlement.status,
    frozenAmount: settlement.frozenAmount,
    paidAmount: settlement.paidAmount,
    refundedAmount: settlement.refundedAmount,
    ...(settlement.paymentTxId ? { paymentTxId: settlement.paymentTxId } : {}),
  };
}
