import {
  AddCreditRecordInput,
  ListCreditListEntriesInput,
  ListCreditRecordsInput,
  Role,
  SubjectRefInput,
  type CreditKind,
  type CreditReport,
} from '@allianceledger/contract';
import { authorize, grant, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, emit, EventName } from '../lib/events';
import { scan, type Page } from '../lib/ledger';
import type { PartyId } from '../lib/party';
import { listByIndex, listStored } from '../lib/records';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { findMember } from '../members/member.store';
import { findEvidence } from '../evidence/evidence.store';
import { CREDIT_KINDS } from './credit.kinds';
import { scoreOf } from './credit-score';
import {
  CREDIT_RECORD_KEY,
  findListEntry,
  LIST_BY_STATUS,
  ListStatus,
  recordCredit,
  type CreditRecord,
  type ListEntry,
} from './credit.store';
import { withParties } from '../members/handle.store';

/** Who reads a subject's credit (DOMAIN.md §4): the subject itself, banks, auditors. */
function readers(subject: PartyId): Grant[] {
  return [grant.member(subject), grant.role(Role.BANK), grant.role(Role.AUDITOR)];
}

export type { CreditReport };

/**
 * AddCreditRecord: an authorised reporter — a bank or an arbitrator — adds a record of a manual kind
 * about another registered party, with the hash of registered evidence backing it.
 */
export async function addCreditRecord(ctx: AllianceContext, input: string): Promise<CreditRecord> {
  const req = await withParties(ctx, parseInput(input, AddCreditRecordInput), ['subject']);
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
  const req = await withParties(ctx, parseInput(input, ListCreditRecordsInput), ['subject']);
  await authorize(ctx, 'ListCreditRecords', readers(req.subject));
  return listStored<CreditRecord>(ctx, CREDIT_RECORD_KEY, [req.subject], pageRequest(req));
}

/**
 * GetCreditReport: the subject's score (credit-score.ts) over all its records, its grade and its list
 * status, for the subject, banks and auditors.
 */
export async function getCreditReport(ctx: AllianceContext, input: string): Promise<CreditReport> {
  const req = await withParties(ctx, parseInput(input, SubjectRefInput), ['subject']);
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
  const req = parseInput(input, ListCreditListEntriesInput);
  await authorize(ctx, 'ListCreditListEntries', [grant.role(Role.BANK), grant.role(Role.AUDITOR), grant.orgAdmin()]);
  return listByIndex<ListEntry>(ctx, LIST_BY_STATUS, [req.status], pageRequest(req), (party) =>
    findListEntry(ctx, party),
  );
}
