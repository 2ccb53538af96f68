import { RequestSettlementInput, Role, type InputOf, type SettlementRequested } from '@allianceledger/contract';
import { takeFromLine } from '../finance/credit-line.service';
import { authorize, callerOf, grant } from '../lib/auth';
import { executeQuote } from '../fx/quote.service';
import { loadQuote } from '../fx/fx.store';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { emit, EventName, type EventData } from '../lib/events';
import type { PartyId } from '../lib/party';
import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { parseInput } from '../lib/validate';
import { findMember } from '../members/member.store';
import {
  debit,
  deposit,
  freeze,
  getAccount,
  loadBase,
  loadHolding,
  release,
  saveHolding,
} from '../wallets/balance.store';
import { getCurrency } from '../wallets/currency.store';
import { dropDetails, readSnapshot, storeDetails, type SnapshotInput } from './order-details';
import { purchaseAudience, settlementEventData } from './settlement.events';
import { OrderMachine, OrderStatus, SettlementAction, SettlementMachine, SettlementStatus } from './settlement.states';
import {
  findSettlementNo,
  loadOrder,
  loadSettlement,
  saveOrder,
  saveSettlement,
  type CreditDraw,
  type Exchange,
  type OrderRecord,
  type SettlementRecord,
  type TopUp,
} from './settlement.store';
import { TIME_LIMIT } from './time-limit';

/** A decoded RequestSettlement input. */
type Request = InputOf<'settlements:RequestSettlement'>;

/** What RequestSettlement returns. */
export type RequestResult = SettlementRequested;

/**
 * RequestSettlement (step 1): the buyer freezes the order amount in escrow. The optional order snapshot
 * comes in the transient field `order`; without it the order has no `snapshotHash`. A second request
 * for the same store order while it is not shipped updates the open settlement and adjusts the frozen
 * amount; it never creates a second one.
 */
export async function requestSettlement(ctx: AllianceContext, input: string): Promise<RequestResult> {
  const req = parseInput(input, RequestSettlementInput);
  checkRequest(req);
  const snapshot = readSnapshot(ctx, req);
  const { buyer, store } = await authorizeRequest(ctx, req);
  const existingNo = await findSettlementNo(ctx, store, req.storeOrderNo);
  const existing = existingNo === undefined ? undefined : await loadOrder(ctx, existingNo);
  return existing ? updateRequest(ctx, req, snapshot, existing) : createRequest(ctx, req, snapshot, { buyer, store });
}

/** The rules between the input's fields, before anything is read. */
function checkRequest(req: Request): void {
  const covers = [req.topUpFromAccountId, req.creditLineId, req.exchange].filter((c) => c !== undefined);
  if (covers.length > 1) {
    throw fail.invalid('use at most one of topUpFromAccountId, creditLineId and exchange', {
      field: req.exchange === undefined ? 'input.creditLineId' : 'input.exchange',
    });
  }
  if (req.topUpFromAccountId === req.buyerAccountId) {
    throw fail.invalid('the top-up account must differ from the buyer account', { field: 'input.topUpFromAccountId' });
  }
}

/** The caller must be the buyer owning the buyer account (and the top-up account); the store active. */
async function authorizeRequest(
  ctx: AllianceContext,
  req: Request,
): Promise<{ readonly buyer: PartyId; readonly store: PartyId }> {
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
  return { buyer: caller.party, store: storeAccount.owner };
}

/** A new store order and its settlement, the amount frozen. */
async function createRequest(
  ctx: AllianceContext,
  req: Request,
  { snapshot, snapshotHash }: SnapshotInput,
  parties: { readonly buyer: PartyId; readonly store: PartyId },
): Promise<RequestResult> {
  const now = txTime(ctx).iso;
  const funding = await freezeFunds(ctx, req, req.amount, ctx.stub.getTxID());
  const common = {
    storeOrderNo: req.storeOrderNo,
    buyer: parties.buyer,
    buyerAccountId: req.buyerAccountId,
    store: parties.store,
    storeAccountId: req.storeAccountId,
    currency: req.currency,
    amount: req.amount.toString(),
    createdAt: now,
    updatedAt: now,
  };
  const settlement: SettlementRecord = {
    ...common,
    settlementNo: ctx.stub.getTxID(),
    frozenAmount: req.amount.toString(),
    paidAmount: '0',
    refundedAmount: '0',
    topUps: funding.topUp ? [funding.topUp] : [],
    ...(funding.draw ? { creditDraws: [funding.draw] } : {}),
    ...(funding.exchange ? { exchanges: [funding.exchange] } : {}),
    status: SettlementStatus.PAID,
  };
  const order: OrderRecord = {
    ...common,
    settlementNo: settlement.settlementNo,
    ...(snapshotHash === undefined ? {} : { snapshotHash }),
    timeLimitSeconds: req.timeLimitSeconds ?? TIME_LIMIT.DEFAULT_SECONDS,
    status: OrderStatus.PLACED,
    revision: 0,
  };
  await saveSettlement(ctx, settlement, undefined);
  await saveOrder(ctx, order, undefined);
  if (snapshot) {
    await storeDetails(ctx, {
      settlementNo: order.settlementNo,
      storeOrderNo: req.storeOrderNo,
      snapshotHash,
      snapshot,
    });
  }
  emit(ctx, EventName.SETTLEMENT_REQUESTED, purchaseAudience(order, fundingParties(funding)), {
    ...settlementEventData(settlement, order),
    ...fundingEventData(funding),
  });
  return { order, settlement, updated: false };
}

