import {
  FeedKind,
  FeedRefInput,
  GetValueInput,
  ListFeedsInput,
  ListRoundsInput,
  Org,
  ReportObservationInput,
  Role,
  RoundRefInput,
  type FeedRecord,
  type FeedValue,
  type Page,
  type RoundRecord,
  type RoundView,
} from '@allianceledger/contract';
import { authorize, grant, permits, type Actor, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, CONSORTIUM, emit, EventName, type Audience } from '../lib/events';
import { listByIndex, listStored } from '../lib/records';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { ensureWindowReadable } from '../energy/window-reading';
import { ensureReportable } from './feed.actions';
import {
  FEED_KEY,
  findFeed,
  findRound,
  loadFeed,
  loadFeedDefinition,
  loadRound,
  markLatest,
  ROUND_BY_OPENING,
  saveRound,
} from './oracle.store';
import { currentReports, lowerMedian, requireValue, roundValue } from './oracle.value';

/**
 * Reports and reads. Who reads a feed's rounds: for FX rates, every member (prices are public in the
 * consortium); for meter readings and shipments, which concern one party's energy or parcel, only the
 * feed's oracles (current or removed), auditors and org admins. The consuming contracts read through
 * {@link requireValue}, inside their own transactions.
 */

/** The grants of an oracle of the feed: only the parties it lists, holding the `oracle` role. */
function oracleGrants(feed: FeedRecord): Grant[] {
  return feed.oracles.map((party) => grant.role(Role.ORACLE, { party }));
}

/** Checks the caller may read the feed's rounds. */
function authorizeRoundRead(ctx: AllianceContext, action: string, feed: FeedRecord): Promise<Actor> {
  return authorize(ctx, action, roundReaders(feed));
}

/** The organisation whose admins read a feed's rounds besides its oracles and auditors. */
const ROUND_ADMINS = {
  // A meter's readings (a producer's deliveries, a consumer's use): the grid organisation.
  [FeedKind.METER_READING]: Org.ENERGY,
  // A parcel's status, in a round named by a settlement number: the platform whose stores and buyers
  // are the purchase's parties — never another organisation's admins.
  [FeedKind.LOGISTICS_STATUS]: Org.ECOMMERCE,
} as const;

/**
 * Who reads a feed's rounds: any member for an FX rate; otherwise the feed's oracles (current or
 * removed), auditors and the admins of the organisation the readings concern ({@link ROUND_ADMINS}).
 */
function roundReaders(feed: FeedRecord): Grant[] {
  if (feed.kind === FeedKind.FX_RATE) return [grant.member(), grant.orgAdmin()];
  const everyOracle = [...feed.oracles, ...feed.removed.map((r) => r.oracle)];
  return [
    ...everyOracle.map((party) => grant.role(Role.ORACLE, { party })),
    grant.role(Role.AUDITOR),
    grant.orgAdmin(ROUND_ADMINS[feed.kind]),
  ];
}

/** A feed as the caller may see it: its latest round only to those who read its rounds. */
async function feedView(ctx: AllianceContext, feed: FeedRecord): Promise<FeedRecord> {
  if (feed.latestRoundId === undefined || (await permits(ctx, roundReaders(feed)))) return feed;
  const { latestRoundId: _hidden, ...rest } = feed;
  return rest;
}

/** Who reads the event of a report: like the rounds. */
function reportAudience(feed: FeedRecord, oracle: string): Audience {
  return feed.kind === FeedKind.FX_RATE ? CONSORTIUM : audience([oracle], { roles: [Role.AUDITOR] });
}

function view(ctx: AllianceContext, feed: FeedRecord, round: RoundRecord): RoundView {
  return { ...round, current: roundValue(feed, round, txTime(ctx).ms) };
}

/**
 * Adds `oracle`'s report to a round (opening it when it is the first) and, when the round first holds
 * `quorum` reports of current oracles, records its median then and makes it the feed's latest round.
 * The caller has authorized the oracle. CONFLICT when the oracle already reported in this round.
 */
