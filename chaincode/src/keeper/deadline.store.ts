import { DeadlineKind } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { removeIndex, putIndex } from '../lib/ledger';

/**
 * The deadline index: one row `deadline` + [dueAt, kind, ref] for every record that a deadline will act
 * on, ordered by time (ISO-8601 UTC with milliseconds sorts as it reads). The record's store keeps its
 * row in step with its state — written when the clock starts, deleted when the record leaves the
 * states the deadline applies to — so the keeper reads only what is due, never a full scan. Rows are
 * blind writes and deletes: keeping the index never makes a transaction conflict.
 */
export const DEADLINE_KEY = 'deadline';

/** The kinds of deadline, each fired by one transaction (the contract's; see keeper.service.ts). */
export { DeadlineKind };

/**
 * Moves a record's deadline row from `before` to `after` (either undefined when the record has no
 * running deadline then); nothing is written when they are equal.
 */
export async function keepDeadline(
  ctx: Context,
  kind: DeadlineKind,
  ref: string,
  before: string | undefined,
  after: string | undefined,
): Promise<void> {
  if (before === after) return;
  if (before !== undefined) await removeIndex(ctx, DEADLINE_KEY, [before, kind, ref]);
  if (after !== undefined) await putIndex(ctx, DEADLINE_KEY, [after, kind, ref]);
}
