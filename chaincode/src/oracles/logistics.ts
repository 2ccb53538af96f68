import { LOGISTICS_FEED_ID, LogisticsStatus, Role } from '@allianceledger/contract';
import { grant, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import type { PartyId } from '../lib/party';
import { txTime } from '../lib/time';
import { addReport } from './observation.service';
import { findFeedDefinition, findRound, loadFeedDefinition, type FeedRecord } from './oracle.store';
import { usableValue } from './oracle.value';

/**
 * A delivery as the consuming contracts learn it: from the consortium's logistics feed (`logistics`, a
 * LOGISTICS_STATUS feed), never from an identity's say-so. A shipment is delivered when the round named
 * for it has the usable value DELIVERED — the median of its fresh reports, with the feed's quorum. An
 * oracle the consortium removes from the feed (REMOVE_ORACLE) can no longer record any delivery.
 */

/** The logistics feed; NOT_FOUND until the consortium registers it. */
export function loadLogisticsFeed(ctx: AllianceContext): Promise<FeedRecord> {
  return loadFeedDefinition(ctx, LOGISTICS_FEED_ID);
}

/** The logistics feed, when the consortium registered it. */
export function findLogisticsFeed(ctx: AllianceContext): Promise<FeedRecord | undefined> {
  return findFeedDefinition(ctx, LOGISTICS_FEED_ID);
}

/** Grants for the feed's oracles (the identities it names, with the oracle role). */
export function logisticsOracles(feed: FeedRecord | undefined): Grant[] {
  return (feed?.oracles ?? []).map((party) => grant.role(Role.ORACLE, { party }));
}

/**
 * `oracle`, one of the feed's oracles, reports DELIVERED in round `roundId` — unless it already reported
 * there — and the round's value must then be DELIVERED. Short of the quorum the transaction is refused
 * (NO_QUORUM, STALE_VALUE) and records nothing, not even this report; with the other k − 1 oracles'
 * reports first (`oracles:ReportObservation`) the quorum is met. Another status is ILLEGAL_STATE.
 */
export async function confirmDelivered(
  ctx: AllianceContext,
  feed: FeedRecord,
  roundId: string,
  oracle: PartyId,
): Promise<void> {
  const before = await findRound(ctx, feed.feedId, roundId);
  const round = before?.reports.some((r) => r.oracle === oracle)
    ? before
    : await addReport(ctx, feed, roundId, oracle, BigInt(LogisticsStatus.DELIVERED));
  const { value } = usableValue(feed, roundId, round, txTime(ctx).ms);
  if (value.toString() !== LogisticsStatus.DELIVERED) {
    throw fail.illegalState(`the logistics feed's status for this shipment is ${value.toString()}, not DELIVERED`, {
      feedId: feed.feedId,
      roundId,
      value: value.toString(),
    });
  }
}
