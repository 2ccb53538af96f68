import type { Context } from 'fabric-contract-api';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { compositeKey, getOrThrow, moveIndex, put } from '../lib/ledger';
import type { Role } from '../lib/organizations';
import type { PartyId } from '../lib/party';
import { findMember } from '../members/member.store';
import { getAccount, type AccountRecord } from '../wallets/balance.store';
import { DeadlineKind, keepDeadline } from '../keeper/deadline.store';
import { ReceivableStatus, type CreditLineStatus, type ReceiptStatus } from './finance.states';

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

/** A holder's request that a bank finance a receivable, and the financing once the bank paid. */
export interface Financing {
  readonly bank: PartyId;
  /** Annual rate as agreed, a decimal string (see discount.ts). */
  readonly annualRate: string;
  /** The holder's account the discounted amount is paid into. */
  readonly payoutAccountId: string;
  readonly requestedBy: PartyId;
  readonly requestedAt: string;
  readonly days?: number;
  readonly discountedAmount?: string;
  readonly bankAccountId?: string;
  readonly financedAt?: string;
  /** The transaction that paid the holder. */
  readonly txId?: string;
}

/** The debtor's repayment of the face amount to the holder. */
export interface Repayment {
  readonly fromAccountId: string;
  readonly toAccountId: string;
  readonly amount: string;
  readonly onTime: boolean;
  readonly txId: string;
  readonly repaidAt: string;
}

/** An account receivable: the debtor owes `faceAmount` to whoever holds it at `dueAt`. */
export interface ReceivableRecord {
  /** The id of the transaction that issued it; parts of a split are `<parent>-<n>` (1-based). */
  readonly receivableId: string;
  /** The supplier that issued it. */
  readonly creditor: PartyId;
  /** The core enterprise that owes it. */
  readonly debtor: PartyId;
  /** The current holder and its account, into which the debtor repays. */
  readonly holder: PartyId;
  readonly holderAccountId: string;
  readonly currency: string;
  readonly faceAmount: string;
  readonly dueAt: string;
  /** SHA-256 of the underlying contract or order. */
  readonly contractHash: string;
  readonly description?: string;
  readonly status: ReceivableStatus;
  /** Set on parts of a split. */
  readonly parentId?: string;
  /** Set on a split receivable: its parts. */
  readonly parts?: readonly string[];
  readonly financing?: Financing;
  readonly repayment?: Repayment;
  readonly issuedAt: string;
  readonly acceptedAt?: string;
  readonly rejectReason?: string;
  readonly overdueAt?: string;
  readonly updatedAt: string;
  readonly closedAt?: string;
}

/** A pledge of a warehouse receipt to a bank for a loan. */
export interface Pledge {
  readonly bank: PartyId;
  readonly currency: string;
  /** Paid by the bank to the owner when it funds the pledge. */
  readonly loanAmount: string;
  /** Paid back by the owner to release the receipt (loan plus agreed interest). */
  readonly repayAmount: string;
  readonly ownerAccountId: string;
  readonly requestedAt: string;
  readonly bankAccountId?: string;
  readonly fundedAt?: string;
  readonly fundTxId?: string;
}

/** A warehouse receipt: goods a warehouse holds for their owner. */
export interface ReceiptRecord {
  /** The id of the transaction that issued it. */
  readonly receiptId: string;
  readonly warehouse: PartyId;
  readonly owner: PartyId;
  readonly goods: string;
  /** A positive decimal integer in `unit`s. */
  readonly quantity: string;
  readonly unit: string;
  readonly location: string;
  readonly description?: string;
  readonly status: ReceiptStatus;
  /** The current pledge (requested or funded). */
  readonly pledge?: Pledge;
  /** Pledges repaid so far. */
  readonly releasedPledges: number;
  readonly issuedAt: string;
  readonly updatedAt: string;
  readonly releasedAt?: string;
  readonly closedAt?: string;
}

/** A bank's credit line for a borrower: draws move funds from the bank's funding account to the borrower's. */
export interface CreditLineRecord {
  /** The id of the transaction that granted it. */
  readonly lineId: string;
  readonly bank: PartyId;
  readonly fundingAccountId: string;
  readonly borrower: PartyId;
  readonly currency: string;
  readonly limit: string;
  /** Drawn and not yet repaid; never above `limit`. */
  readonly drawn: string;
  readonly status: CreditLineStatus;
  readonly grantedAt: string;
  readonly updatedAt: string;
  readonly closedAt?: string;
}

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

/** Writes a receivable and keeps its indexes (holder and status move with it). */
export async function saveReceivable(
  ctx: Context,
  r: ReceivableRecord,
  previous: ReceivableRecord | undefined,
): Promise<void> {
  await put(ctx, financeKey(ctx, 'receivable', r.receivableId), r);
  const id = r.receivableId;
  if (!previous) {
    await moveIndex(ctx, ReceivableIndex.creditor, undefined, [r.creditor, id]);
    await moveIndex(ctx, ReceivableIndex.debtor, undefined, [r.debtor, id]);
  }
  await moveIndex(ctx, ReceivableIndex.holder, previous ? [previous.holder, id] : undefined, [r.holder, id]);
  await moveIndex(ctx, ReceivableIndex.status, previous ? [previous.status, id] : undefined, [r.status, id]);
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

/** Writes a receipt and keeps its indexes. */
export async function saveReceipt(ctx: Context, r: ReceiptRecord, previous: ReceiptRecord | undefined): Promise<void> {
  await put(ctx, financeKey(ctx, 'receipt', r.receiptId), r);
  const id = r.receiptId;
  if (!previous) {
    await moveIndex(ctx, ReceiptIndex.owner, undefined, [r.owner, id]);
    await moveIndex(ctx, ReceiptIndex.warehouse, undefined, [r.warehouse, id]);
  }
  await moveIndex(ctx, ReceiptIndex.status, previous ? [previous.status, id] : undefined, [r.status, id]);
}

/** Writes a credit line and, when new, its indexes. */
export async function saveCreditLine(ctx: Context, line: CreditLineRecord, isNew: boolean): Promise<void> {
  await put(ctx, financeKey(ctx, 'creditLine', line.lineId), line);
  if (isNew) {
    await moveIndex(ctx, CreditLineIndex.borrower, undefined, [line.borrower, line.lineId]);
    await moveIndex(ctx, CreditLineIndex.bank, undefined, [line.bank, line.lineId]);
  }
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
