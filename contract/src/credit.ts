import { z } from 'zod';
import { pageOf, Paging, PartyId, PartyRef, Sha256Hex, text, Timestamp } from './primitives';

/**
 * The kinds of credit record (DOMAIN.md §4) and their weights: one table, so that every record of a
 * kind weighs the same. `auto` kinds are written by the transactions that witness them; `manual` kinds
 * are added by banks and arbitrators with an evidence hash.
 */
export const CreditKind = {
  DELIVERED_ON_TIME: 'DELIVERED_ON_TIME',
  PAYMENT_ON_TIME: 'PAYMENT_ON_TIME',
  DISPUTE_LOST: 'DISPUTE_LOST',
  REPAYMENT_ON_TIME: 'REPAYMENT_ON_TIME',
  REPAYMENT_LATE: 'REPAYMENT_LATE',
  REPAYMENT_OVERDUE: 'REPAYMENT_OVERDUE',
  LOAN_REPAID: 'LOAN_REPAID',
  CONTRACT_FULFILLED: 'CONTRACT_FULFILLED',
  CONTRACT_BREACHED: 'CONTRACT_BREACHED',
  BID_PERFORMANCE_GOOD: 'BID_PERFORMANCE_GOOD',
  BID_PERFORMANCE_POOR: 'BID_PERFORMANCE_POOR',
  PAYMENT_OVERDUE: 'PAYMENT_OVERDUE',
  REPAYMENT_DEFAULT: 'REPAYMENT_DEFAULT',
  /** A producer delivered less energy in a window than its buyers bought (energy:SettleWindow). */
  ENERGY_UNDER_DELIVERED: 'ENERGY_UNDER_DELIVERED',
} as const;
/** A credit record kind. */
export type CreditKind = (typeof CreditKind)[keyof typeof CreditKind];

/** How a kind of record comes about, and what it weighs in the score (−100..100). */
export interface CreditKindSpec {
  readonly source: 'auto' | 'manual';
  readonly weight: number;
}

/** Every kind's source and weight. */
export const CREDIT_KINDS: Readonly<Record<CreditKind, CreditKindSpec>> = {
  DELIVERED_ON_TIME: { source: 'auto', weight: 10 },
  PAYMENT_ON_TIME: { source: 'auto', weight: 5 },
  DISPUTE_LOST: { source: 'auto', weight: -30 },
  REPAYMENT_ON_TIME: { source: 'auto', weight: 30 },
  REPAYMENT_LATE: { source: 'auto', weight: -10 },
  REPAYMENT_OVERDUE: { source: 'auto', weight: -60 },
  LOAN_REPAID: { source: 'auto', weight: 20 },
  CONTRACT_FULFILLED: { source: 'manual', weight: 20 },
  CONTRACT_BREACHED: { source: 'manual', weight: -50 },
  BID_PERFORMANCE_GOOD: { source: 'manual', weight: 15 },
  BID_PERFORMANCE_POOR: { source: 'manual', weight: -15 },
  PAYMENT_OVERDUE: { source: 'manual', weight: -30 },
  REPAYMENT_DEFAULT: { source: 'manual', weight: -100 },
  ENERGY_UNDER_DELIVERED: { source: 'auto', weight: -20 },
};

const kinds = Object.values(CreditKind) as [CreditKind, ...CreditKind[]];
const manualKinds = kinds.filter((k) => CREDIT_KINDS[k].source === 'manual') as [CreditKind, ...CreditKind[]];

/** The kinds banks and arbitrators may add. */
export const MANUAL_CREDIT_KINDS: Readonly<Record<string, CreditKind>> = Object.fromEntries(
  manualKinds.map((k) => [k, k]),
);

/** A credit kind in a record. */
export const CreditKindSchema = z.enum(kinds).describe(
  'Weights: ' +
    Object.entries(CREDIT_KINDS)
      .map(([k, v]) => `${k} ${v.weight > 0 ? '+' : ''}${v.weight} (${v.source})`)
      .join(', '),
);

/** A party's list status. */
export const ListStatus = { NONE: 'NONE', WHITELISTED: 'WHITELISTED', BLACKLISTED: 'BLACKLISTED' } as const;
/** A list status. */
export type ListStatus = (typeof ListStatus)[keyof typeof ListStatus];

const listedStatus = z.enum(['WHITELISTED', 'BLACKLISTED']);

/** `credit:AddCreditRecord`: a bank or arbitrator reports about another member, with registered evidence. */
export const AddCreditRecordInput = z.strictObject({
  subject: PartyRef.describe('A registered member other than the caller'),
  kind: z
    .enum(manualKinds)
    .describe('The kinds banks and arbitrators may add; the others are written by the transactions that witness them'),
  reference: text(256),
  evidenceHash: Sha256Hex.describe('A hash registered through the evidence resources'),
  note: text(1024).optional(),
});
/** `credit:GetCreditReport`. */
export const SubjectRefInput = z.strictObject({ subject: PartyRef });
/** `credit:ListCreditRecords`. */
export const ListCreditRecordsInput = z.strictObject({ subject: PartyRef, ...Paging });
/** `credit:ListCreditListEntries`: the white- or blacklist. */
export const ListCreditListEntriesInput = z.strictObject({ status: listedStatus, ...Paging });

/** One fact about a subject's creditworthiness. */
export const CreditRecord = z
  .object({
    recordId: z.string().describe('`<txId>.<n>`'),
    subject: PartyId,
    kind: CreditKindSchema,
    weight: z.number().int().min(-100).max(100),
    reference: z
      .string()
      .describe('`settlement:<no>`, `receivable:<id>`, `receipt:<id>`, `energy-offer:<id>` or a reporter reference'),
    source: z.enum(['auto', 'manual']),
    issuedBy: PartyId.describe('Whose transaction wrote it'),
    issuerMsp: z.string(),
    evidenceHash: Sha256Hex.optional(),
    note: z.string().optional(),
    txId: z.string(),
    recordedAt: Timestamp,
  })
  .meta({ id: 'CreditRecord' });
/** One credit record. */
export type CreditRecord = z.infer<typeof CreditRecord>;

export const CreditRecordPage = pageOf(CreditRecord);

/** A whitelist or blacklist entry, created and removed only by executed consortium proposals. */
export const ListEntry = z
  .object({
    party: PartyId,
    status: listedStatus,
    reason: z.string(),
    proposalId: z.string().describe('The consortium proposal that decided it'),
    listedAt: Timestamp,
  })
  .meta({ id: 'CreditListEntry' });
/** A list entry. */
export type ListEntry = z.infer<typeof ListEntry>;

export const CreditListPage = pageOf(ListEntry);

/** What executing a DELIST answers. */
export const Delisted = z.object({ party: PartyId, status: z.literal('NONE'), removed: ListEntry });
/** What executing a DELIST answers. */
export type Delisted = z.infer<typeof Delisted>;

/** A subject's credit report: score, list status and the totals behind them. */
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
    listStatus: z.enum(ListStatus),
    listEntry: ListEntry.optional(),
    recordCount: z.number().int(),
    byKind: z.partialRecord(CreditKindSchema, z.number().int()),
    lastRecordAt: Timestamp.optional(),
    asOf: Timestamp,
  })
  .meta({ id: 'CreditReport' });
/** A credit report. */
export type CreditReport = z.infer<typeof CreditReport>;
