import {
  ArbitrateInput,
  CancelSettlementInput,
  ConfirmReceiptInput,
  DisputeInput,
  Role,
  PurchaseRefInput,
  type ExpiredSettlement,
  type PurchaseRef,
  type SettlementStep,
} from '@allianceledger/contract';
import { CreditKind } from '../credit/credit.kinds';
import { recordCredit } from '../credit/credit.store';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { checkWithStateHidden } from '../lib/outsiders';
import { audience, emit, EventName, type EventName as EventNameType } from '../lib/events';
import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { parseInput } from '../lib/validate';
import { credit, loadBase, release, saveHolding, spendFrozen } from '../wallets/balance.store';
import { OrderMachine, SettlementAction, SettlementMachine } from './settlement.states';
import {
  loadOrder,
  loadSettlement,
  locatePurchase,
  saveOrder,
  saveSettlement,
  type OrderRecord,
  type SettlementRecord,
} from './settlement.store';
import { readsPurchase } from './query.service';
import { purchaseAudience, settlementEventData } from './settlement.events';
import { deadlineReached } from './time-limit';

export type { SettlementStep };

interface Loaded {
  readonly settlement: SettlementRecord;
  readonly order: OrderRecord;
}

/** The purchase an input names, by settlement number or by store order. */
async function load(ctx: AllianceContext, ref: PurchaseRef): Promise<Loaded> {
  const no = await locatePurchase(ctx, ref);
  return { settlement: await loadSettlement(ctx, no), order: await loadOrder(ctx, no) };
}

/**
 * Closes the escrow: `toStore` of the frozen amount is paid to the store (a credit delta row, so a
 * store receiving many payments at once never conflicts), the rest returns to the buyer's available
 * funds. Touches only the buyer's base balance.
 */
async function closeEscrow(
  ctx: AllianceContext,
  { settlement, order }: Loaded,
  action: SettlementAction,
  toStore: bigint,
  changes: { settlement?: Partial<SettlementRecord>; order?: Partial<OrderRecord> } = {},
): Promise<SettlementStep> {
  const settlementStatus = nextState(SettlementMachine, settlement.status, action);
  const orderStatus = nextState(OrderMachine, order.status, action);
  const frozen = BigInt(settlement.frozenAmount);
  const toBuyer = frozen - toStore;
  const buyer = await loadBase(ctx, settlement.buyerAccountId, settlement.currency);
  await saveHolding(ctx, spendFrozen(release(buyer, toBuyer), toStore));
  await credit(ctx, settlement.storeAccountId, settlement.currency, toStore);
  const now = txTime(ctx).iso;
  const paid = toStore.toString();
  const next: SettlementStep = {
    settlement: {
      ...settlement,
      ...changes.settlement,
      frozenAmount: '0',
      paidAmount: paid,
      refundedAmount: toBuyer.toString(),
      ...(toStore > 0n ? { paymentTxId: ctx.stub.getTxID() } : {}),
      status: settlementStatus,
      updatedAt: now,
      closedAt: now,
    },
    order: { ...order, ...changes.order, status: orderStatus, paidAmount: paid, updatedAt: now, closedAt: now },
  };
  // The store order completes only when what the store received is what was to be paid.
  if (next.order.paidAmount !== next.settlement.paidAmount) throw new Error('store payment mismatch');
  await saveSettlement(ctx, next.settlement, settlement);
  await saveOrder(ctx, next.order, order);
  return next;
}

/** Emits a purchase event for a step that changed the escrow. */
function emitStep(ctx: AllianceContext, name: EventNameType, step: SettlementStep, more: object = {}): void {
  emit(ctx, name, purchaseAudience(step.order), { ...settlementEventData(step.settlement, step.order), ...more });
}

/**
 * Once the release deadline has passed the store is owed the full amount (DOMAIN.md §3 step 5): the
 * buyer may still confirm in full, and anyone may release, but no step may take money from the store
 * or freeze it again. ILLEGAL_STATE naming the deadline otherwise.
 */
function refuseAfterDeadline(ctx: AllianceContext, order: OrderRecord, what: string): void {
  const deadline = order.releaseDeadline;
  const now = txTime(ctx);
  if (deadline !== undefined && deadlineReached(deadline, now)) {
    throw fail.illegalState(`the settlement time limit passed at ${deadline}: ${what}`, {
      entity: 'settlement',
      releaseDeadline: deadline,
      txTime: now.iso,
    });
  }
}

