import {
  CancelFinancingInput,
  IssueReceivableInput,
  ListReceivables,
  ReceivablePaymentInput,
  ReceivableRefInput,
  RejectReceivableInput,
  RequestFinancingInput,
  Role,
  SplitReceivableInput,
  TransferReceivableInput,
  type HistoryEntry,
  type Page,
  type SplitResult,
} from '@allianceledger/contract';
import { CreditKind } from '../credit/credit.kinds';
import { ensureNotBlacklisted, recordCredit } from '../credit/credit.store';
import { authorize, grant, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, emit, EventName, type Audience } from '../lib/events';
import { history } from '../lib/ledger';
import type { PartyId } from '../lib/party';
import { listByIndex, listingTarget } from '../lib/records';
import { nextState } from '../lib/state-machine';
import { isoToMs, txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { getAccount, pay } from '../wallets/balance.store';
import { getCurrency } from '../wallets/currency.store';
import { discountDays, discountedAmount, parseRate } from './discount';
import { ReceivableAction, ReceivableMachine, ReceivableStatus } from './finance.states';
import {
  accountOf,
  financeKey,
  loadReceivable,
  payerAccount,
  ReceivableIndex,
  requireActive,
  saveReceivable,
  type ReceivableRecord,
} from './finance.store';

/** The latest due time an issue may set: ten years ahead. */
const MAX_TERM_MS = 3650 * 86_400_000;

/** Most parts one split may create (the contract's). */
export { MAX_SPLIT_PARTS } from '@allianceledger/contract';
export type { SplitResult };

/** Who reads a receivable: its creditor, debtor and holder, the bank asked to finance it, auditors. */
function readers(r: ReceivableRecord): Grant[] {
  return [
    grant.member(r.creditor),
    grant.member(r.debtor),
    grant.member(r.holder),
    ...(r.financing ? [grant.role(Role.BANK, { party: r.financing.bank })] : []),
    grant.role(Role.AUDITOR),
  ];
}

/**
 * A receivable past its due time can only be repaid (late) or marked overdue: accepting it, passing it
 * on or splitting it would hand someone a claim that is already in default. ILLEGAL_STATE naming the
 * due time otherwise. (Financing has its own, stricter rule: not at the due time either.)
 */
function refusePastDue(ctx: AllianceContext, r: ReceivableRecord, what: string): void {
  const now = txTime(ctx);
  if (now.ms > isoToMs(r.dueAt)) {
    throw fail.illegalState(`the receivable was due at ${r.dueAt}: ${what}`, {
      entity: 'receivable',
      dueAt: r.dueAt,
      txTime: now.iso,
    });
  }
}

/** A receivable's events reach its creditor, debtor and holder, the bank asked to finance it, and `more`. */
function receivableAudience(r: ReceivableRecord, more: readonly (PartyId | undefined)[] = []): Audience {
  return audience([r.creditor, r.debtor, r.holder, r.financing?.bank, ...more]);
}

/** A new holder named by an account: an active member other than the debtor. */
async function newHolder(ctx: AllianceContext, r: ReceivableRecord, accountId: string): Promise<PartyId> {
  const account = await getAccount(ctx, accountId);
  if (account.owner === r.debtor) {
    throw fail.invalid('the debtor cannot hold its own receivable', { field: 'input.toAccountId', accountId });
  }
  await requireActive(ctx, account.owner);
  return account.owner;
}

/**
 * IssueReceivable: a supplier (any active member, the creditor) issues a receivable against a debtor,
 * payable into its own `accountId`. It has no value until the debtor accepts it.
 */
export async function issueReceivable(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = parseInput(input, IssueReceivableInput);
  const account = await getAccount(ctx, req.accountId);
  const { caller } = await authorize(ctx, 'IssueReceivable', [grant.member(account.owner)]);
  if (req.debtor === caller.party) throw fail.invalid('the debtor must be another party', { field: 'input.debtor' });
  await requireActive(ctx, req.debtor);
  await getCurrency(ctx, req.currency);
  const now = txTime(ctx);
  const due = isoToMs(req.dueAt);
  if (due <= now.ms || due > now.ms + MAX_TERM_MS) {
    throw fail.invalid('dueAt must be after the transaction time and at most ten years ahead', {
      field: 'input.dueAt',
      txTime: now.iso,
    });
  }
  const record: ReceivableRecord = {
    receivableId: ctx.stub.getTxID(),
    creditor: caller.party,
    debtor: req.debtor,
    holder: caller.party,
    holderAccountId: req.accountId,
    currency: req.currency,
    faceAmount: req.faceAmount.toString(),
    dueAt: req.dueAt,
    contractHash: req.contractHash,
    ...(req.description ? { description: req.description } : {}),
    status: ReceivableStatus.ISSUED,
    issuedAt: now.iso,
    updatedAt: now.iso,
  };
  await saveReceivable(ctx, record, undefined);
  emit(ctx, EventName.RECEIVABLE_ISSUED, receivableAudience(record), { ...record });
  return record;
}

/** AcceptReceivable: the debtor acknowledges the debt; only now has the receivable value. */
export async function acceptReceivable(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = parseInput(input, ReceivableRefInput);
  const current = await loadReceivable(ctx, req.receivableId);
  await authorize(ctx, 'AcceptReceivable', [grant.member(current.debtor)]);
  const status = nextState(ReceivableMachine, current.status, ReceivableAction.ACCEPT);
  refusePastDue(ctx, current, 'it can no longer be accepted');
  const now = txTime(ctx).iso;
  const record: ReceivableRecord = {
    ...current,
    status,
    acceptedAt: now,
    updatedAt: now,
  };
  await saveReceivable(ctx, record, current);
  emit(ctx, EventName.RECEIVABLE_ACCEPTED, receivableAudience(record), { ...record });
  return record;
}

/** RejectReceivable: the debtor refuses an issued receivable. */
export async function rejectReceivable(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = parseInput(input, RejectReceivableInput);
  const current = await loadReceivable(ctx, req.receivableId);
  await authorize(ctx, 'RejectReceivable', [grant.member(current.debtor)]);
  const now = txTime(ctx).iso;
  const record: ReceivableRecord = {
    ...current,
    status: nextState(ReceivableMachine, current.status, ReceivableAction.REJECT),
    rejectReason: req.reason,
    updatedAt: now,
    closedAt: now,
  };
  await saveReceivable(ctx, record, current);
  emit(ctx, EventName.RECEIVABLE_REJECTED, receivableAudience(record), { ...record });
  return record;
}

/** TransferReceivable: the holder transfers the whole receivable to the owner of `toAccountId`. */
export async function transferReceivable(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = parseInput(input, TransferReceivableInput);
  const current = await loadReceivable(ctx, req.receivableId);
  await authorize(ctx, 'TransferReceivable', [grant.member(current.holder)]);
  const status = nextState(ReceivableMachine, current.status, ReceivableAction.TRANSFER);
  refusePastDue(ctx, current, 'it can no longer be transferred');
  const holder = await newHolder(ctx, current, req.toAccountId);
  if (holder === current.holder) {
    throw fail.invalid('the receivable already belongs to that account owner', { field: 'input.toAccountId' });
  }
  const record: ReceivableRecord = {
    ...current,
    status,
    holder,
    holderAccountId: req.toAccountId,
    updatedAt: txTime(ctx).iso,
  };
  await saveReceivable(ctx, record, current);
  emit(ctx, EventName.RECEIVABLE_TRANSFERRED, receivableAudience(record, [current.holder]), {
    ...record,
    previousHolder: current.holder,
  });
  return record;
}

/**
 * SplitReceivable: the holder splits an accepted receivable into parts for its own suppliers (or to
 * keep). The parts sum exactly to the face amount; the parent is closed (SPLIT). Parts are accepted
 * receivables of the same debtor, currency, due time and contract, with ids `<parent>-1`, `<parent>-2`, …
 */
export async function splitReceivable(ctx: AllianceContext, input: string): Promise<SplitResult> {
  const req = parseInput(input, SplitReceivableInput);
  const current = await loadReceivable(ctx, req.receivableId);
  await authorize(ctx, 'SplitReceivable', [grant.member(current.holder)]);
  const status = nextState(ReceivableMachine, current.status, ReceivableAction.SPLIT);
  refusePastDue(ctx, current, 'it can no longer be split');
  const total = req.parts.reduce((sum, p) => sum + p.amount, 0n);
  if (total !== BigInt(current.faceAmount)) {
    throw fail.invalid('the parts must sum exactly to the face amount', {
      field: 'input.parts',
      faceAmount: current.faceAmount,
      sum: total.toString(),
    });
  }
  const ids = req.parts.map((_p, i) => `${current.receivableId}-${i + 1}`);
  if (ids.some((i) => i.length > 128)) {
    throw fail.illegalState('this receivable has been split too many times', { receivableId: current.receivableId });
  }
  const now = txTime(ctx).iso;
  const parts: ReceivableRecord[] = [];
  const { parts: _none, financing: _f, ...inherited } = current;
  for (const [i, p] of req.parts.entries()) {
    parts.push({
      ...inherited,
      receivableId: `${current.receivableId}-${i + 1}`,
      holder: await newHolder(ctx, current, p.toAccountId),
      holderAccountId: p.toAccountId,
      faceAmount: p.amount.toString(),
      status: ReceivableStatus.ACCEPTED,
      parentId: current.receivableId,
      issuedAt: now,
      updatedAt: now,
    });
  }
  const parent: ReceivableRecord = { ...current, status, parts: ids, updatedAt: now, closedAt: now };
  await saveReceivable(ctx, parent, current);
  for (const part of parts) await saveReceivable(ctx, part, undefined);
  const result: SplitResult = { parent, parts };
  emit(
    ctx,
    EventName.RECEIVABLE_SPLIT,
    receivableAudience(
      parent,
      parts.map((p) => p.holder),
    ),
    { parent, parts },
  );
  return result;
}

/**
 * RequestFinancing: the holder offers an accepted receivable to a bank at an annual rate, to be paid
 * into its `payoutAccountId`. Refused for a blacklisted holder.
 */
export async function requestFinancing(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = parseInput(input, RequestFinancingInput);
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
  await authorize(ctx, 'CancelFinancing', [
    grant.member(current.holder),
    ...(current.financing ? [grant.role(Role.BANK, { party: current.financing.bank })] : []),
  ]);
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
  const { caller } = await authorize(ctx, 'FinanceReceivable', [
    grant.role(Role.BANK, current.financing ? { party: current.financing.bank } : {}),
  ]);
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

/**
 * RepayReceivable: the debtor pays the face amount from its `fromAccountId` into the current holder's
 * account; SETTLED. Writes the debtor's credit record: REPAYMENT_ON_TIME by the due time,
 * REPAYMENT_LATE after it.
 */
export async function repayReceivable(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = parseInput(input, ReceivablePaymentInput);
  const current = await loadReceivable(ctx, req.receivableId);
  await authorize(ctx, 'RepayReceivable', [grant.member(current.debtor)]);
  const status = nextState(ReceivableMachine, current.status, ReceivableAction.REPAY);
  await payerAccount(ctx, req.fromAccountId, 'RepayReceivable');
  const now = txTime(ctx);
  const onTime = current.status !== ReceivableStatus.OVERDUE && now.ms <= isoToMs(current.dueAt);
  await pay(ctx, req.fromAccountId, current.holderAccountId, current.currency, BigInt(current.faceAmount));
  // An unfunded financing request lapses with the repayment, as it does when the receivable goes overdue.
  const { financing, ...rest } = current;
  const record: ReceivableRecord = {
    ...rest,
    ...(financing?.financedAt ? { financing } : {}),
    status,
    repayment: {
      fromAccountId: req.fromAccountId,
      toAccountId: current.holderAccountId,
      amount: current.faceAmount,
      onTime,
      txId: ctx.stub.getTxID(),
      repaidAt: now.iso,
    },
    updatedAt: now.iso,
    closedAt: now.iso,
  };
  await saveReceivable(ctx, record, current);
  await recordCredit(ctx, {
    subject: current.debtor,
    kind: onTime ? CreditKind.REPAYMENT_ON_TIME : CreditKind.REPAYMENT_LATE,
    reference: `receivable:${current.receivableId}`,
  });
  emit(ctx, EventName.RECEIVABLE_REPAID, receivableAudience(record, [financing?.bank]), { ...record });
  return record;
}

/**
 * MarkOverdue: anyone, once the transaction time is past the due time of an unpaid receivable; it
 * becomes OVERDUE (an unfunded financing request lapses) and the debtor gets a REPAYMENT_OVERDUE
 * credit record. The debtor may still repay.
 */
export async function markOverdue(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = parseInput(input, ReceivableRefInput);
  await authorize(ctx, 'MarkOverdue', [grant.anyone]);
  const current = await loadReceivable(ctx, req.receivableId);
  const status = nextState(ReceivableMachine, current.status, ReceivableAction.MARK_OVERDUE);
  const now = txTime(ctx);
  if (now.ms <= isoToMs(current.dueAt)) {
    throw fail.illegalState('the receivable is not past due', {
      entity: 'receivable',
      dueAt: current.dueAt,
      txTime: now.iso,
    });
  }
  const { financing, ...rest } = current;
  const record: ReceivableRecord = {
    ...rest,
    ...(financing?.financedAt ? { financing } : {}),
    status,
    overdueAt: now.iso,
    updatedAt: now.iso,
  };
  await saveReceivable(ctx, record, current);
  await recordCredit(ctx, {
    subject: current.debtor,
    kind: CreditKind.REPAYMENT_OVERDUE,
    reference: `receivable:${current.receivableId}`,
  });
  emit(ctx, EventName.RECEIVABLE_OVERDUE, receivableAudience(record, [financing?.bank]), { ...record });
  return record;
}

/** GetReceivable: for its creditor, debtor and holder, the bank asked to finance it, auditors. */
export async function getReceivable(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = parseInput(input, ReceivableRefInput);
  const record = await loadReceivable(ctx, req.receivableId);
  await authorize(ctx, 'GetReceivable', readers(record));
  return record;
}

/** GetReceivableHistory: every committed version, oldest first, for the same readers. */
export async function getReceivableHistory(
  ctx: AllianceContext,
  input: string,
): Promise<HistoryEntry<ReceivableRecord>[]> {
  const req = parseInput(input, ReceivableRefInput);
  const record = await loadReceivable(ctx, req.receivableId);
  await authorize(ctx, 'GetReceivableHistory', readers(record));
  return history<ReceivableRecord>(ctx, financeKey(ctx, 'receivable', req.receivableId));
}

/**
 * ListReceivables: `{by: 'holder' | 'creditor' | 'debtor', value?: party}` lists a party's own (value
 * defaults to the caller; auditors may name anyone); `{by: 'status', value}` is for auditors.
 */
export async function listReceivables(ctx: AllianceContext, input: string): Promise<Page<ReceivableRecord>> {
  const req = parseInput(input, ListReceivables.input);
  const { by, key, byStatus } = listingTarget(ctx, req);
  const grants = byStatus ? [grant.role(Role.AUDITOR)] : [grant.member(key), grant.role(Role.AUDITOR)];
  await authorize(ctx, 'ListReceivables', grants);
  return listByIndex(ctx, ReceivableIndex[by], [key], pageRequest(req), (id) => loadReceivable(ctx, id));
}
