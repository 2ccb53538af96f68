import {
  DEFAULT_QUOTE_SECONDS,
  ErrorCode,
  PayQuoteInput,
  QuoteRefInput,
  RequestQuoteInput,
  Role,
  type AppliedRate,
  type ProviderRecord,
  type QuoteRecord,
} from '@allianceledger/contract';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { ChaincodeError, fail } from '../lib/errors';
import { audience, emit, EventName } from '../lib/events';
import type { PartyId } from '../lib/party';
import { nextState } from '../lib/state-machine';
import { addSeconds, isoToMs, txTime } from '../lib/time';
import { parseInput } from '../lib/validate';
import { requireValue } from '../oracles/oracle.value';
import { credit, debit, getAccount, loadHolding, payShares, saveHolding } from '../wallets/balance.store';
import { getCurrency } from '../wallets/currency.store';
import { payAmountOf, withinSlippage } from './conversion';
import { loadProvider, loadQuote, saveQuote } from './fx.store';
import { QuoteAction, QuoteMachine } from './fx.states';

/**
 * Quotes and cross-currency payments. A quote fixes what the payer pays in A for `receiveAmount` in B
 * at the feed's fresh rate plus the provider's spread, and an expiry; paying it converts again at the
 * rate of the paying transaction (patent step S103: "according to the transaction time price") and is
 * refused when that costs more than the quote plus the payer's slippage. Per currency nothing is made
 * or lost: A moves payer → provider, B moves provider → payee.
 */

/** The provider's fresh rate and what `receive` of B costs in A at it. */
async function priceAt(
  ctx: AllianceContext,
  provider: ProviderRecord,
  payCurrency: string,
  receiveCurrency: string,
  receive: bigint,
): Promise<{ readonly payAmount: bigint; readonly rate: AppliedRate }> {
  const usable = await requireValue(ctx, provider.feedId);
  const { feed } = usable;
  const base = feed.base ?? '';
  const quote = feed.quote ?? '';
  const [pay, got] = await Promise.all([getCurrency(ctx, payCurrency), getCurrency(ctx, receiveCurrency)]);
  if (usable.value <= 0n) {
    throw fail.illegalState(`feed ${feed.feedId} reports a rate of zero`, {
      feedId: feed.feedId,
      roundId: usable.roundId,
    });
  }
  const payAmount = payAmountOf({
    receive,
    value: usable.value,
    scale: feed.scale,
    payInBase: payCurrency === base,
    payDecimals: pay.decimals,
    receiveDecimals: got.decimals,
    spreadBps: provider.spreadBps,
  });
  return {
    payAmount,
    rate: {
      feedId: feed.feedId,
      roundId: usable.roundId,
      value: usable.value.toString(),
      scale: feed.scale,
      base,
      quote,
    },
  };
}

function ensureActive(provider: ProviderRecord): void {
  if (provider.status !== 'ACTIVE') {
    throw fail.illegalState(`provider ${provider.providerId} is ${provider.status}: it converts nothing now`, {
      providerId: provider.providerId,
      state: provider.status,
    });
  }
}

/** RequestQuote: the owner of `fromAccountId` asks what paying `receiveAmount` of B costs in A. */
export async function requestQuote(ctx: AllianceContext, input: string): Promise<QuoteRecord> {
  const req = parseInput(input, RequestQuoteInput);
  const from = await getAccount(ctx, req.fromAccountId);
  const { caller } = await authorize(ctx, 'RequestQuote', [grant.member(from.owner)]);
  const to = await getAccount(ctx, req.toAccountId);
  const provider = await loadProvider(ctx, req.providerId);
  ensureActive(provider);
  const pair = [req.payCurrency, req.receiveCurrency].sort().join('/');
  if (req.payCurrency === req.receiveCurrency || pair !== [...provider.currencies].sort().join('/')) {
    throw fail.invalid(`provider ${provider.providerId} converts between ${provider.currencies.join(' and ')}`, {
      field: 'input.payCurrency',
    });
  }
  if (provider.owner === caller.party || provider.accountId === req.toAccountId) {
    throw fail.invalid('a provider does not convert for itself', { field: 'input.providerId' });
  }
  const { payAmount, rate } = await priceAt(ctx, provider, req.payCurrency, req.receiveCurrency, req.receiveAmount);
  const now = txTime(ctx).iso;
  const quote: QuoteRecord = {
    quoteId: ctx.stub.getTxID(),
    payer: caller.party,
    payee: to.owner,
    providerId: provider.providerId,
    provider: provider.owner,
    fromAccountId: req.fromAccountId,
    toAccountId: req.toAccountId,
    payCurrency: req.payCurrency,
    receiveCurrency: req.receiveCurrency,
    receiveAmount: req.receiveAmount.toString(),
    payAmount: payAmount.toString(),
    rate,
    spreadBps: provider.spreadBps,
    quotedAt: now,
    expiresAt: addSeconds(now, req.validSeconds ?? DEFAULT_QUOTE_SECONDS),
    status: 'QUOTED',
    updatedAt: now,
  };
  await saveQuote(ctx, quote);
  emit(ctx, EventName.QUOTE_REQUESTED, audience([quote.payer, quote.provider]), quote);
  return quote;
}