/**
 * ConfirmReceipt (step 4): the buyer confirms with the amount to pay (≤ amount, after a negotiated
 * deduction); it goes to the store, the remainder is unfrozen for the buyer; both COMPLETED.
 */
export async function confirmReceipt(ctx: AllianceContext, input: string): Promise<SettlementStep> {
  const req = parseInput(input, ConfirmReceiptInput);
  const loaded = await load(ctx, req);
  await authorize(ctx, 'ConfirmReceipt', [grant.role(Role.BUYER, { party: loaded.settlement.buyer })]);
  if (req.amountToPay > BigInt(loaded.settlement.amount)) {
    throw fail.invalid('amountToPay must not exceed the settlement amount', {
      field: 'input.amountToPay',
      amount: loaded.settlement.amount,
    });
  }
  if (req.amountToPay < BigInt(loaded.settlement.amount)) {
    refuseAfterDeadline(ctx, loaded.order, 'only a confirmation of the full amount is possible');
  }
  const result = await closeEscrow(ctx, loaded, SettlementAction.CONFIRM, req.amountToPay);
  // Good records only for what actually happened: a delivery earns one when the buyer pays in full (no
  // deduction for wrong quantity or quality), a payment when the buyer pays anything at all.
  const full = req.amountToPay === BigInt(loaded.settlement.amount);
  await credits(ctx, loaded.settlement, [
    ...(full ? [[loaded.settlement.store, CreditKind.DELIVERED_ON_TIME] as const] : []),
    ...(req.amountToPay > 0n ? [[loaded.settlement.buyer, CreditKind.PAYMENT_ON_TIME] as const] : []),
  ]);
  emitStep(ctx, EventName.SETTLEMENT_CONFIRMED, result);
  return result;
}

/**
 * SettleExpired (step 5): anyone, once the transaction timestamp reaches the release deadline of a
 * shipped, undisputed order: the full amount goes to the store. The purchase's readers get the step;
 * anyone else (the keeper too) only its number and COMPLETED, and refusals that name neither state nor
 * deadline (lib/outsiders.ts).
 */
export async function settleExpired(ctx: AllianceContext, input: string): Promise<ExpiredSettlement> {
  const req = parseInput(input, PurchaseRefInput);
  await authorize(ctx, 'SettleExpired', [grant.anyone]);
  const loaded = await load(ctx, req);
  const reader = await readsPurchase(ctx, loaded.settlement);
  await checkWithStateHidden(
    reader,
    () => {
      checkExpirable(ctx, loaded);
    },
    'no time limit of this purchase is due to expire',
    { entity: 'settlement' },
  );
  const result = await closeEscrow(ctx, loaded, SettlementAction.EXPIRE, BigInt(loaded.settlement.amount));
  await credits(ctx, loaded.settlement, [[loaded.settlement.store, CreditKind.DELIVERED_ON_TIME]]);
  emitStep(ctx, EventName.SETTLEMENT_EXPIRED, result);
  return reader ? result : { settlementNo: result.settlement.settlementNo, status: result.settlement.status };
}

/** ILLEGAL_STATE unless the purchase may expire: shipped or delivered, undisputed, past its release deadline. */
function checkExpirable(ctx: AllianceContext, loaded: Loaded): void {
  nextState(SettlementMachine, loaded.settlement.status, SettlementAction.EXPIRE);
  nextState(OrderMachine, loaded.order.status, SettlementAction.EXPIRE);
  const deadline = loaded.order.releaseDeadline;
  const now = txTime(ctx);
  if (deadline === undefined || !deadlineReached(deadline, now)) {
    throw fail.illegalState('the settlement time limit has not been reached', {
      entity: 'settlement',
      releaseDeadline: deadline ?? null,
      txTime: now.iso,
    });
  }
}

/** Cancel (step 6): the buyer or the store, before shipment; all funds unfrozen; both CANCELLED. */
export async function cancel(ctx: AllianceContext, input: string): Promise<SettlementStep> {
  const req = parseInput(input, CancelSettlementInput);
  const loaded = await load(ctx, req);
  await authorize(ctx, 'Cancel', [
    grant.role(Role.BUYER, { party: loaded.settlement.buyer }),
    grant.role(Role.STORE, { party: loaded.settlement.store }),
  ]);
  const result = await closeEscrow(ctx, loaded, SettlementAction.CANCEL, 0n, {
    settlement: req.reason ? { cancelReason: req.reason } : {},
  });
  emitStep(ctx, EventName.SETTLEMENT_CANCELLED, result, req.reason ? { reason: req.reason } : {});
  return result;
}

