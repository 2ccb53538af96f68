import {
  FeedKind,
  ListProvidersInput,
  ProviderRefInput,
  RegisterProviderInput,
  Role,
  SetProviderStatusInput,
  type Page,
  type ProviderRecord,
} from '@allianceledger/contract';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { CONSORTIUM, emit, EventName } from '../lib/events';
import { listStored } from '../lib/records';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { loadFeedDefinition } from '../oracles/oracle.store';
import { getAccount } from '../wallets/balance.store';
import { findProvider, loadProvider, PROVIDER_KEY, saveProvider } from './fx.store';

/**
 * Liquidity providers: a bank converts between an FX feed's two currencies from one of its accounts,
 * which holds both. Providers are public to the consortium (an offer to convert); their balances never
 * appear in a record, an event or an error.
 */

/** RegisterProvider: a bank offers conversion from its own account at an FX feed's rate plus a spread. */
export async function registerProvider(ctx: AllianceContext, input: string): Promise<ProviderRecord> {
  const req = parseInput(input, RegisterProviderInput);
  const account = await getAccount(ctx, req.accountId);
  const { caller } = await authorize(ctx, 'RegisterProvider', [grant.role(Role.BANK, { party: account.owner })]);
  if (await findProvider(ctx, req.providerId)) {
    throw fail.conflict(`provider ${req.providerId} already exists`, { providerId: req.providerId });
  }
  const feed = await loadFeedDefinition(ctx, req.feedId);
  if (feed.kind !== FeedKind.FX_RATE || feed.base === undefined || feed.quote === undefined) {
    throw fail.illegalState(`feed ${feed.feedId} is not an FX_RATE feed`, { feedId: feed.feedId, kind: feed.kind });
  }
  const now = txTime(ctx).iso;
  const provider: ProviderRecord = {
    providerId: req.providerId,
    owner: caller.party,
    accountId: req.accountId,
    feedId: feed.feedId,
    currencies: [feed.base, feed.quote],
    spreadBps: req.spreadBps,
    status: 'ACTIVE',
    createdAt: now,
    updatedAt: now,
  };
  await saveProvider(ctx, provider);
  emit(ctx, EventName.PROVIDER_REGISTERED, CONSORTIUM, provider);
  return provider;
}

/** SetProviderStatus: the bank pauses its provider (it refuses every quote and payment) or resumes it. */
export async function setProviderStatus(ctx: AllianceContext, input: string): Promise<ProviderRecord> {
  const req = parseInput(input, SetProviderStatusInput);
  const current = await loadProvider(ctx, req.providerId);
  await authorize(ctx, 'SetProviderStatus', [grant.role(Role.BANK, { party: current.owner })]);
  if (current.status === req.status) {
    throw fail.illegalState(`provider ${current.providerId} is ${current.status} already`, {
      providerId: current.providerId,
      state: current.status,
    });
  }
  const provider: ProviderRecord = { ...current, status: req.status, updatedAt: txTime(ctx).iso };
  await saveProvider(ctx, provider);
  emit(ctx, EventName.PROVIDER_STATUS_CHANGED, CONSORTIUM, provider);
  return provider;
}

/** GetProvider: any member or org admin. */
export async function getProvider(ctx: AllianceContext, input: string): Promise<ProviderRecord> {
  const req = parseInput(input, ProviderRefInput);
  await authorize(ctx, 'GetProvider', [grant.member(), grant.orgAdmin()]);
  return loadProvider(ctx, req.providerId);
}

/** ListProviders: every provider, by id. */
export async function listProviders(ctx: AllianceContext, input: string): Promise<Page<ProviderRecord>> {
  const req = parseInput(input, ListProvidersInput);
  await authorize(ctx, 'ListProviders', [grant.member(), grant.orgAdmin()]);
  return listStored<ProviderRecord>(ctx, PROVIDER_KEY, [], pageRequest(req));
}
