import { CancelFinancingInput, ReceivablePaymentInput, RequestFinancingInput, Role } from '@allianceledger/contract';
import { ensureNotBlacklisted } from '../credit/credit.store';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { emit, EventName } from '../lib/events';
import { nextState } from '../lib/state-machine';
import { isoToMs, txTime } from '../lib/time';
import { parseInput } from '../lib/validate';
import { pay } from '../wallets/balance.store';
import { discountDays, discountedAmount, parseRate } from './discount';
import { ReceivableAction, ReceivableMachine } from './finance.states';
import {
  accountOf,
  loadReceivable,
  payerAccount,
  requireActive,
  saveReceivable,
  type ReceivableRecord,
} from './finance.store';

import { receivableAudience } from './receivable.rules';
import { withParties } from '../members/handle.store';
import { bankAsked } from './bank-asked';

/**
 * RequestFinancing: the holder offers an accepted receivable to a bank at an annual rate, to be paid
 * into its `payoutAccountId`. Refused for a blacklisted holder.
 */
export async function requestFinancing(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = await withParties(ctx, parseInput(input, RequestFinancingInput), ['bank']);
  const current = await loadReceivable(ctx, req.receivableId);
  const { caller } = await authorize(ctx, 'RequestFinancing', [grant.member(current.holder)]);
  const status = nextState(ReceivableMachine, current.status, ReceivableAction.REQUEST_FINANCING);
  await ensureNotBlacklisted(ctx, current.holder, 'RequestFinancing');
  if (req.bank === current.holder || req.bank === current.debtor) {
    throw fail.invalid('the bank must be neither the holder nor the debtor', { field: 'input.bank' });
  }
  await requireActive(ctx, req.bank, Role.BANK);
  await accountOf(ctx, req.payoutAccountId, current.holder, 'payoutAccountId');
  const now = txTime(ctx);
  if (now.ms >= isoToMs(current.dueAt)) {
    throw fail.illegalState('a receivable cannot be financed at or after its due time', { dueAt: current.dueAt });
  }
  const record: ReceivableRecord = {
    ...current,
    status,
    financing: {
      bank: req.bank,
      annualRate: req.annualRate,
      payoutAccountId: req.payoutAccountId,
      requestedBy: caller.party,
      requestedAt: now.iso,
    },
    updatedAt: now.iso,
  };
  await saveReceivable(ctx, record, current);
  emit(ctx, EventName.FINANCING_REQUESTED, receivableAudience(record), { ...record });
  return record;
}

/** CancelFinancing: the holder withdraws its request, or the bank declines it; back to ACCEPTED. */
export async function cancelFinancing(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = parseInput(input, CancelFinancingInput);
  const current = await loadReceivable(ctx, req.receivableId);
  await authorize(ctx, 'CancelFinancing', [grant.member(current.holder), ...bankAsked(current.financing?.bank)]);
  const status = nextState(ReceivableMachine, current.status, ReceivableAction.CANCEL_FINANCING);
  const { financing, ...rest } = current;
  const record: ReceivableRecord = { ...rest, status, updatedAt: txTime(ctx).iso };
  await saveReceivable(ctx, record, current);
  emit(ctx, EventName.FINANCING_CANCELLED, receivableAudience(record, [financing?.bank]), {
    ...record,
    cancelled: financing,
    reason: req.reason,
  });
  return record;
}

/**
 * FinanceReceivable: the bank the holder asked pays the discounted amount (discount.ts) from its
 * `fromAccountId` into the holder's payout account and becomes the holder; the debtor then repays the
 * face amount into that account. Refused for a blacklisted holder and at or after the due time.
 */
export async function financeReceivable(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = parseInput(input, ReceivablePaymentInput);
  const current = await loadReceivable(ctx, req.receivableId);
  const { caller } = await authorize(ctx, 'FinanceReceivable', bankAsked(current.financing?.bank));
  const status = nextState(ReceivableMachine, current.status, ReceivableAction.FINANCE);
  const financing = current.financing;
  if (!financing) throw new Error(`receivable ${current.receivableId} awaits financing without a request`);
  await payerAccount(ctx, req.fromAccountId, 'FinanceReceivable');
  await ensureNotBlacklisted(ctx, current.holder, 'FinanceReceivable');
  const now = txTime(ctx);
  const days = discountDays(now.ms, isoToMs(current.dueAt));
  if (days === 0) {
    throw fail.illegalState('a receivable cannot be financed at or after its due time', { dueAt: current.dueAt });
  }
  const amount = discountedAmount(BigInt(current.faceAmount), parseRate(financing.annualRate), days);
  if (amount === 0n) {
    throw fail.illegalState('the discount consumes the whole face amount', {
      annualRate: financing.annualRate,
      days,
    });
  }
  await pay(ctx, req.fromAccountId, financing.payoutAccountId, current.currency, amount);
  const record: ReceivableRecord = {
    ...current,
    status,
    holder: caller.party,
    holderAccountId: req.fromAccountId,
    financing: {
      ...financing,
      days,
      discountedAmount: amount.toString(),
      bankAccountId: req.fromAccountId,
      financedAt: now.iso,
      txId: ctx.stub.getTxID(),
    },
    updatedAt: now.iso,
  };
  await saveReceivable(ctx, record, current);
  emit(ctx, EventName.RECEIVABLE_FINANCED, receivableAudience(record, [current.holder]), {
    ...record,
    previousHolder: current.holder,
  });
  return record;
}
