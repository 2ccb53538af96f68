import {
  ListRedemptionsInput,
  RedemptionRefInput,
  RejectRedemptionInput,
  RequestRedemptionInput,
  Role,
  type RedemptionRecord,
} from '@allianceledger/contract';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { audience, emit, EventName, type Audience, type EventData } from '../lib/events';
import { compositeKey, getOrThrow, type Page } from '../lib/ledger';
import { listByIndex, saveRecord } from '../lib/records';
import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { freeze, getAccount, loadBase, loadHolding, release, saveHolding, spendFrozen } from './balance.store';
import { foldSupply, getCurrency } from './currency.store';
import { RedemptionAction, RedemptionMachine, RedemptionStatus } from './redemption.states';

/** Key type of redemptions: `redemption` + [redemptionId]. */
export const REDEMPTION_KEY = 'redemption';
/** Index for an issuer's work list: `redemption~status` + [currency, status, redemptionId]. */
export const REDEMPTION_BY_STATUS = 'redemption~status';

export type { RedemptionRecord };

/**
 * RequestRedemption: the owner asks to redeem `amount`; it is frozen until the issuer executes or
 * rejects the request (or the owner cancels it), so it cannot be spent twice meanwhile.
 */
export async function requestRedemption(ctx: AllianceContext, input: string): Promise<RedemptionRecord> {
  const req = parseInput(input, RequestRedemptionInput);
  const account = await getAccount(ctx, req.accountId);
  await authorize(ctx, 'RequestRedemption', [grant.member(account.owner)]);
  await getCurrency(ctx, req.currency);
  await saveHolding(ctx, freeze(await loadHolding(ctx, req.accountId, req.currency), req.amount));
  const now = txTime(ctx).iso;
  const record: RedemptionRecord = {
    redemptionId: ctx.stub.getTxID(),
    accountId: req.accountId,
    owner: account.owner,
    currency: req.currency,
    amount: req.amount.toString(),
    status: RedemptionStatus.REQUESTED,
    requestedAt: now,
    updatedAt: now,
  };
  await save(ctx, record, undefined);
  emit(ctx, EventName.REDEMPTION_REQUESTED, await redemptionAudience(ctx, record), redemptionEventData(record));
  return record;
}

/** ExecuteRedemption: the issuer burns the frozen amount (paying out fiat off chain). */
export async function executeRedemption(ctx: AllianceContext, input: string): Promise<RedemptionRecord> {
  const req = parseInput(input, RedemptionRefInput);
  const current = await load(ctx, req.redemptionId);
  const currency = await getCurrency(ctx, current.currency);
  await authorize(ctx, 'ExecuteRedemption', [grant.role(Role.ISSUER, { party: currency.issuer })]);
  const status = nextState(RedemptionMachine, current.status, RedemptionAction.EXECUTE);
  const amount = BigInt(current.amount);
  await saveHolding(ctx, spendFrozen(await loadBase(ctx, current.accountId, current.currency), amount));
  await foldSupply(ctx, current.currency, { redeemed: amount });
  const record: RedemptionRecord = { ...current, status, updatedAt: txTime(ctx).iso };
  await save(ctx, record, current);
  emit(ctx, EventName.REDEMPTION_EXECUTED, audience([record.owner, currency.issuer]), redemptionEventData(record));
  return record;
}

/** RejectRedemption: the issuer refuses; the amount is unfrozen. */
export async function rejectRedemption(ctx: AllianceContext, input: string): Promise<RedemptionRecord> {
  const req = parseInput(input, RejectRedemptionInput);
  const current = await load(ctx, req.redemptionId);
  const currency = await getCurrency(ctx, current.currency);
  await authorize(ctx, 'RejectRedemption', [grant.role(Role.ISSUER, { party: currency.issuer })]);
  return unfreeze(ctx, current, RedemptionAction.REJECT, req.reason);
}

