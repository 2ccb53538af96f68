import type {
  CreditLineRecord,
  Financing,
  Pledge,
  ReceiptRecord,
  ReceivableRecord,
  Repayment,
  Role,
} from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { compositeKey, getOrThrow } from '../lib/ledger';
import { saveRecord, type RecordIndex } from '../lib/records';
import type { PartyId } from '../lib/party';
import { findMember } from '../members/member.store';
import { getAccount, type AccountRecord } from '../wallets/balance.store';
import { DeadlineKind, keepDeadline } from '../keeper/deadline.store';
import { ReceivableStatus } from './finance.states';

/** Key types and listing indexes of the supply-chain-finance records (DOMAIN.md §6). */
export const FinanceKey = {
  receivable: 'receivable',
  receipt: 'receipt',
  creditLine: 'creditline',
} as const;

/** Listing indexes of receivables: `receivable~<by>` + [party | status, receivableId]. */
export const ReceivableIndex = {
  holder: 'receivable~holder',
  creditor: 'receivable~creditor',
  debtor: 'receivable~debtor',
  status: 'receivable~status',
} as const;
/** Listing indexes of receipts: `receipt~<by>` + [party | status, receiptId]. */
export const ReceiptIndex = {
  owner: 'receipt~owner',
  warehouse: 'receipt~warehouse',
  status: 'receipt~status',
} as const;
/** Listing indexes of credit lines: `creditline~<by>` + [party, lineId]. */
export const CreditLineIndex = {
  borrower: 'creditline~borrower',
  bank: 'creditline~bank',
} as const;

export type { CreditLineRecord, Financing, Pledge, ReceiptRecord, ReceivableRecord, Repayment };

/** Key of a record of one of the finance types. */
export function financeKey(ctx: Context, type: keyof typeof FinanceKey, id: string): string {
  return compositeKey(ctx, FinanceKey[type], [id]);
}

/** A receivable; NOT_FOUND otherwise. */
export function loadReceivable(ctx: Context, id: string): Promise<ReceivableRecord> {
  return getOrThrow<ReceivableRecord>(ctx, financeKey(ctx, 'receivable', id), 'receivable', id);
}

/** A warehouse receipt; NOT_FOUND otherwise. */
export function loadReceipt(ctx: Context, id: string): Promise<ReceiptRecord> {
  return getOrThrow<ReceiptRecord>(ctx, financeKey(ctx, 'receipt', id), 'warehouse receipt', id);
}

/** A credit line; NOT_FOUND otherwise. */
export function loadCreditLine(ctx: Context, id: string): Promise<CreditLineRecord> {
  return getOrThrow<CreditLineRecord>(ctx, financeKey(ctx, 'creditLine', id), 'credit line', id);
}

const RECEIVABLE_INDEXES: readonly RecordIndex<ReceivableRecord>[] = [
  { type: ReceivableIndex.creditor, attributes: (r) => [r.creditor] },
  { type: ReceivableIndex.debtor, attributes: (r) => [r.debtor] },
  { type: ReceivableIndex.holder, attributes: (r) => [r.holder] },
  { type: ReceivableIndex.status, attributes: (r) => [r.status] },
];

/** Writes a receivable, its indexes (holder and status move with it) and its due-time row. */
export async function saveReceivable(
  ctx: Context,
  r: ReceivableRecord,
  previous: ReceivableRecord | undefined,
): Promise<void> {
  const id = r.receivableId;
  await saveRecord(ctx, financeKey(ctx, 'receivable', id), id, r, previous, RECEIVABLE_INDEXES);
  await keepDeadline(ctx, DeadlineKind.RECEIVABLE_DUE, id, previous && runningDue(previous), runningDue(r));
}

const RUNNING_DUE: readonly ReceivableStatus[] = [
  ReceivableStatus.ACCEPTED,
  ReceivableStatus.FINANCING_REQUESTED,
  ReceivableStatus.FINANCED,
];

/** The due time while a receivable can still go overdue: accepted and unpaid (financed or not). */
function runningDue(r: ReceivableRecord): string | undefined {
  return RUNNING_DUE.includes(r.status) ? r.dueAt : undefined;
}

const RECEIPT_INDEXES: readonly RecordIndex<ReceiptRecord>[] = [
  { type: ReceiptIndex.owner, attributes: (r) => [r.owner] },
  { type: ReceiptIndex.warehouse, attributes: (r) => [r.warehouse] },
  { type: ReceiptIndex.status, attributes: (r) => [r.status] },
];

/** Writes a receipt and keeps its indexes. */
export function saveReceipt(ctx: Context, r: ReceiptRecord, previous: ReceiptRecord | undefined): Promise<void> {
  return saveRecord(ctx, financeKey(ctx, 'receipt', r.receiptId), r.receiptId, r, previous, RECEIPT_INDEXES);
}

const CREDIT_LINE_INDEXES: readonly RecordIndex<CreditLineRecord>[] = [
  { type: CreditLineIndex.borrower, attributes: (l) => [l.borrower] },
  { type: CreditLineIndex.bank, attributes: (l) => [l.bank] },
];

/** Writes a credit line and keeps its indexes (they never move). */
export function saveCreditLine(
  ctx: Context,
  line: CreditLineRecord,
  previous: CreditLineRecord | undefined,
): Promise<void> {
  return saveRecord(ctx, financeKey(ctx, 'creditLine', line.lineId), line.lineId, line, previous, CREDIT_LINE_INDEXES);
}

/**
 * A counterparty named in an input must be a registered, ACTIVE member (with `role` if given):
 * NOT_FOUND when unregistered, ILLEGAL_STATE when suspended or without the role.
 */
export async function requireActive(ctx: AllianceContext, party: PartyId, role?: Role): Promise<void> {
  const member = await findMember(ctx, party);
  if (!member) throw fail.notFound('member', party);
  if (member.status !== 'ACTIVE' || (role !== undefined && !member.roles.includes(role))) {
    throw fail.illegalState(`the party must be an active member${role ? ` with the ${role} role` : ''}`, {
      party,
      ...(role ? { role } : {}),
    });
  }
}

/** A payer account named in an input: the caller must own it (FORBIDDEN otherwise). */
export async function payerAccount(ctx: AllianceContext, accountId: string, action: string): Promise<void> {
  const account = await getAccount(ctx, accountId);
  await authorize(ctx, action, [grant.member(account.owner)]);
}

/** An account that must belong to `owner` (a payee named in an input); INVALID_ARGUMENT otherwise. */
export async function accountOf(
  ctx: Context,
  accountId: string,
  owner: PartyId,
  field: string,
): Promise<AccountRecord> {
  const account = await getAccount(ctx, accountId);
  if (account.owner !== owner) {
    throw fail.invalid(`${field} must be an account of ${owner}`, { field: `input.${field}`, accountId });
  }
  return account;
}
