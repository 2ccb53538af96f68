import {
  handleRefParts,
  HandlesOfInput,
  LookupPartyInput,
  SearchDirectoryInput,
  type DirectoryEntry,
  type Page,
  type PartyHandles,
} from '@allianceledger/contract';
import { authorize, grant, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { page, type Row } from '../lib/ledger';
import { pageRequest, parseInput } from '../lib/validate';
import { DIRECTORY_KEY, DIRECTORY_ROLE_KEY, directoryEntryOf } from './directory.store';
import { findHandleOwner, resolveParty } from './handle.store';
import { findMember } from './member.store';

/**
 * The member directory: how members find counterparties. Every ACTIVE member and every org admin may
 * search it; it shows handles, party ids, display names and discoverable roles — never a balance, a
 * record, or a buyer's or consumer's name (those are found only by the exact handle they share).
 */

/** Who may use the directory: any ACTIVE member, any consortium org admin. */
const DIRECTORY_USERS: readonly Grant[] = [grant.member(), grant.orgAdmin()];

/** Index rows one search reads at most per call when it filters by text; the bookmark continues. */
export const DIRECTORY_SCAN_LIMIT = 200;

/**
 * SearchDirectory: discoverable members, by organisation and handle, optionally of one role or
 * organisation, whose handle or name contains `q` (letter case ignored). A search by text reads at most
 * {@link DIRECTORY_SCAN_LIMIT} rows per call, so a page may hold fewer matches than `pageSize`: continue
 * with the bookmark until it is empty.
 */
export async function searchDirectory(ctx: AllianceContext, input: string): Promise<Page<DirectoryEntry>> {
  const req = parseInput(input, SearchDirectoryInput);
  await authorize(ctx, 'SearchDirectory', DIRECTORY_USERS);
  const { pageSize, bookmark } = pageRequest(req);
  const [type, partial] =
    req.role === undefined
      ? [DIRECTORY_KEY, req.mspId === undefined ? [] : [req.mspId]]
      : [DIRECTORY_ROLE_KEY, req.mspId === undefined ? [req.role] : [req.role, req.mspId]];
  const needle = req.q?.toLowerCase();
  const rows = await page(ctx, type, partial, {
    pageSize: needle === undefined ? pageSize : DIRECTORY_SCAN_LIMIT,
    bookmark,
  });
  const items: DirectoryEntry[] = [];
  for (const [i, row] of rows.items.entries()) {
    const entry = await entryOfRow(ctx, row);
    if (entry === undefined || !matches(entry, needle)) continue;
    items.push(entry);
    const next = rows.items[i + 1];
    if (items.length === pageSize && next !== undefined) return { items, bookmark: next.key };
  }
  return { items, bookmark: rows.bookmark };
}

/** The member a directory row lists: its last two attributes are the organisation and the handle. */
async function entryOfRow(ctx: AllianceContext, row: Row<unknown>): Promise<DirectoryEntry | undefined> {
  const [mspId, handle] = row.attributes.slice(-2);
  if (mspId === undefined || handle === undefined) return undefined;
  const party = await findHandleOwner(ctx, mspId, handle);
  const member = party === undefined ? undefined : await findMember(ctx, party);
  return member === undefined ? undefined : directoryEntryOf(member);
}

function matches(entry: DirectoryEntry, needle: string | undefined): boolean {
  if (needle === undefined) return true;
  return handleRefParts(entry.handle).handle.includes(needle) || (entry.name?.toLowerCase().includes(needle) ?? false);
}

/** LookupParty: one member by its exact handle or party id, discoverable or not; NOT_FOUND otherwise. */
export async function lookupParty(ctx: AllianceContext, input: string): Promise<DirectoryEntry> {
  const req = parseInput(input, LookupPartyInput);
  await authorize(ctx, 'LookupParty', DIRECTORY_USERS);
  const party = await resolveParty(ctx, req.party);
  const member = await findMember(ctx, party);
  if (member === undefined) throw fail.notFound('member', req.party);
  return directoryEntryOf(member);
}

/** HandlesOf: the handle of each party id (null for one that is not a member), in the order asked. */
export async function handlesOf(ctx: AllianceContext, input: string): Promise<PartyHandles> {
  const req = parseInput(input, HandlesOfInput);
  await authorize(ctx, 'HandlesOf', DIRECTORY_USERS);
  const items: PartyHandles['items'] = [];
  for (const party of req.parties) items.push({ party, handle: (await findMember(ctx, party))?.handle ?? null });
  return { items };
}