/** Dispute (step 7): the buyer disputes a shipped order before completion; the clock stops. */
export async function dispute(ctx: AllianceContext, input: string): Promise<SettlementStep> {
  const req = parseInput(input, DisputeInput);
  const { settlement, order } = await load(ctx, req);
  await authorize(ctx, 'Dispute', [grant.role(Role.BUYER, { party: settlement.buyer })]);
  const settlementStatus = nextState(SettlementMachine, settlement.status, SettlementAction.DISPUTE);
  const orderStatus = nextState(OrderMachine, order.status, SettlementAction.DISPUTE);
  refuseAfterDeadline(ctx, order, 'it can no longer be disputed');
  const now = txTime(ctx).iso;
  const result: SettlementStep = {
    settlement: {
      ...settlement,
      status: settlementStatus,
      dispute: { reason: req.reason, at: now, ...(req.evidenceHash ? { evidenceHash: req.evidenceHash } : {}) },
      updatedAt: now,
    },
    order: { ...order, status: orderStatus, updatedAt: now },
  };
  await saveSettlement(ctx, result.settlement, settlement);
  await saveOrder(ctx, result.order, order);
  // Arbitrators learn of a dispute from its event: it is theirs to take up.
  emit(ctx, EventName.SETTLEMENT_DISPUTED, audience([order.buyer, order.store], { roles: [Role.ARBITRATOR] }), {
    ...settlementEventData(result.settlement, result.order),
    ...(req.evidenceHash ? { evidenceHash: req.evidenceHash } : {}),
  });
  return result;
}

/** Arbitrate (step 7): an arbitrator splits the frozen amount between store and buyer. */
export async function arbitrate(ctx: AllianceContext, input: string): Promise<SettlementStep> {
  const req = parseInput(input, ArbitrateInput);
  const { caller } = await authorize(ctx, 'Arbitrate', [grant.role(Role.ARBITRATOR)]);
  const loaded = await load(ctx, req);
  if (caller.party === loaded.settlement.buyer || caller.party === loaded.settlement.store) {
    throw fail.forbidden('an arbitrator may not rule on a dispute in which it is the buyer or the store', {
      action: 'Arbitrate',
      caller: caller.party,
    });
  }
  const total = BigInt(loaded.settlement.amount);
  if (req.storeAmount > total) {
    throw fail.invalid('storeAmount must not exceed the settlement amount', {
      field: 'input.storeAmount',
      amount: loaded.settlement.amount,
    });
  }
  const now = txTime(ctx).iso;
  const result = await closeEscrow(ctx, loaded, SettlementAction.ARBITRATE, req.storeAmount, {
    settlement: {
      resolution: {
        storeAmount: req.storeAmount.toString(),
        buyerAmount: (total - req.storeAmount).toString(),
        ruling: req.ruling,
        by: caller.party,
        at: now,
      },
    },
  });
  // The store loses when the buyer is awarded anything; the buyer loses when the store is paid in full.
  const loser = req.storeAmount < total ? loaded.settlement.store : loaded.settlement.buyer;
  await credits(ctx, loaded.settlement, [[loser, CreditKind.DISPUTE_LOST]]);
  emit(ctx, EventName.SETTLEMENT_ARBITRATED, purchaseAudience(result.order, [caller.party]), {
    ...settlementEventData(result.settlement, result.order),
    storeAmount: req.storeAmount.toString(),
    buyerAmount: (total - req.storeAmount).toString(),
    arbitrator: caller.party,
  });
  return result;
}

/** Writes the credit records a closed settlement earns (DOMAIN.md §4): blind rows, no conflicts. */
async function credits(
  ctx: AllianceContext,
  settlement: SettlementRecord,
  subjects: readonly (readonly [string, CreditKind])[],
): Promise<void> {
  for (const [subject, kind] of subjects) {
    await recordCredit(ctx, { subject, kind, reference: `settlement:${settlement.settlementNo}` });
  }
}
