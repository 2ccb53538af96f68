import type { RedemptionRecord } from '@allianceledger/chaincode';
import { z } from 'zod';
import type { Describes, Expect } from '../common/chaincode-result';
import { PositiveAmount } from '../common/amount.schemas';
import { CurrencyCode, Id, PartyId, text, Timestamp, TxId } from '../common/ids.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

export const RedemptionStatus = z.enum(['REQUESTED', 'EXECUTED', 'REJECTED', 'CANCELLED']);

/** A request to burn funds: the amount stays frozen until the issuer executes or rejects it. */
export const Redemption = z
  .object({
    redemptionId: TxId.describe('The id of the transaction that requested it'),
    accountId: Id,
    owner: PartyId,
    currency: CurrencyCode,
    amount: PositiveAmount,
    status: RedemptionStatus,
    requestedAt: Timestamp,
    updatedAt: Timestamp,
    reason: z.string().optional().describe('Why the issuer rejected it'),
  })
  .meta({ id: 'Redemption' });

export type RedemptionMatchesChaincode = Expect<Describes<z.infer<typeof Redemption>, RedemptionRecord>>;

export const RedemptionPage = pageOf(Redemption).meta({ id: 'RedemptionPage' });

export const RequestRedemptionBody = z.strictObject({
  accountId: Id.describe('Owned by the caller'),
  currency: CurrencyCode,
  amount: PositiveAmount,
});

export const RejectRedemptionBody = z.strictObject({ reason: text(1024) });

export const RedemptionParams = z.strictObject({ redemptionId: TxId });

export const ListRedemptionsQuery = z.strictObject({ currency: CurrencyCode, status: RedemptionStatus, ...Paging });