export async function addReport(
  ctx: AllianceContext,
  feed: FeedRecord,
  roundId: string,
  oracle: string,
  value: bigint,
): Promise<RoundRecord> {
  ensureReportable(feed.kind, value.toString());
  const previous = await findRound(ctx, feed.feedId, roundId);
  if (previous?.reports.some((r) => r.oracle === oracle)) {
    throw fail.conflict(`this oracle already reported in round ${roundId}`, { feedId: feed.feedId, roundId });
  }
  const now = txTime(ctx).iso;
  const report = { oracle, value: value.toString(), reportedAt: now, txId: ctx.stub.getTxID() };
  let round: RoundRecord = previous
    ? { ...previous, reports: [...previous.reports, report], updatedAt: now }
    : { feedId: feed.feedId, roundId, kind: feed.kind, reports: [report], openedAt: now, updatedAt: now };
  const counted = currentReports(feed, round);
  if (round.quorumReachedAt === undefined && counted.length >= feed.quorum) {
    round = {
      ...round,
      quorumReachedAt: now,
      valueAtQuorum: lowerMedian(counted.map((r) => BigInt(r.value))).toString(),
    };
    await markLatest(ctx, feed.feedId, roundId, now);
  }
  await saveRound(ctx, round, previous);
  return round;
}

/** ReportObservation: one of the feed's oracles posts its value for a round, once. */
export async function reportObservation(ctx: AllianceContext, input: string): Promise<RoundView> {
  const req = parseInput(input, ReportObservationInput);
  const feed = await loadFeedDefinition(ctx, req.feedId);
  const { caller } = await authorize(ctx, 'ReportObservation', oracleGrants(feed));
  if (feed.kind === FeedKind.METER_READING) await ensureWindowReadable(ctx, req.roundId);
  const round = await addReport(ctx, feed, req.roundId, caller.party, BigInt(req.value));
  emit(ctx, EventName.OBSERVATION_REPORTED, reportAudience(feed, caller.party), {
    feedId: feed.feedId,
    roundId: round.roundId,
    kind: feed.kind,
    oracle: caller.party,
    value: req.value,
    reportCount: round.reports.length,
    quorum: feed.quorum,
    txId: ctx.stub.getTxID(),
  });
  return view(ctx, feed, round);
}

/** GetFeed: every member and org admin reads a feed's definition (its latest round: see feedView). */
export async function getFeed(ctx: AllianceContext, input: string): Promise<FeedRecord> {
  const req = parseInput(input, FeedRefInput);
  await authorize(ctx, 'GetFeed', [grant.member(), grant.orgAdmin()]);
  return feedView(ctx, await loadFeed(ctx, req.feedId));
}

/** ListFeeds: the registered feeds, by id. */
export async function listFeeds(ctx: AllianceContext, input: string): Promise<Page<FeedRecord>> {
  const req = parseInput(input, ListFeedsInput);
  await authorize(ctx, 'ListFeeds', [grant.member(), grant.orgAdmin()]);
  const feeds = await listStored<FeedRecord>(ctx, FEED_KEY, [], pageRequest(req));
  const items: FeedRecord[] = [];
  for (const feed of feeds.items) items.push(await feedView(ctx, (await findFeed(ctx, feed.feedId)) ?? feed));
  return { items, bookmark: feeds.bookmark };
}

/** GetRound: a round, every report, and its value at this transaction's time. */
export async function getRound(ctx: AllianceContext, input: string): Promise<RoundView> {
  const req = parseInput(input, RoundRefInput);
  const feed = await loadFeed(ctx, req.feedId);
  await authorizeRoundRead(ctx, 'GetRound', feed);
  return view(ctx, feed, await loadRound(ctx, req.feedId, req.roundId));
}

/** ListRounds: a feed's rounds in the order they opened — the history of its values. */
export async function listRounds(ctx: AllianceContext, input: string): Promise<Page<RoundView>> {
  const req = parseInput(input, ListRoundsInput);
  const feed = await loadFeed(ctx, req.feedId);
  await authorizeRoundRead(ctx, 'ListRounds', feed);
  const rounds = await listByIndex(ctx, ROUND_BY_OPENING, [feed.feedId], pageRequest(req), (roundId) =>
    findRound(ctx, feed.feedId, roundId),
  );
  return { items: rounds.items.map((r) => view(ctx, feed, r)), bookmark: rounds.bookmark };
}

/** GetValue: the value a contract would use now — or the refusal it would give (STALE_VALUE, NO_QUORUM). */
export async function getValue(ctx: AllianceContext, input: string): Promise<FeedValue> {
  const req = parseInput(input, GetValueInput);
  const feed = await loadFeed(ctx, req.feedId);
  await authorizeRoundRead(ctx, 'GetValue', feed);
  const usable = await requireValue(ctx, feed.feedId, req.roundId, feed);
  return {
    feedId: feed.feedId,
    roundId: usable.roundId,
    kind: feed.kind,
    value: usable.value.toString(),
    scale: feed.scale,
    ...(feed.base === undefined ? {} : { base: feed.base }),
    ...(feed.quote === undefined ? {} : { quote: feed.quote }),
    freshReports: usable.current.freshReports,
    quorum: feed.quorum,
    asOf: usable.current.asOf,
  };
}
