import type { Delisted, ListDecision as ListPayload } from '@allianceledger/contract';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { txTime } from '../lib/time';
import { findMember } from '../members/member.store';
import { findListEntry, ListStatus, removeListEntry, saveListEntry, type ListEntry } from './credit.store';

/**
 * The consortium decisions behind the white- and blacklist (DOMAIN.md §1, §4): the BLACKLIST,
 * WHITELIST and DELIST proposal kinds (consortium/proposal.actions.ts) call these.
 */

export type { Delisted };

async function ensureMember(ctx: AllianceContext, p: ListPayload): Promise<ListEntry | undefined> {
  if (!(await findMember(ctx, p.party))) throw fail.notFound('member', p.party);
  return findListEntry(ctx, p.party);
}

/** BLACKLIST / WHITELIST: the party is a registered member not already in that list. */
export async function ensureListable(
  ctx: AllianceContext,
  p: ListPayload,
  status: ListEntry['status'],
): Promise<ListEntry | undefined> {
  const current = await ensureMember(ctx, p);
  if (current?.status === status) {
    throw fail.conflict(`the party is already ${status.toLowerCase()}`, {
      party: p.party,
      proposalId: current.proposalId,
    });
  }
  return current;
}

/** Executes a BLACKLIST or WHITELIST decision; a party is in one list at most, so it replaces the other. */
export async function listParty(
  ctx: AllianceContext,
  p: ListPayload,
  status: ListEntry['status'],
  proposalId: string,
): Promise<ListEntry> {
  const previous = await ensureListable(ctx, p, status);
  const entry: ListEntry = { party: p.party, status, reason: p.reason, proposalId, listedAt: txTime(ctx).iso };
  await saveListEntry(ctx, entry, previous);
  return entry;
}

/** DELIST: the party must be on a list. */
export async function ensureDelistable(ctx: AllianceContext, p: ListPayload): Promise<ListEntry> {
  const current = await ensureMember(ctx, p);
  if (!current) throw fail.notFound('credit list entry', p.party);
  return current;
}

/** Executes a DELIST decision. */
export async function delistParty(ctx: AllianceContext, p: ListPayload): Promise<Delisted> {
  const current = await ensureDelistable(ctx, p);
  await removeListEntry(ctx, current);
  return { party: p.party, status: ListStatus.NONE, removed: current };
}
