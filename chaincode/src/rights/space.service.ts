import {
  BindWalletInput,
  ListOffersInput,
  OfferKind,
  OpenSpaceInput,
  ResolveEntryInput,
  SpaceRefInput,
  type Offer,
  type Page,
  type SpaceEntry,
} from '@allianceledger/contract';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, CONSORTIUM, emit, EventName } from '../lib/events';
import { getOptional, page, type PageRequest } from '../lib/ledger';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { getAccount } from '../wallets/balance.store';
import {
  createSpace,
  loadClass,
  loadSpace,
  loadToken,
  RightIndex,
  rightKey,
  saveBinding,
  spaceOfEntry,
  type RightClassRecord,
  type SpaceRecord,
  type WalletBinding,
} from './rights.store';

/**
 * Trading spaces (交易空间, patent claim 1): their owner offers commodity rights there — a store the
 * units of its classes, a holder the tokens it resells. A space's catalogue is public to consortium
 * members (an offer is made to be seen); who bought what is not (see token.service.ts).
 */

/** The grants of the public catalogue: any active member, any org admin. */
const CATALOGUE_READERS = [grant.member(), grant.orgAdmin()];

/** OpenSpace: any active member opens a space of its own, paid into one of its accounts. */
export async function openSpace(ctx: AllianceContext, input: string): Promise<SpaceRecord> {
  const req = parseInput(input, OpenSpaceInput);
  const account = await getAccount(ctx, req.payoutAccountId);
  const { caller } = await authorize(ctx, 'OpenSpace', [grant.member(account.owner)]);
  if (await getOptional(ctx, rightKey(ctx, 'space', req.spaceId))) {
    throw fail.conflict('trading space already exists', { spaceId: req.spaceId });
  }
  const space: SpaceRecord = {
    spaceId: req.spaceId,
    owner: caller.party,
    name: req.name,
    ...(req.description === undefined ? {} : { description: req.description }),
    payoutAccountId: req.payoutAccountId,
    entryToken: ctx.stub.getTxID(),
    openedAt: txTime(ctx).iso,
  };
  await createSpace(ctx, space);
  const { description: _description, ...facts } = space;
  emit(ctx, EventName.SPACE_OPENED, CONSORTIUM, facts);
  return space;
}

/** GetSpace: any member reads a space (the catalogue is public to the consortium). */
export async function getSpace(ctx: AllianceContext, input: string): Promise<SpaceRecord> {
  const req = parseInput(input, SpaceRefInput);
  await authorize(ctx, 'GetSpace', CATALOGUE_READERS);
  return loadSpace(ctx, req.spaceId);
}

/**
 * ResolveEntry: what a space's link or QR code opens (patent claims 1–2): the space and a page of its
 * offers, of one category when the link names one.
 */
export async function resolveEntry(ctx: AllianceContext, input: string): Promise<SpaceEntry> {
  const req = parseInput(input, ResolveEntryInput);
  await authorize(ctx, 'ResolveEntry', CATALOGUE_READERS);
  const space = await spaceOfEntry(ctx, req.entryToken);
  return { space, offers: await offersOf(ctx, space, req.category, pageRequest(req)) };
}

/** ListOffers: a space's offers, by category then kind: the classes it sells and the tokens resold there. */
export async function listOffers(ctx: AllianceContext, input: string): Promise<Page<Offer>> {
  const req = parseInput(input, ListOffersInput);
  await authorize(ctx, 'ListOffers', CATALOGUE_READERS);
  return offersOf(ctx, await loadSpace(ctx, req.spaceId), req.category, pageRequest(req));
}

/** One page of a space's offer index, each row made an offer from its class (and token). */
async function offersOf(
  ctx: AllianceContext,
  space: SpaceRecord,
  category: string | undefined,
  request: PageRequest,
): Promise<SpaceEntry['offers']> {
  const partial = category === undefined ? [space.spaceId] : [space.spaceId, category];
  const rows = await page(ctx, RightIndex.offer, partial, request);
  const items: Offer[] = [];
  for (const { attributes } of rows.items) {
    const [, , kind = '', ref = ''] = attributes;
    if (kind === OfferKind.RESALE) {
      const token = await loadToken(ctx, ref);
      const { listing } = token;
      if (listing) {
        const offer = offerOf(space, await loadClass(ctx, token.classId), OfferKind.RESALE);
        items.push({ ...offer, tokenId: ref, price: listing.price, currency: listing.currency });
      }
    } else {
      items.push(offerOf(space, await loadClass(ctx, ref), OfferKind.PRIMARY));
    }
  }
  return { items, bookmark: rows.bookmark };
}

function offerOf(space: SpaceRecord, cls: RightClassRecord, kind: OfferKind): Offer {
  return {
    kind,
    spaceId: space.spaceId,
    seller: space.owner,
    classId: cls.classId,
    category: cls.category,
    sku: cls.sku,
    name: cls.name,
    specification: cls.specification,
    price: cls.price,
    currency: cls.currency,
    redeemable: cls.redeemable,
  };
}

/**
 * BindWallet: the caller binds one of its accounts to a space (patent claim 1: 将第一数字钱包与第二端交易空间
 * 绑定); it pays in that space from a bound account only. Binding it again refreshes the binding.
 */
export async function bindWallet(ctx: AllianceContext, input: string): Promise<WalletBinding> {
  const req = parseInput(input, BindWalletInput);
  const account = await getAccount(ctx, req.accountId);
  const { caller } = await authorize(ctx, 'BindWallet', [grant.member(account.owner)]);
  const space = await loadSpace(ctx, req.spaceId);
  const binding: WalletBinding = {
    spaceId: req.spaceId,
    holder: caller.party,
    accountId: req.accountId,
    boundAt: txTime(ctx).iso,
  };
  await saveBinding(ctx, binding);
  emit(ctx, EventName.WALLET_BOUND, audience([binding.holder, space.owner]), { ...binding });
  return binding;
}