/**
 * The same store order again: only its buyer, only while open and not shipped, with the same accounts
 * and currency. The frozen amount moves by the difference.
 */
async function updateRequest(
  ctx: AllianceContext,
  req: Request,
  { snapshot, snapshotHash }: SnapshotInput,
  existing: OrderRecord,
): Promise<RequestResult> {
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
  const funding = await adjustFrozen(ctx, req, previous, current.settlementNo);
  const now = txTime(ctx).iso;
  const settlement: SettlementRecord = {
    ...current,
    amount: req.amount.toString(),
    frozenAmount: req.amount.toString(),
    ...fundingLists(current, funding),
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
  if (snapshot) {
    await storeDetails(ctx, {
      settlementNo: order.settlementNo,
      storeOrderNo: req.storeOrderNo,
      snapshotHash,
      snapshot,
    });
  } else if (existing.snapshotHash !== undefined) await dropDetails(ctx, order.settlementNo);
  emit(ctx, EventName.SETTLEMENT_UPDATED, purchaseAudience(order, fundingParties(funding)), {
    ...settlementEventData(settlement, order),
    previousAmount: previous.toString(),
    ...fundingEventData(funding),
  });
  return { order, settlement, updated: true };
}

/** Freezes more (with the shortfall cover of a new request) or releases the difference. */
async function adjustFrozen(
  ctx: AllianceContext,
  req: Request,
  previous: bigint,
  settlementNo: string,
): Promise<Funding> {
  if (req.amount > previous) return freezeFunds(ctx, req, req.amount - previous, settlementNo);
  if (req.exchange !== undefined) {
    throw fail.invalid('an exchange funds a larger amount only', { field: 'input.exchange' });
  }
  if (req.amount < previous) {
    await saveHolding(ctx, release(await loadBase(ctx, req.buyerAccountId, req.currency), previous - req.amount));
  }
  return {};
}

/** Where a shortfall came from, if anywhere. */
interface Funding {
  readonly topUp?: TopUp;
  readonly draw?: CreditDraw;
  /** The bank whose credit line the draw came from: it follows the draw through the event. */
  readonly lender?: PartyId;
  readonly exchange?: Exchange;
  /** The liquidity provider that converted: it follows the conversion through the event. */
  readonly provider?: PartyId;
}

/** The settlement's lists of funding sources with this transaction's appended. */
function fundingLists(
  current: SettlementRecord,
  funding: Funding,
): Pick<SettlementRecord, 'topUps' | 'creditDraws' | 'exchanges'> {
  return {
    topUps: funding.topUp ? [...current.topUps, funding.topUp] : current.topUps,
    ...(funding.draw ? { creditDraws: [...(current.creditDraws ?? []), funding.draw] } : {}),
    ...(funding.exchange ? { exchanges: [...(current.exchanges ?? []), funding.exchange] } : {}),
  };
}

/** The parties a funding source adds to the event's audience. */
function fundingParties(funding: Funding): PartyId[] {
  return [funding.lender, funding.provider].filter((p): p is PartyId => p !== undefined);
}

/** The shortfall cover of this transaction, for the event: amounts moved now, never a balance. */
function fundingEventData(
  funding: Funding,
): Pick<EventData<'SettlementRequested'>, 'topUp' | 'creditDraw' | 'exchange'> {
  const exchange = funding.exchange;
  return {
    ...(exchange
      ? {
          exchange: {
            quoteId: exchange.quoteId,
            payCurrency: exchange.payCurrency,
            payAmount: exchange.payAmount,
            amount: exchange.amount,
          },
        }
      : {}),
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
  req: Pick<Request, 'buyerAccountId' | 'currency' | 'topUpFromAccountId' | 'creditLineId' | 'exchange'>,
  amount: bigint,
  settlementNo: string,
): Promise<Funding> {
  let holding = await loadHolding(ctx, req.buyerAccountId, req.currency);
  const shortfall = amount - holding.available;
  const txId = ctx.stub.getTxID();
  let funding: Funding = {};
  if (req.exchange !== undefined) {
    const converted = await convertInto(ctx, req, req.exchange, settlementNo);
    // Converted in this transaction: into the holding it is frozen from (a credit row would not be read back).
    holding = deposit(holding, converted.received);
    funding = { exchange: converted.exchange, provider: converted.provider };
  } else if (shortfall > 0n && req.topUpFromAccountId !== undefined) {
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

/**
 * Patent step S103: pays the buyer's quote at the rate of this transaction, into the buyer account in
 * the order's currency. The quote must be the caller's, into `buyerAccountId`, in the order's currency.
 */
async function convertInto(
  ctx: AllianceContext,
  req: Pick<Request, 'buyerAccountId' | 'currency'>,
  exchange: NonNullable<Request['exchange']>,
  settlementNo: string,
): Promise<{ readonly received: bigint; readonly exchange: Exchange; readonly provider: PartyId }> {
  const quote = await loadQuote(ctx, exchange.quoteId);
  if (quote.toAccountId !== req.buyerAccountId || quote.receiveCurrency !== req.currency) {
    throw fail.invalid('the quote must pay into buyerAccountId in the order currency', { field: 'input.exchange' });
  }
  const paid = await executeQuote(ctx, quote.quoteId, callerOf(ctx).party, exchange.maxSlippageBps, settlementNo);
  return {
    received: paid.received,
    provider: paid.quote.provider,
    exchange: {
      quoteId: quote.quoteId,
      payCurrency: quote.payCurrency,
      payAmount: paid.quote.paid?.payAmount ?? quote.payAmount,
      amount: paid.received.toString(),
      txId: ctx.stub.getTxID(),
    },
  };
}
