import { TIME_LIMIT, type SettlementRecord } from '@allianceledger/chaincode';
import { z } from 'zod';
import type { Describes, Expect } from '../common/chaincode-result';
import { Amount, PositiveAmount } from '../common/amount.schemas';
import { historyOf } from '../common/history.schemas';
import { CurrencyCode, Id, PartyId, Sha256Hex, text, Timestamp, TxId } from '../common/ids.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';
import { ListBy, ListValue, Order, OrderSnapshot, valueFitsBy } from './orders.schemas';

export const SettlementStatus = z.enum(['PAID', 'COMPLETED', 'CANCELLED', 'DISPUTED', 'ARBITRATED']);

/** The escrow held for a store order (C2C settlement). */
export const Settlement = z
  .object({
    settlementNo: TxId.describe('The id of the transaction that requested it'),
    storeOrderNo: Id,
    buyer: PartyId,
    buyerAccountId: Id,
    store: PartyId,
    storeAccountId: Id,
    currency: CurrencyCode,
    amount: PositiveAmount,
    frozenAmount: Amount.describe("Frozen in the buyer's account: `amount` while open, 0 once closed"),
    paidAmount: Amount.describe('Paid to the store when it closed'),
    refundedAmount: Amount.describe("Returned to the buyer's available funds when it closed"),
    paymentTxId: TxId.optional().describe('The transaction that paid the store: the payment record'),
    topUps: z
      .array(z.object({ fromAccountId: Id, amount: PositiveAmount, txId: TxId }))
      .describe('Shortfalls covered from another account of the buyer'),
    creditDraws: z
      .array(
        z.object({
          creditLineId: z.string(),
          amount: PositiveAmount,
          txId: TxId,
        }),
      )
      .optional()
      .describe("Shortfalls covered by draws on the buyer's credit line (step 1b); absent when none"),
    status: SettlementStatus,
    dispute: z.object({ reason: z.string(), evidenceHash: Sha256Hex.optional(), at: Timestamp }).optional(),
    resolution: z
      .object({ storeAmount: Amount, buyerAmount: Amount, ruling: z.string(), by: PartyId, at: Timestamp })
      .optional()
      .describe("The arbitrator's split"),
    cancelReason: z.string().optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    closedAt: Timestamp.optional(),
  })
  .meta({ id: 'Settlement' });

export type SettlementMatchesChaincode = Expect<Describes<z.infer<typeof Settlement>, SettlementRecord>>;

export const SettlementPage = pageOf(Settlement).meta({ id: 'SettlementPage' });

export const SettlementHistory = historyOf(Settlement).meta({ id: 'SettlementHistory' });

/** A purchase step changes the settlement and its store order together, and answers both. */
export const SettlementStep = z.object({ settlement: Settlement, order: Order }).meta({ id: 'SettlementStep' });

export const SettlementRequested = SettlementStep.extend({
  updated: z.boolean().describe('An open settlement of the same store order was updated instead of created'),
}).meta({ id: 'SettlementRequested' });

/** Time-limit bounds of the chaincode (`TIME_LIMIT`): one hour to 90 days, 10 days by default. */

export const RequestSettlementBody = z.strictObject({
  storeOrderNo: Id.describe('Starts with `<storeAccountId>-`. The same number again, while not shipped, updates it'),
  buyerAccountId: Id.describe('Owned by the caller, a buyer: the amount is frozen there'),
  storeAccountId: Id.describe('Owned by an active store'),
  currency: CurrencyCode,
  amount: PositiveAmount,
  timeLimitSeconds: z
    .number()
    .int()
    .min(TIME_LIMIT.MIN_SECONDS)
    .max(TIME_LIMIT.MAX_SECONDS)
    .optional()
    .describe('Auto-release this long after shipment: one hour to 90 days (default 10 days)'),
  topUpFromAccountId: Id.optional().describe('Another account of the buyer that covers a shortfall'),
  creditLineId: text(128)
    .optional()
    .describe(
      "The buyer's own credit line (`POST /credit-lines`) that covers a shortfall: the bank's funding account pays " +
        'it and the line records the draw (422 beyond its limit, 403 when blacklisted)',
    ),
  order: OrderSnapshot.optional().describe(
    'The private order snapshot, optional. The gateway sends it in the transient field `order`, never as an ' +
      'argument, so it never reaches a block; it must repeat storeOrderNo, currency and amount. Without it the ' +
      'order has no `snapshotHash` (and an update without it drops the earlier snapshot)',
  ),
});

export const SettlementParams = z.strictObject({ settlementNo: TxId });

export const ConfirmationBody = z.strictObject({
  amountToPay: Amount.describe('Paid to the store, at most the amount; the rest returns to the buyer'),
});

export const CancellationBody = z.strictObject({ reason: text(1024).optional() });

export const DisputeBody = z.strictObject({
  reason: text(1024),
  evidenceHash: Sha256Hex.optional().describe('SHA-256 of the evidence, kept off chain'),
});

export const ArbitrationBody = z.strictObject({
  storeAmount: Amount.describe('Paid to the store, at most the amount; the rest returns to the buyer'),
  ruling: text(2048),
});

export const ListSettlementsQuery = z
  .strictObject({ by: ListBy, value: ListValue, ...Paging })
  .superRefine(valueFitsBy(SettlementStatus));
