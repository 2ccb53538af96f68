import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { ChaincodeError, ErrorCode, fail } from '../lib/errors';
import { emit, EventName } from '../lib/events';
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
import { getCurrency } from '../wallets/currency.store';
import { readSnapshot, storeDetails } from './order-details';
import { OrderMachine, OrderStatus, SettlementAction, SettlementMachine, SettlementStatus } from './settlement.states';
import {
  findOrder,
  loadSettlement,
  saveOrder,
  saveSettlement,
  type OrderRecord,
  type SettlementRecord,
  type TopUp,
} from './settlement.store';
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
  /** Step 1b: cover a shortfall from a bank credit line — lands with supply-chain finance (§6). */
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
 * RequestSettlement (step 1): the buyer freezes the order amount in escrow. The order snapshot comes in
 * the transient field `order`. A second request for the same store order while it is not shipped
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
  if (req.creditLineId !== undefined) {
    // Designed (docs/chaincode.md, "Step 1b"), built with the supply-chain-finance credit lines.
    throw new ChaincodeError(ErrorCode.NOT_IMPLEMENTED, 'drawing on a credit line is not available yet', {
      feature: 'credit-line draw (settlement step 1b)',
    });
  }

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
    const topUp = await freezeFunds(ctx, req.buyerAccountId, req.currency, req.amount, req.topUpFromAccountId);
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
      topUps: topUp ? [topUp] : [],
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
      snapshotHash,
      timeLimitSeconds: req.timeLimitSeconds ?? TIME_LIMIT.DEFAULT_SECONDS,
      status: OrderStatus.PLACED,
      revision: 0,
      createdAt: now,
      updatedAt: now,
    };
    await saveSettlement(ctx, settlement, undefined);
    await saveOrder(ctx, order, undefined);
    await storeDetails(ctx, { storeOrderNo: req.storeOrderNo, snapshotHash, snapshot });
    emit(ctx, EventName.SETTLEMENT_REQUESTED, { order, settlement });
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
  let topUp: TopUp | undefined;
  if (req.amount > previous) {
    topUp = await freezeFunds(ctx, req.buyerAccountId, req.currency, req.amount - previous, req.topUpFromAccountId);
  } else if (req.amount < previous) {
    await saveHolding(ctx, release(await loadBase(ctx, req.buyerAccountId, req.currency), previous - req.amount));
  }
  const settlement: SettlementRecord = {
    ...current,
    amount: req.amount.toString(),
    frozenAmount: req.amount.toString(),
    topUps: topUp ? [...current.topUps, topUp] : current.topUps,
    status: settlementStatus,
    updatedAt: now,
  };
  const order: OrderRecord = {
    ...existing,
    amount: req.amount.toString(),
    snapshotHash,
    timeLimitSeconds: req.timeLimitSeconds ?? existing.timeLimitSeconds,
    status: orderStatus,
    revision: existing.revision + 1,
    updatedAt: now,
  };
  await saveSettlement(ctx, settlement, current);
  await saveOrder(ctx, order, existing);
  await storeDetails(ctx, { storeOrderNo: req.storeOrderNo, snapshotHash, snapshot });
  emit(ctx, EventName.SETTLEMENT_UPDATED, { order, settlement, previousAmount: previous.toString() });
  return { order, settlement, updated: true };
}

/**
 * Freezes `amount` in the buyer's account. When available funds fall short and a top-up account is
 * given, the shortfall moves from it first (step 1a). Both debits read their full balances.
 */
async function freezeFunds(
  ctx: AllianceContext,
  accountId: string,
  currency: string,
  amount: bigint,
  topUpFromAccountId: string | undefined,
): Promise<TopUp | undefined> {
  let holding = await loadHolding(ctx, accountId, currency);
  let topUp: TopUp | undefined;
  if (holding.available < amount && topUpFromAccountId !== undefined) {
    const shortfall = amount - holding.available;
    await saveHolding(ctx, debit(await loadHolding(ctx, topUpFromAccountId, currency), shortfall));
    holding = deposit(holding, shortfall);
    topUp = { fromAccountId: topUpFromAccountId, amount: shortfall.toString(), txId: ctx.stub.getTxID() };
  }
  await saveHolding(ctx, freeze(holding, amount));
  return topUp;
}
