import { PurchaseRefInput, RecordDeliveryInput, Role, ShipInput } from '@allianceledger/contract';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { emit, EventName } from '../lib/events';

import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { parseInput } from '../lib/validate';
import { OrderMachine, SettlementAction, SettlementMachine } from './settlement.states';
import { loadOrder, loadSettlement, locatePurchase, saveOrder, type OrderRecord } from './settlement.store';
import { orderEventData, purchaseAudience } from './settlement.events';
import { releaseDeadline } from './time-limit';
import { confirmDelivered, loadLogisticsFeed, logisticsOracles } from '../oracles/logistics';

/**
 * Checks a store-side step against both tables: the order's, and the settlement's, which must still
 * hold the escrow with the order amount frozen in full.
 */
async function step(
  ctx: AllianceContext,
  order: OrderRecord,
  action: SettlementAction,
): Promise<OrderRecord['status']> {
  const settlement = await loadSettlement(ctx, order.settlementNo);
  nextState(SettlementMachine, settlement.status, action);
  const status = nextState(OrderMachine, order.status, action);
  if (BigInt(settlement.frozenAmount) < BigInt(order.amount)) {
    throw fail.illegalState('the settlement does not hold the order amount frozen', {
      frozenAmount: settlement.frozenAmount,
      amount: order.amount,
    });
  }
  return status;
}

/** AcknowledgePayment (step 2): the store sees the settlement PAID with the amount frozen; order PAID. */
export async function acknowledgePayment(ctx: AllianceContext, input: string): Promise<OrderRecord> {
  const req = parseInput(input, PurchaseRefInput);
  const current = await loadOrder(ctx, await locatePurchase(ctx, req));
  await authorize(ctx, 'AcknowledgePayment', [grant.role(Role.STORE, { party: current.store })]);
  const status = await step(ctx, current, SettlementAction.ACKNOWLEDGE);
  const order: OrderRecord = { ...current, status, updatedAt: txTime(ctx).iso };
  await saveOrder(ctx, order, current);
  emit(ctx, EventName.PAYMENT_ACKNOWLEDGED, purchaseAudience(order), orderEventData(order));
  return order;
}

/** Ship (step 3): the store ships with logistics info; the release deadline starts now. */
export async function ship(ctx: AllianceContext, input: string): Promise<OrderRecord> {
  const req = parseInput(input, ShipInput);
  const current = await loadOrder(ctx, await locatePurchase(ctx, req));
  await authorize(ctx, 'Ship', [grant.role(Role.STORE, { party: current.store })]);
  const status = await step(ctx, current, SettlementAction.SHIP);
  const now = txTime(ctx).iso;
  const order: OrderRecord = {
    ...current,
    status,
    logistics: { carrier: req.carrier, trackingNo: req.trackingNo, shippedAt: now },
    releaseDeadline: releaseDeadline(now, current.timeLimitSeconds),
    updatedAt: now,
  };
  await saveOrder(ctx, order, current);
  emit(ctx, EventName.ORDER_SHIPPED, purchaseAudience(order), orderEventData(order));
  return order;
}

/**
 * RecordDelivery (step 3), on the consortium's logistics feed (`logistics`, a LOGISTICS_STATUS feed): one
 * of the feed's oracles reports DELIVERED in the round named by the settlement number — unless it
 * already reported there — and the order becomes DELIVERED when the round's value, the median of its
 * fresh reports, says DELIVERED. With a quorum of k, the other k − 1 oracles report first
 * (`oracles:ReportObservation`); short of the quorum the transaction is refused (NO_QUORUM, STALE_VALUE)
 * and records nothing, not even the caller's report.
 */
export async function recordDelivery(ctx: AllianceContext, input: string): Promise<OrderRecord> {
  const req = parseInput(input, RecordDeliveryInput);
  const current = await loadOrder(ctx, await locatePurchase(ctx, req));
  const feed = await loadLogisticsFeed(ctx);
  const { caller } = await authorize(ctx, 'RecordDelivery', logisticsOracles(feed));
  const status = await step(ctx, current, SettlementAction.DELIVER);
  await confirmDelivered(ctx, feed, current.settlementNo, caller.party);
  const now = txTime(ctx);
  const order: OrderRecord = {
    ...current,
    status,
    deliveredAt: now.iso,
    ...(req.proofHash ? { deliveryProofHash: req.proofHash } : {}),
    updatedAt: now.iso,
  };
  await saveOrder(ctx, order, current);
  emit(ctx, EventName.ORDER_DELIVERED, purchaseAudience(order), orderEventData(order));
  return order;
}
