import {
  ListRedemptionsInput,
  RedemptionRecord,
  RejectRedemptionInput,
  RequestRedemptionInput,
} from '@allianceledger/contract';
import { z } from 'zod';
import { pageOf, Paging } from '../common/pagination.schemas';

/** Redemptions over REST: the contract's inputs and records. */

export const Redemption = RedemptionRecord;
export const RedemptionPage = pageOf(RedemptionRecord).meta({ id: 'RedemptionPage' });
export const RequestRedemptionBody = RequestRedemptionInput;
export const RejectRedemptionBody = RejectRedemptionInput.omit({ redemptionId: true });
export const RedemptionParams = z.strictObject({ redemptionId: RedemptionRecord.shape.redemptionId });
export const ListRedemptionsQuery = z.strictObject({
  currency: ListRedemptionsInput.shape.currency,
  status: ListRedemptionsInput.shape.status,
  ...Paging,
});
