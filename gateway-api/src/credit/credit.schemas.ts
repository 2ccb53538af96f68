import { CREDIT_KINDS, type CreditRecord as ChaincodeCreditRecord, type ListEntry } from '@allianceledger/chaincode';
import { z } from 'zod';
import type { Describes, Expect } from '../common/chaincode-result';
import { PartyId, Sha256Hex, text, Timestamp } from '../common/ids.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

const kinds = Object.keys(CREDIT_KINDS) as [keyof typeof CREDIT_KINDS, ...(keyof typeof CREDIT_KINDS)[]];

export const CreditKind = z.enum(kinds).describe(
  'Weights: ' +
    Object.entries(CREDIT_KINDS)
      .map(([k, v]) => `${k} ${v.weight > 0 ? '+' : ''}${v.weight} (${v.source})`)
      .join(', '),
);

export const ManualCreditKind = z
  .enum(
    kinds.filter((k) => CREDIT_KINDS[k].source === 'manual') as [
      keyof typeof CREDIT_KINDS,
      ...(keyof typeof CREDIT_KINDS)[],
    ],
  )
  .describe('The kinds banks and arbitrators may add; the others are written by the transactions that witness them');

/** One fact about a subject's creditworthiness. */
export const CreditRecord = z
  .object({
    recordId: z.string().describe('`<txId>.<n>`'),
    subject: PartyId,
    kind: CreditKind,
    weight: z.number().int().min(-100).max(100),
    reference: z.string().describe('`settlement:<no>`, `receivable:<id>`, `receipt:<id>` or a reporter reference'),
    source: z.enum(['auto', 'manual']),
    issuedBy: PartyId.describe('Whose transaction wrote it'),
    issuerMsp: z.string(),
    evidenceHash: Sha256Hex.optional(),
    note: z.string().optional(),
    txId: z.string(),
    recordedAt: Timestamp,
  })
  .meta({ id: 'CreditRecord' });

export type CreditRecordMatchesChaincode = Expect<Describes<z.infer<typeof CreditRecord>, ChaincodeCreditRecord>>;

export const CreditRecordPage = pageOf(CreditRecord).meta({ id: 'CreditRecordPage' });

export const ListStatus = z.enum(['NONE', 'WHITELISTED', 'BLACKLISTED']);

export const CreditListEntry = z
  .object({
    party: PartyId,
    status: z.enum(['WHITELISTED', 'BLACKLISTED']),
    reason: z.string(),
    proposalId: z.string().describe('The consortium proposal that decided it'),
    listedAt: Timestamp,
  })
  .meta({ id: 'CreditListEntry' });

export type CreditListEntryMatchesChaincode = Expect<Describes<z.infer<typeof CreditListEntry>, ListEntry>>;

export const CreditListPage = pageOf(CreditListEntry).meta({ id: 'CreditListPage' });

export const CreditReport = z
  .object({
    subject: PartyId,
    score: z
      .number()
      .int()
      .min(0)
      .max(999)
      .describe(
        '⌊1000 × (P + 100) / (P + N + 200)⌋ over the positive (P) and negative (N) weights; 500 without records',
      ),
    grade: z.enum(['A', 'B', 'C', 'D', 'E']).describe('A ≥ 800, B ≥ 650, C ≥ 450, D ≥ 300, else E'),
    positive: z.number().int(),
    negative: z.number().int(),
    listStatus: ListStatus,
    listEntry: CreditListEntry.optional(),
    recordCount: z.number().int(),
    byKind: z.partialRecord(CreditKind, z.number().int()),
    lastRecordAt: Timestamp.optional(),
    asOf: Timestamp,
  })
  .meta({ id: 'CreditReport' });

export const AddCreditRecordBody = z.strictObject({
  subject: PartyId.describe('A registered member other than the caller'),
  kind: ManualCreditKind,
  reference: text(256),
  evidenceHash: Sha256Hex.describe('A hash registered through the evidence resources'),
  note: text(1024).optional(),
});

export const SubjectParams = z.strictObject({ subject: PartyId });

export const ListCreditRecordsQuery = z.strictObject({ subject: PartyId, ...Paging });

export const ListCreditListQuery = z.strictObject({ status: z.enum(['WHITELISTED', 'BLACKLISTED']), ...Paging });
