import { Org, PurchaseRefInput, RecordDeliveryInput, Role, ShipInput } from '@allianceledger/contract';
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

/** RecordDelivery (step 3): a logistics oracle of the e-commerce org records delivery. */
export async function recordDelivery(ctx: AllianceContext, input: string): Promise<OrderRecord> {
  const req = parseInput(input, RecordDeliveryInput);
  const current = await loadOrder(ctx, await locatePurchase(ctx, req));
  await authorize(ctx, 'RecordDelivery', [grant.role(Role.ORACLE, { mspId: Org.ECOMMERCE })]);
  const status = await step(ctx, current, SettlementAction.DELIVER);
  const now = txTime(ctx).iso;
  const order: OrderRecord = {
    ...current,
    status,
    deliveredAt: now,
    ...(req.proofHash ? { deliveryProofHash: req.proofHash } : {}),
    updatedAt: now,
  };
  await saveOrder(ctx, order, current);
  emit(ctx, EventName.ORDER_DELIVERED, purchaseAudience(order), orderEventData(order));
  return order;
}