/**
 * Pays a quote of `payer` now: checks expiry, provider and slippage, moves A from the payer to the
 * provider and takes B out of the provider's account. The caller puts the B where it goes — a credit
 * row of the payee (PayQuote), or the buyer's holding it is about to freeze (RequestSettlement) — and
 * has authorized `payer`.
 */
export async function executeQuote(
  ctx: AllianceContext,
  quoteId: string,
  payer: PartyId,
  maxSlippageBps: number,
  settlementNo?: string,
): Promise<{ readonly quote: QuoteRecord; readonly received: bigint }> {
  const current = await loadQuote(ctx, quoteId);
  if (current.payer !== payer) throw fail.forbidden('caller may not PayQuote', { action: 'PayQuote', caller: payer });
  const status = nextState(QuoteMachine, current.status, QuoteAction.PAY);
  const now = txTime(ctx);
  if (now.ms >= isoToMs(current.expiresAt)) {
    throw fail.illegalState('the quote has expired', { quoteId, expiresAt: current.expiresAt });
  }
  const provider = await loadProvider(ctx, current.providerId);
  ensureActive(provider);
  const receive = BigInt(current.receiveAmount);
  const { payAmount, rate } = await priceAt(ctx, provider, current.payCurrency, current.receiveCurrency, receive);
  if (!withinSlippage(BigInt(current.payAmount), payAmount, maxSlippageBps)) {
    throw fail.illegalState('the rate moved beyond the slippage the payer accepts', {
      quoteId,
      quotedPayAmount: current.payAmount,
      payAmount: payAmount.toString(),
      maxSlippageBps,
    });
  }
  const liquidity = await loadHolding(ctx, provider.accountId, current.receiveCurrency);
  if (liquidity.available < receive) {
    // The provider's balance stays its own: the refusal names the provider and the currency only.
    throw new ChaincodeError(ErrorCode.INSUFFICIENT_FUNDS, 'the liquidity provider cannot pay this amount now', {
      providerId: provider.providerId,
      currency: current.receiveCurrency,
    });
  }
  await payShares(ctx, current.fromAccountId, current.payCurrency, [
    { accountId: provider.accountId, amount: payAmount },
  ]);
  await saveHolding(ctx, debit(liquidity, receive));
  const quote: QuoteRecord = {
    ...current,
    status,
    paid: {
      payAmount: payAmount.toString(),
      rate,
      maxSlippageBps,
      txId: ctx.stub.getTxID(),
      at: now.iso,
      ...(settlementNo === undefined ? {} : { settlementNo }),
    },
    updatedAt: now.iso,
  };
  await saveQuote(ctx, quote);
  return { quote, received: receive };
}

/** PayQuote: the payer pays its quote before it expires; the payee is credited in B. */
export async function payQuote(ctx: AllianceContext, input: string): Promise<QuoteRecord> {
  const req = parseInput(input, PayQuoteInput);
  const found = await loadQuote(ctx, req.quoteId);
  const { caller } = await authorize(ctx, 'PayQuote', [grant.member(found.payer)]);
  const { quote, received } = await executeQuote(ctx, req.quoteId, caller.party, req.maxSlippageBps);
  await credit(ctx, quote.toAccountId, quote.receiveCurrency, received);
  emit(ctx, EventName.QUOTE_PAID, audience([quote.payer, quote.payee, quote.provider]), quote);
  return quote;
}

/** CancelQuote: the payer drops a quote it will not pay. */
export async function cancelQuote(ctx: AllianceContext, input: string): Promise<QuoteRecord> {
  const req = parseInput(input, QuoteRefInput);
  const current = await loadQuote(ctx, req.quoteId);
  await authorize(ctx, 'CancelQuote', [grant.member(current.payer)]);
  const quote: QuoteRecord = {
    ...current,
    status: nextState(QuoteMachine, current.status, QuoteAction.CANCEL),
    updatedAt: txTime(ctx).iso,
  };
  await saveQuote(ctx, quote);
  emit(ctx, EventName.QUOTE_CANCELLED, audience([quote.payer, quote.provider]), quote);
  return quote;
}

/** GetQuote: its payer, payee and provider, and auditors. */
export async function getQuote(ctx: AllianceContext, input: string): Promise<QuoteRecord> {
  const req = parseInput(input, QuoteRefInput);
  const quote = await loadQuote(ctx, req.quoteId);
  await authorize(ctx, 'GetQuote', [
    grant.member(quote.payer),
    grant.member(quote.payee),
    grant.member(quote.provider),
    grant.role(Role.AUDITOR),
  ]);
  return quote;
}
