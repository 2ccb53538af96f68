import { ErrorCode, ValueStatus, type FeedRecord, type RoundRecord, type RoundValue } from '@allianceledger/contract';
import type { AllianceContext } from '../lib/context';
import { ChaincodeError } from '../lib/errors';
import { isoToMs, txTime } from '../lib/time';
import { findRound, loadFeed } from './oracle.store';

/**
 * The value of a round, exactly as every contract that consumes a feed computes it. Only reports of the
 * feed's current oracles count (a removed oracle's reports stop counting the moment the decision is
 * executed); of those, the fresh ones — no older than the feed's `maxAgeSeconds` at the reading
 * transaction's time — give the value when there are at least `quorum` of them: their lower median.
 */

/**
 * The lower median of non-empty `values`: the middle one of an odd count, the smaller middle one of an
 * even count. Always one of the values, so it needs no rounding and a status code stays a code.
 */
export function lowerMedian(values: readonly bigint[]): bigint {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0n;
}

/**
 * The reports of `round` that count for `feed` now: those of its current oracles — not one an oracle made
 * before the consortium removed it, should a later decision (ADD_ORACLE) put it back.
 */
export function currentReports(feed: FeedRecord, round: RoundRecord): RoundRecord['reports'] {
  const lastRemoval = new Map<string, number>();
  for (const r of feed.removed)
    lastRemoval.set(r.oracle, Math.max(lastRemoval.get(r.oracle) ?? 0, isoToMs(r.removedAt)));
  return round.reports.filter(
    (r) => feed.oracles.includes(r.oracle) && isoToMs(r.reportedAt) > (lastRemoval.get(r.oracle) ?? -Infinity),
  );
}

/**
 * A round that measures a period (a meter's delivery window): the lower median of the current oracles'
 * reports made from `fromMs` (the period's end) to `toMs` (the last moment a reading may come), however
 * long ago — such a reading describes the period and does not go stale — or no value, short of the
 * feed's quorum. A report made before `fromMs` measured part of the period only, and does not count.
 */
export function periodValue(
  feed: FeedRecord,
  round: RoundRecord | undefined,
  fromMs: number,
  toMs: number,
): { readonly value: bigint | undefined; readonly reports: number } {
  const inPeriod = (round === undefined ? [] : currentReports(feed, round)).filter((r) => {
    const at = isoToMs(r.reportedAt);
    return at >= fromMs && at <= toMs;
  });
  const value = inPeriod.length >= feed.quorum ? lowerMedian(inPeriod.map((r) => BigInt(r.value))) : undefined;
  return { value, reports: inPeriod.length };
}

/** The round's value at `nowMs` (`round` undefined: nobody reported yet). */
export function roundValue(feed: FeedRecord, round: RoundRecord | undefined, nowMs: number): RoundValue {
  const current = round === undefined ? [] : currentReports(feed, round);
  const oldest = nowMs - feed.maxAgeSeconds * 1000;
  const fresh = current.filter((r) => isoToMs(r.reportedAt) >= oldest);
  const base = {
    scale: feed.scale,
    freshReports: fresh.length,
    currentReports: current.length,
    quorum: feed.quorum,
    asOf: new Date(nowMs).toISOString(),
  };
  if (fresh.length >= feed.quorum) {
    return { status: ValueStatus.FRESH, value: lowerMedian(fresh.map((r) => BigInt(r.value))).toString(), ...base };
  }
  return { status: current.length >= feed.quorum ? ValueStatus.STALE : ValueStatus.NO_QUORUM, ...base };
}

/** A value a transaction may use. */
export interface UsableValue {
  readonly feed: FeedRecord;
  readonly roundId: string;
  readonly value: bigint;
  readonly current: RoundValue;
}

/**
 * The value of a feed's round that a transaction consumes — the latest round that reached its quorum
 * when `roundId` is absent — or the refusal every consumer gives: STALE_VALUE when k reports are in but
 * fewer than k are fresh, NO_QUORUM when fewer than k are in.
 */
export async function requireValue(
  ctx: AllianceContext,
  feedId: string,
  roundId?: string,
  feedRecord?: FeedRecord,
): Promise<UsableValue> {
  const feed = feedRecord ?? (await loadFeed(ctx, feedId));
  const id = roundId ?? feed.latestRoundId;
  if (id === undefined) {
    throw new ChaincodeError(ErrorCode.NO_QUORUM, `feed ${feedId} has no round with a quorum yet`, {
      feedId,
      quorum: feed.quorum,
    });
  }
  return usableValue(feed, id, await findRound(ctx, feedId, id), txTime(ctx).ms);
}

/**
 * {@link requireValue} of a round the transaction holds in memory (a report it has just added: Fabric
 * does not read a transaction's own writes back).
 */
export function usableValue(
  feed: FeedRecord,
  roundId: string,
  round: RoundRecord | undefined,
  nowMs: number,
): UsableValue {
  const current = roundValue(feed, round, nowMs);
  if (current.status === ValueStatus.FRESH) return { feed, roundId, value: BigInt(current.value ?? '0'), current };
  const details = {
    feedId: feed.feedId,
    roundId,
    freshReports: current.freshReports,
    currentReports: current.currentReports,
    quorum: feed.quorum,
    maxAgeSeconds: feed.maxAgeSeconds,
  };
  if (current.status === ValueStatus.STALE) {
    throw new ChaincodeError(
      ErrorCode.STALE_VALUE,
      `feed ${feed.feedId} round ${roundId} has ${current.freshReports} fresh reports of the ${feed.quorum} it needs ` +
        `(reports older than ${feed.maxAgeSeconds}s are stale)`,
      details,
    );
  }
  throw new ChaincodeError(
    ErrorCode.NO_QUORUM,
    `feed ${feed.feedId} round ${roundId} has ${current.currentReports} reports of the ${feed.quorum} it needs`,
    details,
  );
}
