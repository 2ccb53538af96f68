import {
  FeedKind,
  LOGISTICS_FEED_ID,
  LogisticsStatus,
  MAX_FEED_ORACLES,
  Role,
  type FeedDefinition,
  type FeedRecord,
  type OracleAddition,
  type OracleRemoval,
} from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { txTime } from '../lib/time';
import { findMember } from '../members/member.store';
import { resolveParty } from '../members/handle.store';
import { getCurrency } from '../wallets/currency.store';
import { findFeedDefinition, loadFeedDefinition, saveFeed } from './oracle.store';

/**
 * What the consortium decides about feeds (proposal kinds REGISTER_FEED, REMOVE_ORACLE and ADD_ORACLE): each checks
 * its payload against the ledger when proposed and again when executed, then carries it out.
 */

/** A feed definition with its oracles named by party id (the proposal stores ids, not handles). */
export async function withOracleParties(ctx: Context, def: FeedDefinition): Promise<FeedDefinition> {
  const oracles: string[] = [];
  for (const ref of def.oracles) oracles.push(await resolveParty(ctx, ref));
  return { ...def, oracles };
}

/** Checks a feed definition: new id, k ≤ n, each oracle once and an ACTIVE `oracle`, kind-specific fields. */
export async function ensureFeedRegistrable(ctx: AllianceContext, def: FeedDefinition): Promise<void> {
  if (await findFeedDefinition(ctx, def.feedId)) {
    throw fail.conflict(`feed ${def.feedId} is already registered`, { feedId: def.feedId });
  }
  if (new Set(def.oracles).size !== def.oracles.length) {
    throw fail.invalid('payload.oracles: each oracle at most once', { field: 'payload.oracles' });
  }
  if (def.quorum > def.oracles.length) {
    throw fail.invalid(`payload.quorum: at most the number of oracles (${def.oracles.length})`, {
      field: 'payload.quorum',
    });
  }
  for (const oracle of def.oracles) await ensureOracle(ctx, oracle);
  await ensureKindFields(ctx, def);
}

async function ensureOracle(ctx: AllianceContext, oracle: string): Promise<void> {
  const member = await findMember(ctx, oracle);
  if (!member) throw fail.notFound('member', oracle);
  if (member.status !== 'ACTIVE' || !member.roles.includes(Role.ORACLE)) {
    throw fail.illegalState('every oracle of a feed must be an active member with the oracle role', { oracle });
  }
}

async function ensureKindFields(ctx: AllianceContext, def: FeedDefinition): Promise<void> {
  if (def.kind === FeedKind.FX_RATE) {
    if (def.base === undefined || def.quote === undefined || def.base === def.quote) {
      throw fail.invalid('payload: an FX_RATE feed names two different currencies, base and quote', {
        field: 'payload.base',
      });
    }
    await getCurrency(ctx, def.base);
    await getCurrency(ctx, def.quote);
    return;
  }
  if (def.base !== undefined || def.quote !== undefined) {
    throw fail.invalid(`payload: only an FX_RATE feed names currencies`, { field: 'payload.base' });
  }
  if (def.scale !== 0) {
    throw fail.invalid(`payload.scale: a ${def.kind} feed reports whole numbers (scale 0)`, { field: 'payload.scale' });
  }
  if (def.feedId === LOGISTICS_FEED_ID && def.kind !== FeedKind.LOGISTICS_STATUS) {
    throw fail.invalid(`payload.kind: feed ${LOGISTICS_FEED_ID} is the LOGISTICS_STATUS feed`, {
      field: 'payload.kind',
    });
  }
}

