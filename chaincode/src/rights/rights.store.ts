import {
  DeadlineKind,
  OfferKind,
  SERIAL_DIGITS,
  type RightClassRecord,
  type SpaceRecord,
  type TokenRecord,
  type WalletBinding,
} from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { keepDeadline } from '../keeper/deadline.store';
import { fail } from '../lib/errors';
import {
  compositeKey,
  getOptional,
  getOrThrow,
  page,
  put,
  putIndex,
  scan,
  type Page,
  type PageRequest,
} from '../lib/ledger';
import type { PartyId } from '../lib/party';
import { saveRecord, type RecordIndex } from '../lib/records';
import { TokenStatus } from './rights.states';

/**
 * Where commodity rights live (DOMAIN.md §7). Spaces, classes and unit claims never change once
 * written, so every purchase may read them without ever conflicting with another; a token's record
 * changes with each step of its life, and its index rows move with it (blind writes).
 */
export const RightKey = {
  /** `right~space` + [spaceId]: the trading space. */
  space: 'right~space',
  /** `right~entry` + [entryToken]: `{spaceId}`, what the space's link or QR code resolves to. */
  entry: 'right~entry',
  /** `right~binding` + [spaceId, party, accountId]: a wallet bound to a space. */
  binding: 'right~binding',
  /** `right~class` + [classId]: the class of rights. */
  rightClass: 'right~class',
  /** `right~unit` + [classId, window, serial]: a sold unit and its token (written once; see unit-claim.ts). */
  unit: 'right~unit',
  /** `right~token` + [tokenId]: the token. */
  token: 'right~token',
} as const;

/** Listing indexes of tokens and offers. */
export const RightIndex = {
  /** `right~owner` + [owner, tokenId]: live tokens by owner (BalanceOf, ListTokens); a burned token has none. */
  owner: 'right~owner',
  /** `right~holder` + [party, tokenId]: every party that ever held a token (never removed: provenance readers). */
  holder: 'right~holder',
  /** `right~classtoken` + [classId, status, tokenId]: a class's tokens by status (supply counts, the store's queue). */
  classToken: 'right~classtoken',
  /** `right~offer` + [spaceId, category, kind, classId | tokenId]: a space's offers by category. */
  offer: 'right~offer',
} as const;

export type { RightClassRecord, SpaceRecord, TokenRecord, WalletBinding };

/** The content of a unit claim: which token the unit became, in which transaction. */
export interface UnitClaim {
  readonly tokenId: string;
  readonly txId: string;
}

/** Units per claim window: the unit keys of one window are one partial-composite-key range. */
export const UNIT_WINDOW = 100;

/** The token id bound to unit `serial` of a class: `<classId>.<serial, zero-padded>`. */
export function tokenIdOf(classId: string, serial: number): string {
  return `${classId}.${String(serial).padStart(SERIAL_DIGITS, '0')}`;
}

/** The window of unit `serial` (1-based), zero-padded so that windows sort as numbers. */
export function unitWindow(serial: number): string {
  return String(Math.floor((serial - 1) / UNIT_WINDOW)).padStart(3, '0');
}

/** Key of unit `serial` of a class. */
export function unitKey(ctx: Context, classId: string, serial: number): string {
  return compositeKey(ctx, RightKey.unit, [classId, unitWindow(serial), String(serial).padStart(SERIAL_DIGITS, '0')]);
}

/** Key of a record of one of the rights types keyed by one id. */
export function rightKey(ctx: Context, type: 'space' | 'entry' | 'rightClass' | 'token', id: string): string {
  return compositeKey(ctx, RightKey[type], [id]);
}

/** A trading space; NOT_FOUND otherwise. */
export function loadSpace(ctx: Context, spaceId: string): Promise<SpaceRecord> {
  return getOrThrow<SpaceRecord>(ctx, rightKey(ctx, 'space', spaceId), 'trading space', spaceId);
}

/** A class of rights; NOT_FOUND otherwise. */
export function loadClass(ctx: Context, classId: string): Promise<RightClassRecord> {
  return getOrThrow<RightClassRecord>(ctx, rightKey(ctx, 'rightClass', classId), 'right class', classId);
}

/** A token; NOT_FOUND otherwise (also for a unit not sold yet: its token does not exist). */
export function loadToken(ctx: Context, tokenId: string): Promise<TokenRecord> {
  return getOrThrow<TokenRecord>(ctx, rightKey(ctx, 'token', tokenId), 'token', tokenId);
}

/** Writes a new space and its entry row. */
export async function createSpace(ctx: Context, space: SpaceRecord): Promise<void> {
  await put(ctx, rightKey(ctx, 'space', space.spaceId), space);
  await put(ctx, rightKey(ctx, 'entry', space.entryToken), { spaceId: space.spaceId });
}

