import {
  discoverableRoles,
  handleRefParts,
  MemberStatus,
  type DirectoryEntry,
  type MemberRecord,
  type Role,
} from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { compositeKey, putIndex, removeIndex } from '../lib/ledger';

/**
 * The member directory's index rows. A member is listed while it is ACTIVE and holds a discoverable
 * role: under `directory` + [mspId, handle], and under `directory~role` + [role, mspId, handle] for
 * each discoverable role. Buyers and energy consumers are never listed.
 */

/** Key type of the directory rows by organisation: `directory` + [mspId, handle]. */
export const DIRECTORY_KEY = 'directory';
/** Key type of the directory rows by role: `directory~role` + [role, mspId, handle]. */
export const DIRECTORY_ROLE_KEY = 'directory~role';

/** The rows that list `record`, as composite keys' type and attributes. */
function rowsOf(record: MemberRecord): { readonly type: string; readonly attributes: readonly string[] }[] {
  const roles = record.status === MemberStatus.ACTIVE ? discoverableRoles(record.roles) : [];
  if (roles.length === 0) return [];
  const { mspId, handle } = handleRefParts(record.handle);
  return [
    { type: DIRECTORY_KEY, attributes: [mspId, handle] },
    ...roles.map((role) => ({ type: DIRECTORY_ROLE_KEY, attributes: [role, mspId, handle] })),
  ];
}

/**
 * Keeps the directory rows of a member after a change (`previous` undefined when it is new): rows it no
 * longer has are deleted, new ones written. Blind writes only.
 */
export async function keepDirectoryRows(
  ctx: Context,
  record: MemberRecord,
  previous: MemberRecord | undefined,
): Promise<void> {
  const keyOf = (row: { readonly type: string; readonly attributes: readonly string[] }): string =>
    compositeKey(ctx, row.type, row.attributes);
  const before = previous ? rowsOf(previous) : [];
  const after = rowsOf(record);
  const kept = new Set(after.map(keyOf));
  const existing = new Set(before.map(keyOf));
  for (const row of before) if (!kept.has(keyOf(row))) await removeIndex(ctx, row.type, row.attributes);
  for (const row of after) if (!existing.has(keyOf(row))) await putIndex(ctx, row.type, row.attributes);
}

/**
 * A member as the directory shows it. A member holding no discoverable role shows only what naming it
 * already tells: its handle, party id, organisation and status; a suspended store, bank… keeps its name
 * and roles, `discoverable: false`.
 */
export function directoryEntryOf(record: MemberRecord): DirectoryEntry {
  const roles: Role[] = discoverableRoles(record.roles);
  const discoverable = record.status === MemberStatus.ACTIVE && roles.length > 0;
  const common = { handle: record.handle, party: record.party, mspId: record.mspId, status: record.status };
  return roles.length > 0
    ? { ...common, name: record.name, roles, discoverable }
    : { ...common, roles: [], discoverable: false };
}
