import {
  IssueReceivableInput,
  ListReceivables,
  ReceivableRefInput,
  RejectReceivableInput,
  Role,
  SplitReceivableInput,
  TransferReceivableInput,
  type HistoryEntry,
  type Page,
  type SplitResult,
} from '@allianceledger/contract';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { emit, EventName } from '../lib/events';
import { history } from '../lib/ledger';
import { listByIndex, listingTarget } from '../lib/records';
import { nextState } from '../lib/state-machine';
import { isoToMs, txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { getAccount } from '../wallets/balance.store';
import { getCurrency } from '../wallets/currency.store';
import { ReceivableAction, ReceivableMachine, ReceivableStatus } from './finance.states';
import {
  financeKey,
  loadReceivable,
  ReceivableIndex,
  requireActive,
  saveReceivable,
  type ReceivableRecord,
} from './finance.store';

import { newHolder, readers, receivableAudience, refusePastDue } from './receivable.rules';
import { withParties } from '../members/handle.store';

/** The latest due time an issue may set: ten years ahead. */
const MAX_TERM_MS = 3650 * 86_400_000;

/** Most parts one split may create (the contract's). */
export { MAX_SPLIT_PARTS } from '@allianceledger/contract';
export type { SplitResult };

/**
 * IssueReceivable: a supplier (any active member, the creditor) issues a receivable against a debtor,
 * payable into its own `accountId`. It has no value until the debtor accepts it.
 */
export async function issueReceivable(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = await withParties(ctx, parseInput(input, IssueReceivableInput), ['debtor']);
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
  const { by, key, byStatus } = await listingTarget(ctx, req);
  const grants = byStatus ? [grant.role(Role.AUDITOR)] : [grant.member(key), grant.role(Role.AUDITOR)];
  await authorize(ctx, 'ListReceivables', grants);
  return listByIndex(ctx, ReceivableIndex[by], [key], pageRequest(req), (id) => loadReceivable(ctx, id));
}
