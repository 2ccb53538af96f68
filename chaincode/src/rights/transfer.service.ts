import {
  BuyResaleInput,
  ListForResaleInput,
  TokenRefInput,
  TransferKind,
  TransferRightInput,
  type RightSale,
} from '@allianceledger/contract';
import { requireActive } from '../finance/finance.store';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { CONSORTIUM, emit, EventName } from '../lib/events';
import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { parseInput } from '../lib/validate';
import { withParties } from '../members/handle.store';
import { getAccount, payShares } from '../wallets/balance.store';
import { resaleShares } from './royalty';
import { tokenAudience, tokenEventData } from './rights.events';
import { TokenAction, TokenMachine } from './rights.states';
import { loadClass, loadSpace, loadToken, requireBinding, saveToken, type TokenRecord } from './rights.store';

/**
 * A holder passes a right on (patent: DA-Send): as a gift, or sold from its own trading space, paid
 * through wallets in the same transaction that moves the token (delivery versus payment), with the
 * store's royalty.
 */

/** TransferRight: the holder gives the token to another active member; no money moves. */
export async function transferRight(ctx: AllianceContext, input: string): Promise<TokenRecord> {
  const req = await withParties(ctx, parseInput(input, TransferRightInput), ['to']);
  const current = await loadToken(ctx, req.tokenId);
  await authorize(ctx, 'TransferRight', [grant.member(current.owner)]);
  const status = nextState(TokenMachine, current.status, TokenAction.TRANSFER);
  if (req.to === current.owner) throw fail.invalid('the token already belongs to that party', { field: 'input.to' });
  await requireActive(ctx, req.to);
  const token: TokenRecord = { ...current, owner: req.to, status, updatedAt: txTime(ctx).iso };
  await saveToken(ctx, token, current);
  emit(ctx, EventName.RIGHT_TRANSFERRED, tokenAudience(token, [current.owner]), {
    ...tokenEventData(ctx, token),
    from: current.owner,
    to: token.owner,
    kind: TransferKind.GIFT,
    memo: req.memo,
  });
  return token;
}

/**
 * ListForResale: the holder offers the token in its own trading space at a price in the class's
 * currency. A listing is a public offer: its space (and so its seller) and price are in the space's
 * catalogue for every member, and its event goes to the consortium.
 */
export async function listForResale(ctx: AllianceContext, input: string): Promise<TokenRecord> {
  const req = parseInput(input, ListForResaleInput);
  const current = await loadToken(ctx, req.tokenId);
  await authorize(ctx, 'ListForResale', [grant.member(current.owner)]);
  const status = nextState(TokenMachine, current.status, TokenAction.LIST);
  const space = await loadSpace(ctx, req.spaceId);
  if (space.owner !== current.owner) {
    throw fail.invalid("a token is resold from its holder's own trading space", { field: 'input.spaceId' });
  }
  const cls = await loadClass(ctx, current.classId);
  const now = txTime(ctx).iso;
  const token: TokenRecord = {
    ...current,
    status,
    listing: { spaceId: space.spaceId, price: req.price.toString(), currency: cls.currency, listedAt: now },
    updatedAt: now,
  };
  await saveToken(ctx, token, current);
  emit(ctx, EventName.RESALE_LISTED, CONSORTIUM, { ...tokenEventData(ctx, token), listing: token.listing });
  return token;
}

/** CancelResale: the holder withdraws its listing. */
export async function cancelResale(ctx: AllianceContext, input: string): Promise<TokenRecord> {
  const req = parseInput(input, TokenRefInput);
  const current = await loadToken(ctx, req.tokenId);
  await authorize(ctx, 'CancelResale', [grant.member(current.owner)]);
  const status = nextState(TokenMachine, current.status, TokenAction.CANCEL_LISTING);
  const { listing, ...unlisted } = current;
  const token: TokenRecord = { ...unlisted, status, updatedAt: txTime(ctx).iso };
  await saveToken(ctx, token, current);
  emit(ctx, EventName.RESALE_CANCELLED, CONSORTIUM, { ...tokenEventData(ctx, token), listing });
  return token;
}

/**
 * BuyResale: the caller pays a listed token's price from an account it bound to the listing's space;
 * in the same transaction the seller's payout account is credited with the proceeds, the store's with
 * its royalty (see royalty.ts), and the token moves to the caller. The token record is read and
 * written, so two buyers of one listing conflict and one of them is invalidated: it pays nothing.
 */
export async function buyResale(ctx: AllianceContext, input: string): Promise<RightSale> {
  const req = parseInput(input, BuyResaleInput);
  const current = await loadToken(ctx, req.tokenId);
  const account = await getAccount(ctx, req.accountId);
  const { caller } = await authorize(ctx, 'BuyResale', [grant.member(account.owner)]);
  const status = nextState(TokenMachine, current.status, TokenAction.BUY_RESALE);
  const { listing, ...unlisted } = current;
  if (!listing) throw new Error(`listed token ${current.tokenId} without a listing`);
  if (caller.party === current.owner) {
    throw fail.invalid('the holder cannot buy its own listing', { field: 'input.accountId' });
  }
  await requireBinding(ctx, listing.spaceId, caller.party, req.accountId);
  const seller = await loadSpace(ctx, listing.spaceId);
  const store = await loadSpace(ctx, current.spaceId);
  if (req.accountId === seller.payoutAccountId || req.accountId === store.payoutAccountId) {
    throw fail.invalid('the paying account is a payee of this sale', { field: 'input.accountId' });
  }
  const { royalty, proceeds } = resaleShares(BigInt(listing.price), (await loadClass(ctx, current.classId)).royaltyBps);
  await payShares(ctx, req.accountId, listing.currency, [
    { accountId: seller.payoutAccountId, amount: proceeds },
    { accountId: store.payoutAccountId, amount: royalty },
  ]);
  const token: TokenRecord = { ...unlisted, owner: caller.party, status, updatedAt: txTime(ctx).iso };
  await saveToken(ctx, token, current);
  const payment = {
    txId: ctx.stub.getTxID(),
    currency: listing.currency,
    amount: listing.price,
    fromAccountId: req.accountId,
    toAccountId: seller.payoutAccountId,
    proceeds: proceeds.toString(),
    royalty: royalty.toString(),
    royaltyAccountId: store.payoutAccountId,
  };
  emit(ctx, EventName.RIGHT_TRANSFERRED, tokenAudience(token, [current.owner]), {
    ...tokenEventData(ctx, token),
    from: current.owner,
    to: token.owner,
    kind: TransferKind.RESALE,
    price: listing.price,
    currency: listing.currency,
    royalty: payment.royalty,
    fromAccountId: payment.fromAccountId,
    toAccountId: payment.toAccountId,
  });
  return { token, payment };
}
