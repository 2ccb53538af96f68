import {
  ClassRefInput,
  ListClassTokensInput,
  RegisterRightClassInput,
  Role,
  type Page,
  type RightClassView,
  type SupplyCounts,
} from '@allianceledger/contract';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { CONSORTIUM, emit, EventName } from '../lib/events';
import { getOptional } from '../lib/ledger';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { getCurrency } from '../wallets/currency.store';
import { TokenStatus } from './rights.states';
import {
  countRows,
  createClass,
  listTokens,
  loadClass,
  loadSpace,
  RightIndex,
  rightKey,
  tokenIdOf,
  type RightClassRecord,
  type TokenRecord,
} from './rights.store';

/**
 * Classes of commodity rights (patent claims 6–7): a store uploads a class to its own space with the
 * commodity's category, number, specification and production information, its price and supply. Each
 * unit is bound to a token id at once (DA-Tie): `<classId>.00001` … `<classId>.<supply>`; the token
 * itself exists from the purchase that pays for it.
 */

/** RegisterRightClass: a store lists a class of rights in its own trading space. */
export async function registerRightClass(ctx: AllianceContext, input: string): Promise<RightClassRecord> {
  const req = parseInput(input, RegisterRightClassInput);
  const space = await loadSpace(ctx, req.spaceId);
  const { caller } = await authorize(ctx, 'RegisterRightClass', [grant.role(Role.STORE, { party: space.owner })]);
  if (await getOptional(ctx, rightKey(ctx, 'rightClass', req.classId))) {
    throw fail.conflict('right class already exists', { classId: req.classId });
  }
  await getCurrency(ctx, req.currency);
  const cls: RightClassRecord = {
    classId: req.classId,
    spaceId: req.spaceId,
    store: caller.party,
    category: req.category,
    sku: req.sku,
    name: req.name,
    specification: req.specification,
    production: req.production,
    price: req.price.toString(),
    currency: req.currency,
    supply: req.supply,
    redeemable: req.redeemable,
    royaltyBps: req.royaltyBps ?? 0,
    description: req.description,
    tokenIds: { first: tokenIdOf(req.classId, 1), last: tokenIdOf(req.classId, req.supply) },
    txId: ctx.stub.getTxID(),
    registeredAt: txTime(ctx).iso,
  };
  await createClass(ctx, cls);
  const { description: _description, ...facts } = cls;
  emit(ctx, EventName.RIGHT_CLASS_REGISTERED, CONSORTIUM, facts);
  return cls;
}

/** GetRightClass: any member reads a class of the public catalogue, with its supply counts. */
export async function getRightClass(ctx: AllianceContext, input: string): Promise<RightClassView> {
  const req = parseInput(input, ClassRefInput);
  await authorize(ctx, 'GetRightClass', [grant.member(), grant.orgAdmin()]);
  const cls = await loadClass(ctx, req.classId);
  return { ...cls, counts: await supplyCounts(ctx, cls) };
}

/**
 * A class's tokens by state, counted from its status index (a read-only scan of at most `supply` rows):
 * minted = every token of the class, burned = those redeemed.
 */
async function supplyCounts(ctx: AllianceContext, cls: RightClassRecord): Promise<SupplyCounts> {
  const minted = await countRows(ctx, RightIndex.classToken, [cls.classId]);
  const burned = await countRows(ctx, RightIndex.classToken, [cls.classId, TokenStatus.BURNED]);
  return { minted, burned, outstanding: minted - burned, available: cls.supply - minted };
}

/**
 * ListClassTokens: the tokens of a class, of one status or all (by status, then token id) — for its
 * store (e.g. the redemptions waiting: `REDEEMING`) and auditors.
 */
export async function listClassTokens(ctx: AllianceContext, input: string): Promise<Page<TokenRecord>> {
  const req = parseInput(input, ListClassTokensInput);
  const cls = await loadClass(ctx, req.classId);
  await authorize(ctx, 'ListClassTokens', [grant.role(Role.STORE, { party: cls.store }), grant.role(Role.AUDITOR)]);
  const partial = req.status === undefined ? [cls.classId] : [cls.classId, req.status];
  return listTokens(ctx, RightIndex.classToken, partial, pageRequest(req));
}