/** Registers a feed; called only by the execution of an approved REGISTER_FEED proposal. */
export async function registerFeed(ctx: AllianceContext, def: FeedDefinition, proposalId: string): Promise<FeedRecord> {
  await ensureFeedRegistrable(ctx, def);
  const now = txTime(ctx).iso;
  const feed: FeedRecord = {
    feedId: def.feedId,
    kind: def.kind,
    description: def.description,
    oracles: [...def.oracles],
    quorum: def.quorum,
    maxAgeSeconds: def.maxAgeSeconds,
    scale: def.scale,
    ...(def.base === undefined ? {} : { base: def.base }),
    ...(def.quote === undefined ? {} : { quote: def.quote }),
    proposalId,
    registeredAt: now,
    updatedAt: now,
    removed: [],
  };
  await saveFeed(ctx, feed);
  return feed;
}

/** The oracle must be one of the feed's, and the feed must keep at least its quorum of oracles. */
export async function ensureOracleRemovable(ctx: AllianceContext, removal: OracleRemoval): Promise<FeedRecord> {
  const feed = await loadFeedDefinition(ctx, removal.feedId);
  if (!feed.oracles.includes(removal.oracle)) {
    throw fail.illegalState(`the party is not an oracle of feed ${feed.feedId}`, {
      feedId: feed.feedId,
      oracle: removal.oracle,
    });
  }
  if (feed.oracles.length - 1 < feed.quorum) {
    throw fail.illegalState(`feed ${feed.feedId} would keep fewer oracles than its quorum of ${feed.quorum}`, {
      feedId: feed.feedId,
      oracles: feed.oracles.length,
      quorum: feed.quorum,
    });
  }
  return feed;
}

/** Takes the oracle off the feed; called only by the execution of an approved REMOVE_ORACLE proposal. */
export async function removeOracle(
  ctx: AllianceContext,
  removal: OracleRemoval,
  proposalId: string,
): Promise<FeedRecord> {
  const current = await ensureOracleRemovable(ctx, removal);
  const now = txTime(ctx).iso;
  const feed: FeedRecord = {
    ...current,
    oracles: current.oracles.filter((o) => o !== removal.oracle),
    removed: [...current.removed, { oracle: removal.oracle, proposalId, reason: removal.reason, removedAt: now }],
    updatedAt: now,
  };
  await saveFeed(ctx, feed);
  return feed;
}

/**
 * The party must be an ACTIVE member with the oracle role, not on the feed now, and the feed must have
 * room ({@link MAX_FEED_ORACLES}). An oracle removed earlier may come back by a new decision.
 */
export async function ensureOracleAddable(ctx: AllianceContext, addition: OracleAddition): Promise<FeedRecord> {
  const feed = await loadFeedDefinition(ctx, addition.feedId);
  if (feed.oracles.includes(addition.oracle)) {
    throw fail.conflict(`the party is an oracle of feed ${feed.feedId} already`, {
      feedId: feed.feedId,
      oracle: addition.oracle,
    });
  }
  if (feed.oracles.length >= MAX_FEED_ORACLES) {
    throw fail.illegalState(`feed ${feed.feedId} has the most oracles a feed may have (${MAX_FEED_ORACLES})`, {
      feedId: feed.feedId,
      oracles: feed.oracles.length,
    });
  }
  await ensureOracle(ctx, addition.oracle);
  return feed;
}

/**
 * Puts the oracle on the feed; called only by the execution of an approved ADD_ORACLE proposal. Its
 * reports count from then on, in open rounds too (a round's value is recomputed from its reports).
 */
export async function addOracle(ctx: AllianceContext, addition: OracleAddition): Promise<FeedRecord> {
  const current = await ensureOracleAddable(ctx, addition);
  const feed: FeedRecord = {
    ...current,
    oracles: [...current.oracles, addition.oracle],
    updatedAt: txTime(ctx).iso,
  };
  await saveFeed(ctx, feed);
  return feed;
}

/** Whether `value` may be reported to a feed of `kind` (a logistics feed reports its codes only). */
export function ensureReportable(kind: FeedKind, value: string): void {
  if (kind === FeedKind.LOGISTICS_STATUS && !(Object.values(LogisticsStatus) as string[]).includes(value)) {
    throw fail.invalid(`input.value: a logistics status code, one of ${Object.values(LogisticsStatus).join(', ')}`, {
      field: 'input.value',
    });
  }
}
