import { ListStatus, type CreditKind, type CreditRecord, type ListEntry } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { callerOf } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { ChaincodeError, ErrorCode } from '../lib/errors';
import { compositeKey, getOptional, moveIndex, put, remove, removeIndex } from '../lib/ledger';
import type { PartyId } from '../lib/party';
import { txTime } from '../lib/time';
import { CREDIT_KINDS } from './credit.kinds';

/**
 * Credit records and list entries (DOMAIN.md §4).
 *
 * A record is an insert-only row `credit~record` + [subject, recordId], written blind (no read), so the
 * transactions that write records automatically — a store's confirmations, many per second — never
 * conflict over a subject. The score is computed from the rows when read (credit-score.ts).
 */

/** Key type of credit records: `credit~record` + [subject, recordId]. */
export const CREDIT_RECORD_KEY = 'credit~record';
/** Key type of white/blacklist entries: `credit~list` + [party]. */
export const LIST_ENTRY_KEY = 'credit~list';
/** Index of list entries by status: `credit~list-status` + [status, party]. */
export const LIST_BY_STATUS = 'credit~list-status';

export { ListStatus, type CreditRecord, type ListEntry };

/** What a transaction says when it writes a record. */
export interface CreditDraft {
  readonly subject: PartyId;
  readonly kind: CreditKind;
  readonly reference: string;
  readonly evidenceHash?: string;
  readonly note?: string;
}

/**
 * Writes a credit record for `draft.subject` as part of the current transaction, reading nothing.
 * The weight comes from the kind's table entry.
 */
export async function recordCredit(ctx: AllianceContext, draft: CreditDraft): Promise<CreditRecord> {
  const counter = ctx.memo('credit:seq', () => ({ next: 0 }));
  const txId = ctx.stub.getTxID();
  const caller = callerOf(ctx);
  const record: CreditRecord = {
    ...draft,
    recordId: `${txId}.${counter.next++}`,
    weight: CREDIT_KINDS[draft.kind].weight,
    source: CREDIT_KINDS[draft.kind].source,
    issuedBy: caller.party,
    issuerMsp: caller.mspId,
    txId,
    recordedAt: txTime(ctx).iso,
  };
  await put(ctx, compositeKey(ctx, CREDIT_RECORD_KEY, [record.subject, record.recordId]), record);
  return record;
}

/** A party's list entry, or undefined. */
export function findListEntry(ctx: Context, party: PartyId): Promise<ListEntry | undefined> {
  return getOptional<ListEntry>(ctx, compositeKey(ctx, LIST_ENTRY_KEY, [party]));
}

/** Writes a party's list entry (replacing any other status) and moves its status index row. */
export async function saveListEntry(ctx: Context, entry: ListEntry, previous: ListEntry | undefined): Promise<void> {
  await put(ctx, compositeKey(ctx, LIST_ENTRY_KEY, [entry.party]), entry);
  await moveIndex(ctx, LIST_BY_STATUS, previous ? [previous.status, previous.party] : undefined, [
    entry.status,
    entry.party,
  ]);
}

/** Removes a party's list entry and its index row. */
export async function removeListEntry(ctx: Context, entry: ListEntry): Promise<void> {
  await remove(ctx, compositeKey(ctx, LIST_ENTRY_KEY, [entry.party]));
  await removeIndex(ctx, LIST_BY_STATUS, [entry.status, entry.party]);
}

/**
 * Refuses, with FORBIDDEN, new financing for a blacklisted party (DOMAIN.md §4): receivable financing,
 * warehouse-receipt pledges, credit lines and draws on them.
 */
export async function ensureNotBlacklisted(ctx: Context, party: PartyId, action: string): Promise<void> {
  const entry = await findListEntry(ctx, party);
  if (entry?.status === ListStatus.BLACKLISTED) {
    throw new ChaincodeError(ErrorCode.FORBIDDEN, 'a blacklisted party cannot open new financing', {
      action,
      party,
      listStatus: entry.status,
      proposalId: entry.proposalId,
    });
  }
}
