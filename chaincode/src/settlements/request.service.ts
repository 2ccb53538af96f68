import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { emit, EventName } from '../lib/events';
import type { PartyId } from '../lib/party';
import { Role } from '../lib/organizations';
import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { id, integer, object, optional, parseInput, positiveAmount, text } from '../lib/validate';
import { findMember } from '../members/member.store';
import {
  debit,
  deposit,
  freeze,
  getAccount,
  loadHolding,
  release,
  saveHolding,
  loadBase,
} from '../wallets/balance.store';
import { currencyCode } from '../wallets/currency.service';
import { takeFromLine } from '../finance/credit-line.service';
import { getCurrency } from '../wallets/currency.store';
import { dropDetails, readSnapshot, storeDetails } from './order-details';
import { OrderMachine, OrderStatus, SettlementAction, SettlementMachine, SettlementStatus } from './settlement.states';
import {
  findOrder,
  loadSettlement,
  saveOrder,
  saveSettlement,
  type OrderRecord,
  type CreditDraw,
  type SettlementRecord,
  type TopUp,
} from './settlement.store';
import { purchaseAudience, settlementEventData } from './settlement.events';
import { TIME_LIMIT } from './time-limit';

const RequestInput = object({
  storeOrderNo: id,
  buyerAccountId: id,
  storeAccountId: id,
  currency: currencyCode,
  amount: positiveAmount,
  timeLimitSeconds: optional(integer(TIME_LIMIT.MIN_SECONDS, TIME_LIMIT.MAX_SECONDS)),
  /** Step 1a: cover a shortfall from another account of the buyer. */
  topUpFromAccountId: optional(id),
  /** Step 1b: cover a shortfall by drawing on the buyer's bank credit line (finance module, §6). */
  creditLineId: optional(text({ max: 128 })),
});

/** What RequestSettlement returns. */
export interface RequestResult {
  readonly order: OrderRecord;
  readonly settlement: SettlementRecord;
  /** True when an open settlement of the same store order was updated instead of created. */
  readonly updated: boolean;
}

/**
 * RequestSettlement (step 1): the buyer freezes the order amount in escrow. The optional order snapshot
 * comes in the transient field `order`; without it the order has no `snapshotHash`. A second request for the same store order while it is not shipped
 * updates the open settlement and adjusts the frozen amount; it never creates a second one.
 */
export async function requestSettlement(ctx: AllianceContext, input: string): Promise<RequestResult> {
  const req = parseInput(input, RequestInput);
  if (!req.storeOrderNo.startsWith(`${req.storeAccountId}-`)) {
    throw fail.invalid('storeOrderNo must start with the store account id and "-"', { field: 'input.storeOrderNo' });
  }
  if (req.topUpFromAccountId !== undefined && req.creditLineId !== undefined) {
    throw fail.invalid('use at most one of topUpFromAccountId and creditLineId', { field: 'input.creditLineId' });
  }
  if (req.topUpFromAccountId === req.buyerAccountId) {
    throw fail.invalid('the top-up account must differ from the buyer account', { field: 'input.topUpFromAccountId' });
  }
  const { snapshot, snapshotHash } = readSnapshot(ctx, req);

  const buyerAccount = await getAccount(ctx, req.buyerAccountId);
  const { caller } = await authorize(ctx, 'RequestSettlement', [grant.role(Role.BUYER, { party: buyerAccount.owner })]);
  if (req.topUpFromAccountId !== undefined) {
    const source = await getAccount(ctx, req.topUpFromAccountId);
    await authorize(ctx, 'RequestSettlement', [grant.role(Role.BUYER, { party: source.owner })]);
  }
  await getCurrency(ctx, req.currency);
  const storeAccount = await getAccount(ctx, req.storeAccountId);
  const store = await findMember(ctx, storeAccount.owner);
  if (store?.status !== 'ACTIVE' || !store.roles.includes(Role.STORE)) {
    throw fail.illegalState('the store account does not belong to an active store', {
      storeAccountId: req.storeAccountId,
    });
  }

  const now = txTime(ctx).iso;
  const existing = await findOrder(ctx, req.storeOrderNo);
  if (!existing) {
    const funding = await freezeFunds(ctx, req, req.amount);
    const settlement: SettlementRecord = {
      settlementNo: ctx.stub.getTxID(),
      storeOrderNo: req.storeOrderNo,
      buyer: caller.party,
      buyerAccountId: req.buyerAccountId,
      store: storeAccount.owner,
      storeAccountId: req.storeAccountId,
      currency: req.currency,
      amount: req.amount.toString(),
      frozenAmount: req.amount.toString(),
      paidAmount: '0',
      refundedAmount: '0',
      topUps: funding.topUp ? [funding.topUp] : [],
      ...(funding.draw ? { creditDraws: [funding.draw] } : {}),
      status: SettlementStatus.PAID,
      createdAt: now,
      updatedAt: now,
    };
    const order: OrderRecord = {
      storeOrderNo: req.storeOrderNo,
      settlementNo: settlement.settlementNo,
      buyer: caller.party,
      buyerAccountId: req.buyerAccountId,
      store: storeAccount.owner,
      storeAccountId: req.storeAccountId,
      currency: req.currency,
      amount: req.amount.toString(),
      ...(snapshotHash === undefined ? {} : { snapshotHash }),
      timeLimitSeconds: req.timeLimitSeconds ?? TIME_LIMIT.DEFAULT_SECONDS,
      status: OrderStatus.PLACED,
      revision: 0,
      createdAt: now,
      updatedAt: now,
    };
    await saveSettlement(ctx, settlement, undefined);
    await saveOrder(ctx, order, undefined);
    if (snapshot) await storeDetails(ctx, { storeOrderNo: req.storeOrderNo, snapshotHash, snapshot });
    emit(ctx, EventName.SETTLEMENT_REQUESTED, purchaseAudience(order, funding.lender ? [funding.lender] : []), {
      ...settlementEventData(settlement, order),
      ...fundingEventData(funding),
    });
    return { order, settlement, updated: false };
  }

  // The same store order again: only its buyer, only while open and not shipped, same parties and currency.
  await authorize(ctx, 'RequestSettlement', [grant.role(Role.BUYER, { party: existing.buyer })]);
  const current = await loadSettlement(ctx, existing.settlementNo);
  const orderStatus = nextState(OrderMachine, existing.status, SettlementAction.UPDATE);
  const settlementStatus = nextState(SettlementMachine, current.status, SettlementAction.UPDATE);
  if (
    existing.buyerAccountId !== req.buyerAccountId ||
    existing.storeAccountId !== req.storeAccountId ||
    existing.currency !== req.currency
  ) {
    throw fail.conflict('the store order exists with another buyer account, store account or currency', {
      storeOrderNo: req.storeOrderNo,
    });
  }
  const previous = BigInt(current.frozenAmount);
  let funding: Funding = {};
  if (req.amount > previous) {
    funding = await freezeFunds(ctx, req, req.amount - previous);
  } else if (req.amount < previous) {
    await saveHolding(ctx, release(await loadBase(ctx, req.buyerAccountId, req.currency), previous - req.amount));
  }
  const settlement: SettlementRecord = {
    ...current,
    amount: req.amount.toString(),
    frozenAmount: req.amount.toString(),
    topUps: funding.topUp ? [...current.topUps, funding.topUp] : current.topUps,
    ...(funding.draw ? { creditDraws: [...(current.creditDraws ?? []), funding.draw] } : {}),
    status: settlementStatus,
    updatedAt: now,
  };
  // A change without a snapshot leaves none: the earlier one described another order.
  const { snapshotHash: _earlier, ...unhashed } = existing;
  const order: OrderRecord = {
    ...unhashed,
    amount: req.amount.toString(),
    ...(snapshotHash === undefined ? {} : { snapshotHash }),
    timeLimitSeconds: req.timeLimitSeconds ?? existing.timeLimitSeconds,
    status: orderStatus,
    revision: existing.revision + 1,
    updatedAt: now,
  };
  await saveSettlement(ctx, settlement, current);
  await saveOrder(ctx, order, existing);
  if (snapshot) await storeDetails(ctx, { storeOrderNo: req.storeOrderNo, snapshotHash, snapshot });
  else if (existing.snapshotHash !== undefined) await dropDetails(ctx, req.storeOrderNo);
  emit(ctx, EventName.SETTLEMENT_UPDATED, purchaseAudience(order, funding.lender ? [funding.lender] : []), {
    ...settlementEventData(settlement, order),
    previousAmount: previous.toString(),
    ...fundingEventData(funding),
  });
  return { order, settlement, updated: true };
}