/** The space an entry token opens; NOT_FOUND otherwise. */
export async function spaceOfEntry(ctx: Context, entryToken: string): Promise<SpaceRecord> {
  const entry = await getOrThrow<{ spaceId: string }>(
    ctx,
    rightKey(ctx, 'entry', entryToken),
    'space entry',
    entryToken,
  );
  return loadSpace(ctx, entry.spaceId);
}

/** Writes a new class and its primary offer row in its space. */
export async function createClass(ctx: Context, cls: RightClassRecord): Promise<void> {
  await put(ctx, rightKey(ctx, 'rightClass', cls.classId), cls);
  await putIndex(ctx, RightIndex.offer, [cls.spaceId, cls.category, OfferKind.PRIMARY, cls.classId]);
}

function bindingKey(ctx: Context, spaceId: string, party: PartyId, accountId: string): string {
  return compositeKey(ctx, RightKey.binding, [spaceId, party, accountId]);
}

/** Writes a wallet binding (binding the same wallet again refreshes it). */
export async function saveBinding(ctx: Context, binding: WalletBinding): Promise<void> {
  await put(ctx, bindingKey(ctx, binding.spaceId, binding.holder, binding.accountId), binding);
}

/**
 * The caller must have bound `accountId` to the space before paying in it (patent claim 1):
 * ILLEGAL_STATE naming the space and the account otherwise.
 */
export async function requireBinding(ctx: Context, spaceId: string, party: PartyId, accountId: string): Promise<void> {
  const binding = await getOptional<WalletBinding>(ctx, bindingKey(ctx, spaceId, party, accountId));
  if (!binding) {
    throw fail.illegalState('bind the wallet to the trading space before paying in it', { spaceId, accountId });
  }
}

/** Records that unit `serial` of a class became `claim.tokenId` (once: see unit-claim.ts). */
export async function putUnit(ctx: Context, classId: string, serial: number, claim: UnitClaim): Promise<void> {
  await put(ctx, unitKey(ctx, classId, serial), claim);
}

const TOKEN_INDEXES: readonly RecordIndex<TokenRecord>[] = [
  { type: RightIndex.owner, attributes: (t) => (t.status === TokenStatus.BURNED ? undefined : [t.owner]) },
  { type: RightIndex.classToken, attributes: (t) => [t.classId, t.status] },
  {
    type: RightIndex.offer,
    attributes: (t) =>
      t.status === TokenStatus.LISTED && t.listing ? [t.listing.spaceId, t.category, OfferKind.RESALE] : undefined,
  },
];

/**
 * Writes a token, its index rows (owner, class and status, resale offer), a holder row for a new owner
 * and its redemption deadline row; `previous` is undefined when it is minted. Blind writes only.
 */
export async function saveToken(ctx: Context, token: TokenRecord, previous: TokenRecord | undefined): Promise<void> {
  const id = token.tokenId;
  await saveRecord(ctx, rightKey(ctx, 'token', id), id, token, previous, TOKEN_INDEXES);
  if (previous?.owner !== token.owner) await putIndex(ctx, RightIndex.holder, [token.owner, id]);
  await keepDeadline(
    ctx,
    DeadlineKind.REDEMPTION_CONFIRMATION,
    id,
    previous && confirmationDeadline(previous),
    confirmationDeadline(token),
  );
}

/** The time after which anyone may burn a fulfilled token whose holder has not confirmed. */
function confirmationDeadline(token: TokenRecord): string | undefined {
  return token.status === TokenStatus.FULFILLED ? token.redemption?.fulfilment?.confirmDeadline : undefined;
}

/** Whether `party` has ever held the token (its current owner included). */
export async function hasHeld(ctx: Context, party: PartyId, tokenId: string): Promise<boolean> {
  return (await getOptional(ctx, compositeKey(ctx, RightIndex.holder, [party, tokenId]))) !== undefined;
}

/** How many rows an index holds under `partial` (read-only queries: it reads them all). */
export async function countRows(ctx: Context, type: string, partial: readonly string[]): Promise<number> {
  return (await scan(ctx, type, partial)).length;
}

/** One page of the tokens an index lists (its last attribute is the token id), in index order. */
export async function listTokens(
  ctx: Context,
  type: string,
  partial: readonly string[],
  request: PageRequest,
): Promise<Page<TokenRecord>> {
  const rows = await page(ctx, type, partial, request);
  const items: TokenRecord[] = [];
  for (const { attributes } of rows.items) items.push(await loadToken(ctx, attributes[attributes.length - 1] ?? ''));
  return { items, bookmark: rows.bookmark };
}
