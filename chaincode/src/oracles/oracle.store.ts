import type { FeedRecord, RoundRecord } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { compositeKey, getOptional, getOrThrow, put } from '../lib/ledger';
import { saveRecord, type RecordIndex } from '../lib/records';

/** Key type of feeds: `oracle~feed` + [feedId]. */
export const FEED_KEY = 'oracle~feed';
/** Key type of rounds: `oracle~round` + [feedId, roundId]. */
export const ROUND_KEY = 'oracle~round';
/** Key type of a feed's latest round to reach its quorum: `oracle~latest` + [feedId]. */
export const LATEST_KEY = 'oracle~latest';
/** Index of a feed's rounds in the order they opened (the history): `oracle~opened` + [feedId, openedAt, roundId]. */
export const ROUND_BY_OPENING = 'oracle~opened';

export type { FeedRecord, RoundRecord };

/** A feed with its latest round, or undefined. */
export async function findFeed(ctx: Context, feedId: string): Promise<FeedRecord | undefined> {
  const feed = await findFeedDefinition(ctx, feedId);
  return feed === undefined ? undefined : withLatest(ctx, feed);
}

/** A feed as stored, without reading its latest round (what reports and consumers of a named round need). */
export function loadFeedDefinition(ctx: Context, feedId: string): Promise<FeedRecord> {
  return getOrThrow<FeedRecord>(ctx, compositeKey(ctx, FEED_KEY, [feedId]), 'feed', feedId);
}

/** A feed with its latest round; NOT_FOUND otherwise. */
export async function loadFeed(ctx: Context, feedId: string): Promise<FeedRecord> {
  return withLatest(ctx, await loadFeedDefinition(ctx, feedId));
}

/** A feed as stored (without its latest round), or undefined. */
export function findFeedDefinition(ctx: Context, feedId: string): Promise<FeedRecord | undefined> {
  return getOptional<FeedRecord>(ctx, compositeKey(ctx, FEED_KEY, [feedId]));
}

/** Writes a feed (its latest round lives apart: see {@link markLatest}). */
export function saveFeed(ctx: Context, feed: FeedRecord): Promise<void> {
  const { latestRoundId: _latest, ...stored } = feed;
  return put(ctx, compositeKey(ctx, FEED_KEY, [feed.feedId]), stored);
}

/**
 * Records `roundId` as the feed's latest round to reach its quorum: a blind write of its own key, so
 * reports — which all read the feed record — never conflict with one another over it.
 */
export function markLatest(ctx: Context, feedId: string, roundId: string, at: string): Promise<void> {
  return put(ctx, compositeKey(ctx, LATEST_KEY, [feedId]), { roundId, at });
}

/** The feed with its latest round. */
async function withLatest(ctx: Context, feed: FeedRecord): Promise<FeedRecord> {
  const latest = await getOptional<{ roundId: string }>(ctx, compositeKey(ctx, LATEST_KEY, [feed.feedId]));
  return latest === undefined ? feed : { ...feed, latestRoundId: latest.roundId };
}

/** A round, or undefined when nobody reported in it yet. */
export function findRound(ctx: Context, feedId: string, roundId: string): Promise<RoundRecord | undefined> {
  return getOptional<RoundRecord>(ctx, compositeKey(ctx, ROUND_KEY, [feedId, roundId]));
}

/** A round; NOT_FOUND otherwise. */
export function loadRound(ctx: Context, feedId: string, roundId: string): Promise<RoundRecord> {
  return getOrThrow<RoundRecord>(ctx, compositeKey(ctx, ROUND_KEY, [feedId, roundId]), 'round', `${feedId}/${roundId}`);
}

const BY_OPENING: readonly RecordIndex<RoundRecord>[] = [
  { type: ROUND_BY_OPENING, attributes: (r) => [r.feedId, r.openedAt] },
];

/** Writes a round and, when it is new, its history row. */
export function saveRound(ctx: Context, round: RoundRecord, previous: RoundRecord | undefined): Promise<void> {
  const key = compositeKey(ctx, ROUND_KEY, [round.feedId, round.roundId]);
  return saveRecord(ctx, key, round.roundId, round, previous, BY_OPENING);
}
