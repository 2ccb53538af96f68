import { handleRefParts, HANDLE_PATTERN, isHandleRef } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { fail } from '../lib/errors';
import { compositeKey, getOptional, put } from '../lib/ledger';
import { partyParts, type PartyId } from '../lib/party';

/**
 * Handles: each member's short name in its organisation (`store1`), unique there and never changed, so
 * a handle shared in a QR code or an invitation keeps naming the same party. `<mspId>:<handle>` is
 * accepted wherever an input takes a party, and resolved here, on chain.
 */

/** Key type of the handle rows: `member~handle` + [mspId, handle] → `{party}`. */
export const HANDLE_KEY = 'member~handle';

interface HandleRow {
  readonly party: PartyId;
}

function handleKey(ctx: Context, mspId: string, handle: string): string {
  return compositeKey(ctx, HANDLE_KEY, [mspId, handle]);
}

/** `<mspId>:<handle>`, the form handles are shared, shown and accepted in. */
export function handleRefOf(mspId: string, handle: string): string {
  return `${mspId}:${handle}`;
}

/** The party a handle names, or undefined when no member has it. */
export async function findHandleOwner(ctx: Context, mspId: string, handle: string): Promise<PartyId | undefined> {
  return (await getOptional<HandleRow>(ctx, handleKey(ctx, mspId, handle)))?.party;
}

/** Gives `handle` to `party` in `mspId`; CONFLICT when another member has it. */
export async function claimHandle(ctx: Context, mspId: string, handle: string, party: PartyId): Promise<void> {
  const owner = await findHandleOwner(ctx, mspId, handle);
  if (owner !== undefined && owner !== party) {
    throw fail.conflict(`the handle ${handleRefOf(mspId, handle)} is taken: choose another`, {
      field: 'input.handle',
      handle: handleRefOf(mspId, handle),
    });
  }
  await put(ctx, handleKey(ctx, mspId, handle), { party } satisfies HandleRow);
}

/**
 * The party an input names — by party id, returned as it is, or by handle (`<mspId>:<handle>`), looked
 * up in the directory: NOT_FOUND when no member has that handle. The contract's `PartyRef` schema has
 * already checked the form.
 */
export async function resolveParty(ctx: Context, ref: string): Promise<PartyId> {
  if (!isHandleRef(ref)) return ref;
  const { mspId, handle } = handleRefParts(ref);
  const party = await findHandleOwner(ctx, mspId, handle);
  if (party === undefined) throw fail.notFound('member handle', ref);
  return party;
}

/**
 * `input` with its party `fields` resolved (see {@link resolveParty}); absent optional fields stay
 * absent. The services call it right after parsing, so the rest of a transaction sees party ids only.
 *
 * @example `const req = await withParties(ctx, parseInput(input, IssueReceivableInput), ['debtor']);`
 */
export async function withParties<T extends object>(ctx: Context, input: T, fields: readonly (keyof T)[]): Promise<T> {
  const resolved: T = { ...input };
  for (const field of fields) {
    const ref = input[field];
    if (typeof ref === 'string') resolved[field] = (await resolveParty(ctx, ref)) as T[keyof T];
  }
  return resolved;
}

/**
 * The handle a member gets when its admin chooses none: the certificate's common name up to "@",
 * lower-cased, each character a handle may not hold made "-" (`Store1@ecommerce.example.com` →
 * `store1`). Undefined when that leaves no valid handle.
 */
export function defaultHandle(party: PartyId): string | undefined {
  const subject = partyParts(party).id.split('::')[1] ?? '';
  const commonName = /\/CN=([^/]+)/.exec(subject)?.[1] ?? '';
  const local = commonName.split('@')[0] ?? '';
  const candidate = local
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 32);
  return HANDLE_PATTERN.test(candidate) ? candidate : undefined;
}
