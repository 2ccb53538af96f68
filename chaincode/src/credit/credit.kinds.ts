/**
 * The kinds of credit record (DOMAIN.md §4) and their weights: one table, so that every record of a
 * kind weighs the same and the score of a subject depends on its records alone.
 *
 * `auto` kinds are written only by the transactions that witness them (a settlement, a receivable, a
 * pledge); `manual` kinds are added by authorised reporters (banks, arbitrators) with an evidence hash.
 */
export const CreditKind = {
  /** A store's settlement completed by the buyer's confirmation or by expiry of the time limit. */
  DELIVERED_ON_TIME: 'DELIVERED_ON_TIME',
  /** A buyer confirmed receipt and paid. */
  PAYMENT_ON_TIME: 'PAYMENT_ON_TIME',
  /** The party an arbitration went against. */
  DISPUTE_LOST: 'DISPUTE_LOST',
  /** A receivable's debtor repaid the face amount by the due time. */
  REPAYMENT_ON_TIME: 'REPAYMENT_ON_TIME',
  /** A receivable's debtor repaid after the due time. */
  REPAYMENT_LATE: 'REPAYMENT_LATE',
  /** A receivable fell past due unpaid. */
  REPAYMENT_OVERDUE: 'REPAYMENT_OVERDUE',
  /** A warehouse-receipt pledge loan repaid; the receipt released. */
  LOAN_REPAID: 'LOAN_REPAID',

  CONTRACT_FULFILLED: 'CONTRACT_FULFILLED',
  CONTRACT_BREACHED: 'CONTRACT_BREACHED',
  BID_PERFORMANCE_GOOD: 'BID_PERFORMANCE_GOOD',
  BID_PERFORMANCE_POOR: 'BID_PERFORMANCE_POOR',
  PAYMENT_OVERDUE: 'PAYMENT_OVERDUE',
  REPAYMENT_DEFAULT: 'REPAYMENT_DEFAULT',
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
};

/** The kinds authorised reporters may add. */
export const MANUAL_CREDIT_KINDS: Readonly<Record<string, CreditKind>> = Object.fromEntries(
  (Object.keys(CREDIT_KINDS) as CreditKind[]).filter((k) => CREDIT_KINDS[k].source === 'manual').map((k) => [k, k]),
);
