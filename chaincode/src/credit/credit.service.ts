import { authorize, grant, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, emit, EventName } from '../lib/events';
import { page, scan, type Page } from '../lib/ledger';
import { Role } from '../lib/organizations';
import { party, type PartyId } from '../lib/party';
import { txTime } from '../lib/time';
import { DEFAULT_PAGE_SIZE, object, oneOf, optional, PAGING, parseInput, sha256Hex, text } from '../lib/validate';
import { findMember } from '../members/member.store';
import { findEvidence } from '../evidence/evidence.store';
import { CREDIT_KINDS, MANUAL_CREDIT_KINDS, type CreditKind } from './credit.kinds';
import { scoreOf, type Score } from './credit-score';
import {
  CREDIT_RECORD_KEY,
  findListEntry,
  LIST_BY_STATUS,
  ListStatus,
  recordCredit,
  type CreditRecord,
  type ListEntry,
} from './credit.store';

const AddInput = object({
  subject: party,
  kind: oneOf(MANUAL_CREDIT_KINDS),
  reference: text({ max: 256 }),
  evidenceHash: sha256Hex,
  note: optional(text({ max: 1024 })),
});
const SubjectRef = object({ subject: party });
const ListRecordsInput = object({ subject: party, ...PAGING });
const ListEntriesInput = object({
  status: oneOf({ WHITELISTED: ListStatus.WHITELISTED, BLACKLISTED: ListStatus.BLACKLISTED }),
  ...PAGING,
});

/** Who reads a subject's credit (DOMAIN.md §4): the subject itself, banks, auditors. */
function readers(subject: PartyId): Grant[] {
  return [grant.member(subject), grant.role(Role.BANK), grant.role(Role.AUDITOR)];
}

/** A subject's credit report: score, list status and the totals behind them. */
export interface CreditReport extends Score {
  readonly subject: PartyId;
  readonly listStatus: ListStatus;
  readonly listEntry?: ListEntry;
  readonly recordCount: number;
  /** Records per kind, for the kinds the subject has. */
  readonly byKind: Readonly<Partial<Record<CreditKind, number>>>;
  /** The latest record's time, if any. */
  readonly lastRecordAt?: string;
  /** The time of the transaction that computed the report. */
  readonly asOf: string;
}

/**
 * AddCreditRecord: an authorised reporter — a bank or an arbitrator — adds a record of a manual kind
 * about another registered party, with the hash of registered evidence backing it.
 */
export async function addCreditRecord(ctx: AllianceContext, input: string): Promise<CreditRecord> {
  const req = parseInput(input, AddInput);
  const { caller } = await authorize(ctx, 'AddCreditRecord', [grant.role(Role.BANK), grant.role(Role.ARBITRATOR)]);
  if (req.subject === caller.party) {
    throw fail.forbidden('a reporter cannot add credit records about itself', {
      action: 'AddCreditRecord',
      caller: caller.party,
    });
  }
  if (!(await findMember(ctx, req.subject))) throw fail.notFound('member', req.subject);
  if (!(await findEvidence(ctx, req.evidenceHash))) throw fail.notFound('evidence', req.evidenceHash);
  const record = await recordCredit(ctx, req);
  // Who reads credit records (DOMAIN.md §4): the subject, banks and auditors.
  emit(ctx, EventName.CREDIT_RECORD_ADDED, audience([record.subject], { roles: [Role.BANK] }), { ...record });
  return record;
}

/** ListCreditRecords: a subject's records, for the subject, banks and auditors. */
export async function listCreditRecords(ctx: AllianceContext, input: string): Promise<Page<CreditRecord>> {
  const req = parseInput(input, ListRecordsInput);
  await authorize(ctx, 'ListCreditRecords', readers(req.subject));
  const rows = await page(ctx, CREDIT_RECORD_KEY, [req.subject], {
    pageSize: req.pageSize ?? DEFAULT_PAGE_SIZE,
    bookmark: req.bookmark ?? '',
  });
  return { items: rows.items.map((r) => r.value as CreditRecord), bookmark: rows.bookmark };
}

/**
 * GetCreditReport: the subject's score (credit-score.ts) over all its records, its grade and its list
 * status, for the subject, banks and auditors.
 */
export async function getCreditReport(ctx: AllianceContext, input: string): Promise<CreditReport> {
  const req = parseInput(input, SubjectRef);
  await authorize(ctx, 'GetCreditReport', readers(req.subject));
  if (!(await findMember(ctx, req.subject))) throw fail.notFound('member', req.subject);
  const records = (await scan<CreditRecord>(ctx, CREDIT_RECORD_KEY, [req.subject])).map((r) => r.value);
  const byKind: Partial<Record<CreditKind, number>> = {};
  let lastRecordAt: string | undefined;
  for (const r of records) {
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    if (lastRecordAt === undefined || r.recordedAt > lastRecordAt) lastRecordAt = r.recordedAt;
  }
  // Weights come from the kind table, so a later re-weighting applies to old records alike.
  const score = scoreOf(records.map((r) => CREDIT_KINDS[r.kind].weight));
  const entry = await findListEntry(ctx, req.subject);
  return {
    subject: req.subject,
    ...score,
    listStatus: entry?.status ?? ListStatus.NONE,
    ...(entry ? { listEntry: entry } : {}),
    recordCount: records.length,
    byKind,
    ...(lastRecordAt ? { lastRecordAt } : {}),
    asOf: txTime(ctx).iso,
  };
}

/** ListCreditListEntries: the white- or blacklist, for banks, auditors and org admins. */
export async function listCreditListEntries(ctx: AllianceContext, input: string): Promise<Page<ListEntry>> {
  const req = parseInput(input, ListEntriesInput);
  await authorize(ctx, 'ListCreditListEntries', [grant.role(Role.BANK), grant.role(Role.AUDITOR), grant.orgAdmin()]);
  const rows = await page(ctx, LIST_BY_STATUS, [req.status], {
    pageSize: req.pageSize ?? DEFAULT_PAGE_SIZE,
    bookmark: req.bookmark ?? '',
  });
  const items: ListEntry[] = [];
  for (const row of rows.items) {
    const entry = await findListEntry(ctx, row.attributes[1] ?? '');
    if (entry) items.push(entry);
  }
  return { items, bookmark: rows.bookmark };
}