/** Where a shortfall came from, if anywhere. */
interface Funding {
  readonly topUp?: TopUp;
  readonly draw?: CreditDraw;
  /** The bank whose credit line the draw came from: it follows the draw through the event. */
  readonly lender?: PartyId;
}

/** The shortfall cover of this transaction, for the event: amounts moved now, never a balance. */
function fundingEventData(funding: Funding): Record<string, unknown> {
  return {
    ...(funding.topUp ? { topUp: { fromAccountId: funding.topUp.fromAccountId, amount: funding.topUp.amount } } : {}),
    ...(funding.draw ? { creditDraw: { creditLineId: funding.draw.creditLineId, amount: funding.draw.amount } } : {}),
  };
}

/**
 * Freezes `amount` in the buyer's account. When available funds fall short, the shortfall comes first
 * from the top-up account (step 1a) or from a draw on the buyer's credit line (step 1b: the line must
 * be the caller's, ACTIVE, in the currency, not blacklisted and within its limit; the bank's funding
 * account pays it). Every debit reads its full balance; the line record is read-modified-written, so
 * concurrent draws on one line serialise.
 */
async function freezeFunds(
  ctx: AllianceContext,
  req: { buyerAccountId: string; currency: string; topUpFromAccountId?: string; creditLineId?: string },
  amount: bigint,
): Promise<Funding> {
  let holding = await loadHolding(ctx, req.buyerAccountId, req.currency);
  const shortfall = amount - holding.available;
  const txId = ctx.stub.getTxID();
  let funding: Funding = {};
  if (shortfall > 0n && req.topUpFromAccountId !== undefined) {
    await saveHolding(ctx, debit(await loadHolding(ctx, req.topUpFromAccountId, req.currency), shortfall));
    holding = deposit(holding, shortfall);
    funding = { topUp: { fromAccountId: req.topUpFromAccountId, amount: shortfall.toString(), txId } };
  } else if (shortfall > 0n && req.creditLineId !== undefined) {
    const borrower = (await getAccount(ctx, req.buyerAccountId)).owner;
    const line = await takeFromLine(ctx, req.creditLineId, borrower, req.currency, shortfall, 'RequestSettlement');
    // Money drawn in this transaction goes straight into the holding it is frozen from: a credit row
    // would not be visible to this transaction's own read of the balance.
    holding = deposit(holding, shortfall);
    funding = { draw: { creditLineId: req.creditLineId, amount: shortfall.toString(), txId }, lender: line.bank };
  }
  await saveHolding(ctx, freeze(holding, amount));
  return funding;
}
