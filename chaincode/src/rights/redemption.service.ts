import {
  ConfirmRedemptionInput,
  FulfilRedemptionInput,
  RedemptionMethod,
  RefuseRedemptionInput,
  RequestRightRedemptionInput,
  Role,
  TIME_LIMIT,
  TokenRefInput,
  type ExpiredToken,
} from '@allianceledger/contract';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { checkWithStateHidden } from '../lib/outsiders';
import { emit, EventName } from '../lib/events';
import { nextState } from '../lib/state-machine';
import { addSeconds, txTime } from '../lib/time';
import { parseInput } from '../lib/validate';
import { confirmDelivered, findLogisticsFeed, logisticsOracles } from '../oracles/logistics';
import { deadlineReached } from '../settlements/time-limit';
import { tokenAudience, tokenEventData } from './rights.events';
import { TokenAction, TokenMachine } from './rights.states';
import { loadClass, loadToken, saveToken, type TokenRecord } from './rights.store';
import { readsToken } from './token.service';

/**
 * Redeeming a right for the goods (patent claim 8): the holder asks with a method the class allows;
 * the token is locked (REDEEMING: no transfer, no listing) while the store fulfils. The store ships
 * the goods or has them ready (FULFILLED), or refuses with a reason, which unlocks the token. The
 * holder's confirmation — or a logistics oracle's record of the delivery, or the confirmation time
 * passing — burns it (BURNED), after which it never moves again.
 */

/** The token's redemption; a bug when a REDEEMING or FULFILLED token has none. */
function redemptionOf(token: TokenRecord): NonNullable<TokenRecord['redemption']> {
  if (!token.redemption) throw new Error(`token ${token.tokenId} in ${token.status} without a redemption`);
  return token.redemption;
}

/** RequestRedemption: the holder asks the store for the goods, by DELIVERY or PICKUP as the class allows. */
export async function requestRedemption(ctx: AllianceContext, input: string): Promise<TokenRecord> {
  const req = parseInput(input, RequestRightRedemptionInput);
  const current = await loadToken(ctx, req.tokenId);
  await authorize(ctx, 'RequestRedemption', [grant.member(current.owner)]);
  const status = nextState(TokenMachine, current.status, TokenAction.REQUEST_REDEMPTION);
  const cls = await loadClass(ctx, current.classId);
  if (!cls.redeemable.includes(req.method)) {
    throw fail.invalid(`the class is redeemable by ${cls.redeemable.join(' or ')} only`, { field: 'input.method' });
  }
  const now = txTime(ctx).iso;
  const token: TokenRecord = {
    ...current,
    status,
    redemption: { method: req.method, addressHash: req.addressHash, requestedAt: now },
    updatedAt: now,
  };
  await saveToken(ctx, token, current);
  emit(ctx, EventName.RIGHT_REDEMPTION_REQUESTED, tokenAudience(token), {
    ...tokenEventData(ctx, token),
    method: req.method,
    addressHash: req.addressHash,
  });
  return token;
}

/** WithdrawRedemption: the holder takes its request back before the store fulfils it. */
export async function withdrawRedemption(ctx: AllianceContext, input: string): Promise<TokenRecord> {
  const req = parseInput(input, TokenRefInput);
  const current = await loadToken(ctx, req.tokenId);
  await authorize(ctx, 'WithdrawRedemption', [grant.member(current.owner)]);
  const status = nextState(TokenMachine, current.status, TokenAction.WITHDRAW_REDEMPTION);
  const { redemption, ...unlocked } = current;
  const token: TokenRecord = { ...unlocked, status, updatedAt: txTime(ctx).iso };
  await saveToken(ctx, token, current);
  emit(ctx, EventName.RIGHT_REDEMPTION_WITHDRAWN, tokenAudience(token), {
    ...tokenEventData(ctx, token),
    method: redemption?.method,
  });
  return token;
}

/** RefuseRedemption: the store refuses a request, with a reason; the token is unlocked. */
export async function refuseRedemption(ctx: AllianceContext, input: string): Promise<TokenRecord> {
  const req = parseInput(input, RefuseRedemptionInput);
  const current = await loadToken(ctx, req.tokenId);
  await authorize(ctx, 'RefuseRedemption', [grant.role(Role.STORE, { party: current.store })]);
  const status = nextState(TokenMachine, current.status, TokenAction.REFUSE_REDEMPTION);
  const { redemption, ...unlocked } = current;
  const now = txTime(ctx).iso;
  const token: TokenRecord = { ...unlocked, status, lastRefusal: { reason: req.reason, at: now }, updatedAt: now };
  await saveToken(ctx, token, current);
  emit(ctx, EventName.RIGHT_REDEMPTION_REFUSED, tokenAudience(token), {
    ...tokenEventData(ctx, token),
    method: redemption?.method,
    reason: req.reason,
  });
  return token;
}

/**
 * FulfilRedemption: the store shipped the goods (DELIVERY: carrier and tracking number) or has them
 * ready for pick-up. From `confirmWithinSeconds` later (10 days by default) anyone may burn the token
 * if the holder has not confirmed; the keeper does so by itself.
 */
