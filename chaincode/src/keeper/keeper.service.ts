import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { page } from '../lib/ledger';
import { txTime } from '../lib/time';
import { object, PAGING, parseInput } from '../lib/validate';
import { DEADLINE_KEY, DeadlineKind } from './deadline.store';

/** The transaction that acts on each kind of deadline, and its input for one record. */
export const DEADLINE_ACTIONS: Readonly<
  Record<DeadlineKind, { readonly transaction: string; readonly input: (ref: string) => Record<string, string> }>
> = {
  [DeadlineKind.SETTLEMENT_RELEASE]: {
    transaction: 'settlements:SettleExpired',
    input: (settlementNo) => ({ settlementNo }),
  },
  [DeadlineKind.RECEIVABLE_DUE]: {
    transaction: 'finance:MarkOverdue',
    input: (receivableId) => ({ receivableId }),
  },
};

/** One deadline that has passed, with the transaction that acts on it. */
export interface DueDeadline {
  readonly kind: DeadlineKind;
  readonly ref: string;
  readonly dueAt: string;
  /** Fully qualified transaction name, e.g. `settlements:SettleExpired`. */
  readonly transaction: string;
  /** Its one input object. */
  readonly input: Readonly<Record<string, string>>;
}

/** A page of passed deadlines, oldest first. */
export interface DuePage {
  /** The transaction time the page was read at: everything listed was due strictly before it. */
  readonly asOf: string;
  readonly items: readonly DueDeadline[];
  /** Non-empty when more rows may be due: pass it back to read on. */
  readonly bookmark: string;
}

const ListDueInput = object({ ...PAGING });
const DEFAULT_DUE_PAGE = 100;

/**
 * ListDue: the deadlines that passed before the transaction time, oldest first, each with the
 * transaction that acts on it. Reads the deadline index in time order and stops at the first row not
 * yet due. Anyone the channel accepts may ask (keepers run under any organisation's identity); rows
 * carry record ids only, which are public state.
 */
export async function listDue(ctx: AllianceContext, input: string): Promise<DuePage> {
  const req = parseInput(input, ListDueInput);
  await authorize(ctx, 'ListDue', [grant.anyone]);
  const now = txTime(ctx);
  const rows = await page(ctx, DEADLINE_KEY, [], {
    pageSize: req.pageSize ?? DEFAULT_DUE_PAGE,
    bookmark: req.bookmark ?? '',
  });
  const items: DueDeadline[] = [];
  for (const { attributes } of rows.items) {
    const [dueAt = '', kind = '', ref = ''] = attributes;
    // ISO times sort as they read, and the index is in time order: the first future row ends the list.
    if (dueAt >= now.iso) return { asOf: now.iso, items, bookmark: '' };
    const action = DEADLINE_ACTIONS[kind as DeadlineKind] as (typeof DEADLINE_ACTIONS)[DeadlineKind] | undefined;
    if (!action) continue;
    items.push({ kind: kind as DeadlineKind, ref, dueAt, transaction: action.transaction, input: action.input(ref) });
  }
  return { asOf: now.iso, items, bookmark: rows.bookmark };
}
