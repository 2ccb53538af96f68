import {
  CreditLineMoveInput,
  CreditLineRefInput,
  GrantCreditLineInput,
  ListCreditLines,
  Role,
  type CreditLineMovement,
} from '@allianceledger/contract';
import { ensureNotBlacklisted } from '../credit/credit.store';
import { authorize, callerOf, grant, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { ChaincodeError, ErrorCode, fail } from '../lib/errors';
import { audience, emit, EventName, type Audience, type EventData } from '../lib/events';
import type { Page } from '../lib/ledger';
import type { PartyId } from '../lib/party';
import { listByIndex, listingTarget } from '../lib/records';
import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { credit, debit, getAccount, loadHolding, pay, saveHolding, type Holding } from '../wallets/balance.store';
import { getCurrency } from '../wallets/currency.store';
import { CreditLineAction, CreditLineMachine, CreditLineStatus } from './finance.states';
import {
  CreditLineIndex,
  loadCreditLine,
  payerAccount,
  requireActive,
  saveCreditLine,
  type CreditLineRecord,
} from './finance.store';
import { withParties } from '../members/handle.store';

export type { CreditLineMovement };

function readers(line: CreditLineRecord): Grant[] {
  return [grant.member(line.borrower), grant.role(Role.BANK, { party: line.bank }), grant.role(Role.AUDITOR)];
}

/**
 * GrantCreditLine: a bank grants a party a line of `limit`, funded from its own `fundingAccountId` (the
 * account's owner must be the caller, a bank). Refused for a blacklisted borrower.
 */
export async function grantCreditLine(ctx: AllianceContext, input: string): Promise<CreditLineRecord> {
  const req = await withParties(ctx, parseInput(input, GrantCreditLineInput), ['borrower']);
  const funding = await getAccount(ctx, req.fundingAccountId);
  const { caller } = await authorize(ctx, 'GrantCreditLine', [grant.role(Role.BANK, { party: funding.owner })]);
  if (req.borrower === caller.party) {
    throw fail.invalid('the borrower must be another party', { field: 'input.borrower' });
  }
  await getCurrency(ctx, req.currency);
  await requireActive(ctx, req.borrower);
  await ensureNotBlacklisted(ctx, req.borrower, 'GrantCreditLine');
  const now = txTime(ctx).iso;
  const line: CreditLineRecord = {
    lineId: ctx.stub.getTxID(),
    bank: caller.party,
    fundingAccountId: req.fundingAccountId,
    borrower: req.borrower,
    currency: req.currency,
    limit: req.limit.toString(),
    drawn: '0',
    status: CreditLineStatus.ACTIVE,
    grantedAt: now,
    updatedAt: now,
  };
  await saveCreditLine(ctx, line, undefined);
  emit(ctx, EventName.CREDIT_LINE_GRANTED, lineAudience(line), lineEventData(line));
  return line;
}

/** A line's events reach its bank and its borrower. */
function lineAudience(line: CreditLineRecord): Audience {
  return audience([line.bank, line.borrower]);
}

/** A line's terms and state, without what is drawn on it (a balance, which events never carry). */
function lineEventData(line: CreditLineRecord): EventData<'CreditLineGranted'> {
  const { drawn: _drawn, ...terms } = line;
  return terms;
}

/** A draw or repayment: the amount of this transaction only. */
function movementEventData(m: CreditLineMovement): EventData<'CreditLineDrawn'> {
  return { lineId: m.line.lineId, currency: m.line.currency, accountId: m.accountId, amount: m.amount, txId: m.txId };
}

/**
 * Debits the bank's funding account for a draw. When it cannot cover the draw, the borrower learns
 * only that: the bank's account and balance are the bank's own (an error's details reach the caller).
 */
function fundDraw(funding: Holding, amount: bigint, lineId: string): Holding {
  try {
    return debit(funding, amount);
  } catch (err) {
    if (err instanceof ChaincodeError && err.code === ErrorCode.INSUFFICIENT_FUNDS) {
      throw new ChaincodeError(ErrorCode.INSUFFICIENT_FUNDS, "the credit line's bank cannot fund this draw now", {
        lineId,
        requested: amount.toString(),
      });
    }
    throw err;
  }
}

/**
 * Takes `amount` from a credit line for its borrower, the caller: checks the line is ACTIVE, in
 * `currency`, not blacklisted and within its limit, debits the bank's funding account (a full-balance
 * debit) and saves the line. The caller of this function moves the money into the borrower's account.
 * Used by DrawCreditLine and by settlement step 1b.
 */
export async function takeFromLine(
  ctx: AllianceContext,
  lineIdValue: string,
  borrower: PartyId,
  currency: string,
  amount: bigint,
  action: string,
): Promise<CreditLineRecord> {
  const current = await loadCreditLine(ctx, lineIdValue);
  if (current.borrower !== borrower) {
    throw fail.forbidden('the credit line belongs to another borrower', { action, caller: callerOf(ctx).party });
  }
  const status = nextState(CreditLineMachine, current.status, CreditLineAction.DRAW);
  if (current.currency !== currency) {
    throw fail.invalid(`the credit line is in ${current.currency}`, { field: 'input.currency', lineId: lineIdValue });
  }
  await ensureNotBlacklisted(ctx, borrower, action);
  const available = BigInt(current.limit) - BigInt(current.drawn);
  if (amount > available) {
    throw new ChaincodeError(ErrorCode.INSUFFICIENT_FUNDS, 'the credit line does not cover the amount', {
      lineId: lineIdValue,
      available: available.toString(),
      requested: amount.toString(),
    });
  }
  await saveHolding(ctx, fundDraw(await loadHolding(ctx, current.fundingAccountId, currency), amount, lineIdValue));
  const line: CreditLineRecord = {
    ...current,
    status,
    drawn: (BigInt(current.drawn) + amount).toString(),
    updatedAt: txTime(ctx).iso,
  };
  await saveCreditLine(ctx, line, current);
  return line;
}

/** DrawCreditLine: the borrower draws `amount` into its own `accountId`. */
export async function drawCreditLine(ctx: AllianceContext, input: string): Promise<CreditLineMovement> {
  const req = parseInput(input, CreditLineMoveInput);
  const account = await getAccount(ctx, req.accountId);
  const { caller } = await authorize(ctx, 'DrawCreditLine', [grant.member(account.owner)]);
  const current = await loadCreditLine(ctx, req.lineId);
  const line = await takeFromLine(ctx, req.lineId, caller.party, current.currency, req.amount, 'DrawCreditLine');
  await credit(ctx, req.accountId, line.currency, req.amount);
  const result: CreditLineMovement = {
    line,
    accountId: req.accountId,
    amount: req.amount.toString(),
    txId: ctx.stub.getTxID(),
  };
  emit(ctx, EventName.CREDIT_LINE_DRAWN, lineAudience(line), movementEventData(result));
  return result;
}

/** RepayCreditLine: the borrower repays up to the drawn amount from its `accountId` into the bank's funding account. */
export async function repayCreditLine(ctx: AllianceContext, input: string): Promise<CreditLineMovement> {
  const req = parseInput(input, CreditLineMoveInput);
  const current = await loadCreditLine(ctx, req.lineId);
  await authorize(ctx, 'RepayCreditLine', [grant.member(current.borrower)]);
  const status = nextState(CreditLineMachine, current.status, CreditLineAction.REPAY);
  await payerAccount(ctx, req.accountId, 'RepayCreditLine');
  if (req.amount > BigInt(current.drawn)) {
    throw fail.invalid('amount must not exceed the drawn amount', { field: 'input.amount', drawn: current.drawn });
  }
  await pay(ctx, req.accountId, current.fundingAccountId, current.currency, req.amount);
  const line: CreditLineRecord = {
    ...current,
    status,
    drawn: (BigInt(current.drawn) - req.amount).toString(),
    updatedAt: txTime(ctx).iso,
  };
  await saveCreditLine(ctx, line, current);
  const result: CreditLineMovement = {
    line,
    accountId: req.accountId,
    amount: req.amount.toString(),
    txId: ctx.stub.getTxID(),
  };
  emit(ctx, EventName.CREDIT_LINE_REPAID, lineAudience(line), movementEventData(result));
  return result;
}

/** CloseCreditLine: the bank closes a fully repaid line; no more draws. */
export async function closeCreditLine(ctx: AllianceContext, input: string): Promise<CreditLineRecord> {
  const req = parseInput(input, CreditLineRefInput);
  const current = await loadCreditLine(ctx, req.lineId);
  await authorize(ctx, 'CloseCreditLine', [grant.role(Role.BANK, { party: current.bank })]);
  const status = nextState(CreditLineMachine, current.status, CreditLineAction.CLOSE);
  if (current.drawn !== '0') {
    throw fail.illegalState('a credit line closes only once fully repaid', {
      lineId: req.lineId,
      drawn: current.drawn,
    });
  }
  const now = txTime(ctx).iso;
  const line: CreditLineRecord = { ...current, status, updatedAt: now, closedAt: now };
  await saveCreditLine(ctx, line, current);
  emit(ctx, EventName.CREDIT_LINE_CLOSED, lineAudience(line), lineEventData(line));
  return line;
}

/** GetCreditLine: for its borrower, its bank, auditors. */
export async function getCreditLine(ctx: AllianceContext, input: string): Promise<CreditLineRecord> {
  const req = parseInput(input, CreditLineRefInput);
  const line = await loadCreditLine(ctx, req.lineId);
  await authorize(ctx, 'GetCreditLine', readers(line));
  return line;
}

/** ListCreditLines: `{by: 'borrower' | 'bank', value?: party}`; value defaults to the caller; auditors may name anyone. */
export async function listCreditLines(ctx: AllianceContext, input: string): Promise<Page<CreditLineRecord>> {
  const req = parseInput(input, ListCreditLines.input);
  const { by, key } = await listingTarget(ctx, req);
  await authorize(ctx, 'ListCreditLines', [
    by === 'borrower' ? grant.member(key) : grant.role(Role.BANK, { party: key }),
    grant.role(Role.AUDITOR),
  ]);
  return listByIndex(ctx, CreditLineIndex[by], [key], pageRequest(req), (id) => loadCreditLine(ctx, id));
}