export async function fulfilRedemption(ctx: AllianceContext, input: string): Promise<TokenRecord> {
  const req = parseInput(input, FulfilRedemptionInput);
  const current = await loadToken(ctx, req.tokenId);
  await authorize(ctx, 'FulfilRedemption', [grant.role(Role.STORE, { party: current.store })]);
  const status = nextState(TokenMachine, current.status, TokenAction.FULFIL_REDEMPTION);
  const redemption = redemptionOf(current);
  const delivery = redemption.method === RedemptionMethod.DELIVERY;
  if (delivery && (req.carrier === undefined || req.trackingNo === undefined)) {
    throw fail.invalid('a delivery needs carrier and trackingNo', {
      field: req.carrier === undefined ? 'input.carrier' : 'input.trackingNo',
    });
  }
  if (!delivery && (req.carrier !== undefined || req.trackingNo !== undefined)) {
    throw fail.invalid('a pick-up has no carrier or tracking number', {
      field: req.carrier === undefined ? 'input.trackingNo' : 'input.carrier',
    });
  }
  const now = txTime(ctx).iso;
  const fulfilment = {
    carrier: req.carrier,
    trackingNo: req.trackingNo,
    fulfilledAt: now,
    confirmDeadline: addSeconds(now, req.confirmWithinSeconds ?? TIME_LIMIT.DEFAULT_SECONDS),
  };
  const token: TokenRecord = { ...current, status, redemption: { ...redemption, fulfilment }, updatedAt: now };
  await saveToken(ctx, token, current);
  emit(ctx, EventName.RIGHT_REDEMPTION_FULFILLED, tokenAudience(token), {
    ...tokenEventData(ctx, token),
    method: redemption.method,
    fulfilment,
  });
  return token;
}

/**
 * ConfirmRedemption: the holder confirms it has the goods — or one of the logistics feed's oracles
 * records the delivery (with a proof hash) in the round named for this fulfilment,
 * `redemption:<tokenId>:<fulfilledAt>`, as RecordDelivery does for an order (oracles/logistics.ts) —
 * and the token is burned.
 */
export async function confirmRedemption(ctx: AllianceContext, input: string): Promise<TokenRecord> {
  const req = parseInput(input, ConfirmRedemptionInput);
  const current = await loadToken(ctx, req.tokenId);
  const feed = await findLogisticsFeed(ctx);
  const { caller } = await authorize(ctx, 'ConfirmRedemption', [
    grant.member(current.owner),
    ...logisticsOracles(feed),
  ]);
  const status = nextState(TokenMachine, current.status, TokenAction.CONFIRM_REDEMPTION);
  if (feed && caller.party !== current.owner) {
    await confirmDelivered(ctx, feed, redemptionRound(current), caller.party);
  }
  return burn(ctx, current, status, { by: caller.party, proofHash: req.proofHash });
}

/** The logistics feed's round for a fulfilled redemption: one per fulfilment (a refused one may come again). */
export function redemptionRound(token: TokenRecord): string {
  const fulfilledAt = redemptionOf(token).fulfilment?.fulfilledAt;
  if (fulfilledAt === undefined) throw new Error(`bug: token ${token.tokenId} is not fulfilled`);
  return `redemption:${token.tokenId}:${fulfilledAt}`;
}

/**
 * ExpireRedemption: anyone, once the transaction time reaches the confirmation deadline of a fulfilled
 * redemption the holder has not confirmed: the token is burned (the store delivered). Before it,
 * ILLEGAL_STATE naming the deadline.
 */
export async function expireRedemption(ctx: AllianceContext, input: string): Promise<ExpiredToken> {
  const req = parseInput(input, TokenRefInput);
  await authorize(ctx, 'ExpireRedemption', [grant.anyone]);
  const current = await loadToken(ctx, req.tokenId);
  // Anyone may burn a due token (the keeper does), but only its readers learn its holder, its redemption
  // or why it is not due: anyone else gets the token id and BURNED, or a refusal naming the token only.
  const reader = await readsToken(ctx, current);
  const status = await checkWithStateHidden(
    reader,
    () => expirableStatus(ctx, current),
    'no redemption of this token is due to expire',
    { entity: 'token', tokenId: current.tokenId },
  );
  const token = await burn(ctx, current, status, {});
  return reader ? token : { tokenId: token.tokenId, status: token.status };
}

/** The state ExpireRedemption moves `current` to: ILLEGAL_STATE unless fulfilled and past its confirmation deadline. */
function expirableStatus(ctx: AllianceContext, current: TokenRecord): TokenRecord['status'] {
  const status = nextState(TokenMachine, current.status, TokenAction.EXPIRE_REDEMPTION);
  const deadline = redemptionOf(current).fulfilment?.confirmDeadline;
  const now = txTime(ctx);
  if (deadline === undefined || !deadlineReached(deadline, now)) {
    throw fail.illegalState('the confirmation time of the redemption has not passed', {
      entity: 'token',
      confirmDeadline: deadline ?? null,
      txTime: now.iso,
    });
  }
  return status;
}

/** Burns a fulfilled token: it keeps its last holder and redemption, and leaves every listing of live tokens. */
async function burn(
  ctx: AllianceContext,
  current: TokenRecord,
  status: TokenRecord['status'],
  confirmation: { readonly by?: string; readonly proofHash?: string | undefined },
): Promise<TokenRecord> {
  const now = txTime(ctx).iso;
  const token: TokenRecord = {
    ...current,
    status,
    burn: { burnedAt: now, txId: ctx.stub.getTxID(), ...confirmation },
    updatedAt: now,
  };
  await saveToken(ctx, token, current);
  emit(ctx, EventName.RIGHT_BURNED, tokenAudience(token, [confirmation.by]), {
    ...tokenEventData(ctx, token),
    from: token.owner,
    method: redemptionOf(token).method,
    by: confirmation.by,
    proofHash: confirmation.proofHash,
  });
  return token;
}
