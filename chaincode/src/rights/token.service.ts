import {
  BalanceOfInput,
  ListTokensInput,
  Role,
  TokenRefInput,
  TokenStatus,
  type HistoryEntry,
  type Page,
  type TokenBalance,
  type TokenOwner,
} from '@allianceledger/contract';
import { authorize, callerOf, grant, permits, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { history } from '../lib/ledger';
import { pageRequest, parseInput } from '../lib/validate';
import { withParties } from '../members/handle.store';
import { countRows, hasHeld, listTokens, loadToken, RightIndex, rightKey, type TokenRecord } from './rights.store';

/**
 * Who holds what, in ERC-721's terms (`ownerOf`, `balanceOf`), under the trust rules: a token's owner
 * and provenance are read by its current and past holders, the store that redeems it and auditors; a
 * party's tokens by that party and auditors. Nobody else learns who holds a right.
 */

/** Who reads the token: the caller when it holds or held it, the token's store, auditors. */
async function tokenReaders(ctx: AllianceContext, token: TokenRecord): Promise<Grant[]> {
  const caller = callerOf(ctx).party;
  const held = await hasHeld(ctx, caller, token.tokenId);
  return [
    ...(held ? [grant.member(caller)] : []),
    grant.role(Role.STORE, { party: token.store }),
    grant.role(Role.AUDITOR),
  ];
}

/** The caller may read the token: it holds or held it, it is the token's store, or an auditor. */
async function authorizeTokenReader(ctx: AllianceContext, action: string, token: TokenRecord): Promise<void> {
  await authorize(ctx, action, await tokenReaders(ctx, token));
}

/** Whether the caller may read the token (for a transaction anyone may call, whose answer it shapes). */
export async function readsToken(ctx: AllianceContext, token: TokenRecord): Promise<boolean> {
  return permits(ctx, await tokenReaders(ctx, token));
}

/** GetToken: a token with its state, listing and redemption. */
export async function getToken(ctx: AllianceContext, input: string): Promise<TokenRecord> {
  const req = parseInput(input, TokenRefInput);
  const token = await loadToken(ctx, req.tokenId);
  await authorizeTokenReader(ctx, 'GetToken', token);
  return token;
}

/** OwnerOf (ERC-721 `ownerOf`): a live token's owner; a burned token answers its status without one. */
export async function ownerOf(ctx: AllianceContext, input: string): Promise<TokenOwner> {
  const req = parseInput(input, TokenRefInput);
  const token = await loadToken(ctx, req.tokenId);
  await authorizeTokenReader(ctx, 'OwnerOf', token);
  return token.status === TokenStatus.BURNED
    ? { tokenId: token.tokenId, status: token.status }
    : { tokenId: token.tokenId, owner: token.owner, status: token.status };
}

/**
 * GetProvenance: every committed version of the token, oldest first — each owner with the transaction
 * that made it the owner (the REST gateway adds each transaction's block).
 */
export async function getProvenance(ctx: AllianceContext, input: string): Promise<HistoryEntry<TokenRecord>[]> {
  const req = parseInput(input, TokenRefInput);
  const token = await loadToken(ctx, req.tokenId);
  await authorizeTokenReader(ctx, 'GetProvenance', token);
  return history<TokenRecord>(ctx, rightKey(ctx, 'token', req.tokenId));
}

/** The party a balance or listing is about (default: the caller): the party itself or an auditor. */
async function authorizeOwnerReader(ctx: AllianceContext, action: string, owner: string | undefined): Promise<string> {
  const party = owner ?? callerOf(ctx).party;
  await authorize(ctx, action, [grant.member(party), grant.role(Role.AUDITOR)]);
  return party;
}

/** BalanceOf (ERC-721 `balanceOf`): how many live tokens a party holds (listed and locked ones included). */
export async function balanceOf(ctx: AllianceContext, input: string): Promise<TokenBalance> {
  const req = await withParties(ctx, parseInput(input, BalanceOfInput), ['owner']);
  const owner = await authorizeOwnerReader(ctx, 'BalanceOf', req.owner);
  return { owner, balance: await countRows(ctx, RightIndex.owner, [owner]) };
}

/** ListTokens: a party's live tokens, by token id. */
export async function listTokensOf(ctx: AllianceContext, input: string): Promise<Page<TokenRecord>> {
  const req = await withParties(ctx, parseInput(input, ListTokensInput), ['owner']);
  const owner = await authorizeOwnerReader(ctx, 'ListTokens', req.owner);
  return listTokens(ctx, RightIndex.owner, [owner], pageRequest(req));
}
