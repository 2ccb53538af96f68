import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { PagingInput, DEFAULT_DUE_PAGE, type DueDeadline, type DuePage } from '@allianceledger/contract';
import { page } from '../lib/ledger';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
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
  [DeadlineKind.REDEMPTION_CONFIRMATION]: {
    transaction: 'rights:ExpireRedemption',
    input: (tokenId) => ({ tokenId }),
  },
  [DeadlineKind.ENERGY_WINDOW_SETTLEMENT]: {
    transaction: 'energy:SettleWindow',
    input: (offerId) => ({ offerId }),
  },
};

export type { DueDeadline, DuePage };

/**
 * ListDue: the deadlines that passed before the transaction time, oldest first, each with the
 * transaction that acts on it. Reads the deadline index in time order and stops at the first row not
 * yet due. Anyone the channel accepts may ask (keepers run under any organisation's identity); rows
 * carry record ids only, which are public state.
 */
export async function listDue(ctx: AllianceContext, input: string): Promise<DuePage> {
  const req = parseInput(input, PagingInput);
  await authorize(ctx, 'ListDue', [grant.anyone]);
  const now = txTime(ctx);
  const rows = await page(ctx, DEADLINE_KEY, [], pageRequest(req, DEFAULT_DUE_PAGE));
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
