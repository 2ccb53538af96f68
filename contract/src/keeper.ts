import { z } from 'zod';
import { Timestamp } from './primitives';

/** The kinds of deadline, each fired by one transaction. */
export const DeadlineKind = {
  /** A shipped settlement's time limit: SettleExpired pays the store in full. */
  SETTLEMENT_RELEASE: 'SETTLEMENT_RELEASE',
  /** An accepted receivable's due time: MarkOverdue. */
  RECEIVABLE_DUE: 'RECEIVABLE_DUE',
  /** A fulfilled redemption of a commodity right the holder has not confirmed: ExpireRedemption burns it. */
  REDEMPTION_CONFIRMATION: 'REDEMPTION_CONFIRMATION',
  /** An energy window whose reading grace passed while it is still open: SettleWindow settles it. */
  ENERGY_WINDOW_SETTLEMENT: 'ENERGY_WINDOW_SETTLEMENT',
} as const;
/** A deadline kind. */
export type DeadlineKind = (typeof DeadlineKind)[keyof typeof DeadlineKind];

/** Page size of `keeper:ListDue` when the input names none. */
export const DEFAULT_DUE_PAGE = 100;

/** One deadline that has passed, with the transaction that acts on it. */
export const DueDeadline = z.object({
  kind: z.enum(DeadlineKind),
  ref: z.string(),
  dueAt: Timestamp,
  transaction: z.string().describe('Fully qualified transaction name, e.g. `settlements:SettleExpired`'),
  input: z.record(z.string(), z.string()).describe('Its one input object'),
});
/** One passed deadline. */
export type DueDeadline = z.infer<typeof DueDeadline>;

/** A page of passed deadlines, oldest first. */
export const DuePage = z.object({
  asOf: Timestamp.describe('The transaction time the page was read at: everything listed was due strictly before it'),
  items: z.array(DueDeadline),
  bookmark: z.string().describe('Non-empty when more rows may be due: pass it back to read on'),
});
/** A page of passed deadlines. */
export type DuePage = z.infer<typeof DuePage>;