/** CancelRedemption: the owner withdraws its request; the amount is unfrozen. */
export async function cancelRedemption(ctx: AllianceContext, input: string): Promise<RedemptionRecord> {
  const req = parseInput(input, RedemptionRefInput);
  const current = await load(ctx, req.redemptionId);
  await authorize(ctx, 'CancelRedemption', [grant.member(current.owner)]);
  return unfreeze(ctx, current, RedemptionAction.CANCEL, undefined);
}

/** GetRedemption: the owner, the currency's issuer, or an auditor. */
export async function getRedemption(ctx: AllianceContext, input: string): Promise<RedemptionRecord> {
  const req = parseInput(input, RedemptionRefInput);
  const current = await load(ctx, req.redemptionId);
  const currency = await getCurrency(ctx, current.currency);
  await authorize(ctx, 'GetRedemption', [
    grant.member(current.owner),
    grant.role(Role.ISSUER, { party: currency.issuer }),
    grant.role(Role.AUDITOR),
  ]);
  return current;
}

/** ListRedemptions: one currency's requests in one status, for its issuer or an auditor. */
export async function listRedemptions(ctx: AllianceContext, input: string): Promise<Page<RedemptionRecord>> {
  const req = parseInput(input, ListRedemptionsInput);
  const currency = await getCurrency(ctx, req.currency);
  await authorize(ctx, 'ListRedemptions', [
    grant.role(Role.ISSUER, { party: currency.issuer }),
    grant.role(Role.AUDITOR),
  ]);
  return listByIndex(ctx, REDEMPTION_BY_STATUS, [req.currency, req.status], pageRequest(req), (id) => load(ctx, id));
}

async function unfreeze(
  ctx: AllianceContext,
  current: RedemptionRecord,
  action: RedemptionAction,
  reason: string | undefined,
): Promise<RedemptionRecord> {
  const status = nextState(RedemptionMachine, current.status, action);
  const holding = await loadBase(ctx, current.accountId, current.currency);
  await saveHolding(ctx, release(holding, BigInt(current.amount)));
  const record: RedemptionRecord = { ...current, status, updatedAt: txTime(ctx).iso, ...(reason ? { reason } : {}) };
  await save(ctx, record, current);
  emit(
    ctx,
    action === RedemptionAction.REJECT ? EventName.REDEMPTION_REJECTED : EventName.REDEMPTION_CANCELLED,
    await redemptionAudience(ctx, record),
    redemptionEventData(record),
  );
  return record;
}

/** Its owner and the currency's issuer, who executes it. */
async function redemptionAudience(ctx: AllianceContext, record: RedemptionRecord): Promise<Audience> {
  return audience([record.owner, (await getCurrency(ctx, record.currency)).issuer]);
}

/** A redemption's facts for its events: the amount of the request, never the account's balance. */
function redemptionEventData(record: RedemptionRecord): EventData<'RedemptionRequested'> {
  return {
    redemptionId: record.redemptionId,
    accountId: record.accountId,
    owner: record.owner,
    currency: record.currency,
    amount: record.amount,
    status: record.status,
    ...(record.reason ? { reason: record.reason } : {}),
  };
}

function load(ctx: AllianceContext, redemptionId: string): Promise<RedemptionRecord> {
  return getOrThrow<RedemptionRecord>(
    ctx,
    compositeKey(ctx, REDEMPTION_KEY, [redemptionId]),
    'redemption',
    redemptionId,
  );
}

const BY_STATUS = [{ type: REDEMPTION_BY_STATUS, attributes: (r: RedemptionRecord) => [r.currency, r.status] }];

function save(ctx: AllianceContext, record: RedemptionRecord, previous: RedemptionRecord | undefined): Promise<void> {
  const key = compositeKey(ctx, REDEMPTION_KEY, [record.redemptionId]);
  return saveRecord(ctx, key, record.redemptionId, record, previous, BY_STATUS);
}
