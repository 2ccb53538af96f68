import {
  FeedRecord,
  FeedValue as ChaincodeFeedValue,
  GetValueInput,
  ReportObservationInput,
  RoundView,
} from '@allianceledger/contract';
import { z } from 'zod';
import { pageOf, Paging } from '../common/pagination.schemas';

/**
 * Oracle feeds over REST: the contract's records. A feed is registered and an oracle removed by a
 * consortium decision (`POST /proposals` with kind REGISTER_FEED, REMOVE_ORACLE or ADD_ORACLE); reports go to a
 * round of a feed; the value answers with the median of the round's fresh reports.
 */

export const Feed = FeedRecord;
export const FeedPage = pageOf(FeedRecord).meta({ id: 'FeedPage' });
export const Round = RoundView;
export const RoundPage = pageOf(RoundView).meta({ id: 'RoundPage' });
export const FeedValue = ChaincodeFeedValue;
export const FeedParams = z.strictObject({ feedId: ReportObservationInput.shape.feedId });
export const RoundParams = z.strictObject({
  feedId: ReportObservationInput.shape.feedId,
  roundId: ReportObservationInput.shape.roundId,
});
export const ReportBody = ReportObservationInput.omit({ feedId: true, roundId: true });
export const FeedsQuery = z.strictObject({ ...Paging });
export const ValueQuery = z.strictObject({ roundId: GetValueInput.shape.roundId });
