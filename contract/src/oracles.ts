import { z } from 'zod';
import { AmountText, CurrencyCode, Id, pageOf, Paging, PartyId, PartyRef, text, Timestamp, TxId } from './primitives';

/**
 * Oracles (DOMAIN.md §7, the thesis's oracle module): feeds of off-chain facts that contracts consume.
 * A feed is registered by a consortium decision with its kind, the parties that may report, a quorum
 * of k of its n oracles and the age after which a report is stale. Oracles post observations into
 * rounds; the value a contract uses is the median of the round's fresh reports, and a transaction that
 * needs a value refuses (STALE_VALUE, NO_QUORUM) when fewer than k fresh reports are in.
 */

/** What a feed observes. */
export const FeedKind = {
  /** An exchange rate: units of `quote` for one unit of `base` (major units), scaled by 10^scale. */
  FX_RATE: 'FX_RATE',
  /** A meter's energy reading in Wh (scale 0): rounds are named by what is measured (a delivery window). */
  METER_READING: 'METER_READING',
  /** A shipment's status as a {@link LogisticsStatus} code: rounds are named by the settlement number. */
  LOGISTICS_STATUS: 'LOGISTICS_STATUS',
} as const;
/** A feed kind. */
export type FeedKind = (typeof FeedKind)[keyof typeof FeedKind];

/**
 * The codes a LOGISTICS_STATUS feed reports, ordered along a shipment's way: the median of k reports is
 * then always one of the reported codes, and DELIVERED only when at least half the fresh reports say so
 * or more (see docs/chaincode.md, "Oracles").
 */
export const LogisticsStatus = { IN_TRANSIT: '1', OUT_FOR_DELIVERY: '2', DELIVERED: '3' } as const;
/** A logistics status code. */
export type LogisticsStatus = (typeof LogisticsStatus)[keyof typeof LogisticsStatus];

/** The id of the consortium's logistics feed: `settlements:RecordDelivery` consumes its rounds. */
export const LOGISTICS_FEED_ID = 'logistics';

/** Most oracles one feed may have. */
export const MAX_FEED_ORACLES = 32;
/** Most digits after the point of a feed's scaled values. */
export const MAX_FEED_SCALE = 18;
/** The longest a report may stay fresh: 400 days. */
export const MAX_FEED_AGE_SECONDS = 400 * 24 * 3600;

/** A round id: chosen by the reporters (a time bucket, a settlement number, a window id). */
export const RoundId = text(128, {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
  expected: '1–128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
})
  .describe('Names what the round observes: a time bucket (`2026-11-30T19`), a settlement number, a window id')
  .meta({ example: '2026-11-30T19' });

/** The payload of a REGISTER_FEED proposal: the feed as the consortium decides it. */
export const FeedDefinition = z
  .strictObject({
    feedId: Id.describe('Unique on the ledger; `logistics` is the feed `settlements:RecordDelivery` consumes'),
    kind: z.enum(FeedKind),
    description: text(512),
    oracles: z
      .array(PartyRef)
      .min(1)
      .max(MAX_FEED_ORACLES)
      .describe('ACTIVE members with the `oracle` role, each once (the proposal stores their party ids)'),
    quorum: z
      .number()
      .int('a whole number')
      .min(1, 'at least 1')
      .max(MAX_FEED_ORACLES)
      .describe('k: fresh reports a round needs before its value may be used; at most the number of oracles'),
    maxAgeSeconds: z
      .number()
      .int('a whole number')
      .min(1, 'at least 1')
      .max(MAX_FEED_AGE_SECONDS)
      .describe('A report older than this (by transaction time) is stale and no longer counts'),
    scale: z
      .number()
      .int('a whole number')
      .min(0)
      .max(MAX_FEED_SCALE)
      .describe('Reported values are integers; the quantity is value / 10^scale (FX 1 USD = 7.1234 CNY: 71234, 4)'),
    base: CurrencyCode.optional().describe('FX_RATE only (required): the currency one unit of which is priced'),
    quote: CurrencyCode.optional().describe('FX_RATE only (required): the currency the price is in'),
  })
  .meta({ id: 'FeedDefinition' });
/** A validated feed definition. */
export type FeedDefinition = z.infer<typeof FeedDefinition>;

/** The payload of a REMOVE_ORACLE proposal: the oracle that misreported, and why. */
export const OracleRemoval = z
  .strictObject({
    feedId: Id,
    oracle: PartyRef.describe('One of the feed’s oracles (the proposal stores its party id)'),
    reason: text(1024),
  })
  .meta({ id: 'OracleRemoval' });
/** A validated oracle removal. */
export type OracleRemoval = z.infer<typeof OracleRemoval>;

/** The payload of an ADD_ORACLE proposal: a new oracle for a feed (one that replaces a removed one), and why. */
export const OracleAddition = OracleRemoval.extend({
  oracle: PartyRef.describe(
    'An ACTIVE member with the `oracle` role, not yet an oracle of the feed (the proposal stores its party id)',
  ),
}).meta({ id: 'OracleAddition' });
/** A validated oracle addition. */
export type OracleAddition = z.infer<typeof OracleAddition>;

/** A reported value: a non-negative integer as a decimal string (the feed's `scale` places the point). */
export const ObservedValue = AmountText.describe(
  'A non-negative integer as a decimal string, no float: the quantity times 10^scale of its feed',
).meta({ example: '71234' });

/** `oracles:ReportObservation`: one of a feed's oracles posts its observation for a round. */
export const ReportObservationInput = z.strictObject({
  feedId: Id,
  roundId: RoundId,
  value: ObservedValue,
});
/** `oracles:GetFeed`. */
export const FeedRefInput = z.strictObject({ feedId: Id });
/** `oracles:ListFeeds`. */
export const ListFeedsInput = z.strictObject({ ...Paging });
/** `oracles:GetRound`. */
export const RoundRefInput = z.strictObject({ feedId: Id, roundId: RoundId });
/** `oracles:ListRounds`: a feed's rounds, oldest first (the history). */
export const ListRoundsInput = z.strictObject({ feedId: Id, ...Paging });
/** `oracles:GetValue`: the value a contract would use now; the feed's latest quorate round when none is named. */
export const GetValueInput = z.strictObject({ feedId: Id, roundId: RoundId.optional() });

/** An oracle taken off a feed by a consortium decision. */
export const RemovedOracle = z.object({
  oracle: PartyId,
  proposalId: TxId,
  reason: z.string(),
  removedAt: Timestamp,
});

/** A feed. */
export const FeedRecord = z
  .object({
    feedId: z.string(),
    kind: z.enum(FeedKind),
    description: z.string(),
    oracles: z.array(PartyId).describe('Who may report now (n)'),
    quorum: z.number().int().describe('k'),
    maxAgeSeconds: z.number().int(),
    scale: z.number().int(),
    base: z.string().optional(),
    quote: z.string().optional(),
    proposalId: TxId.describe('The consortium decision that registered it'),
    registeredAt: Timestamp,
    updatedAt: Timestamp,
    latestRoundId: z
      .string()
      .optional()
      .describe(
        'The round that most recently reached k reports — to those who read the rounds: any member for an FX ' +
          "rate, otherwise the feed's oracles, auditors and org admins",
      ),
    removed: z.array(RemovedOracle).describe('Oracles removed by consortium decision; their reports no longer count'),
  })
  .meta({ id: 'Feed' });
/** A feed. */
export type FeedRecord = z.infer<typeof FeedRecord>;
export const FeedPage = pageOf(FeedRecord);

/** One oracle's report in a round. */
export const Report = z.object({
  oracle: PartyId,
  value: AmountText,
  reportedAt: Timestamp,
  txId: TxId,
});
/** One report. */
export type Report = z.infer<typeof Report>;

/** A round as stored: every report, in the order they came. */
export const RoundRecord = z.object({
  feedId: z.string(),
  roundId: z.string(),
  kind: z.enum(FeedKind),
  reports: z.array(Report).describe('One per oracle, oldest first; a removed oracle’s report stays but never counts'),
  openedAt: Timestamp,
  updatedAt: Timestamp,
  quorumReachedAt: Timestamp.optional().describe('When k reports of current oracles were first in'),
  valueAtQuorum: AmountText.optional().describe('The median when the quorum was first reached (history)'),
});
/** A round. */
export type RoundRecord = z.infer<typeof RoundRecord>;

/** Whether a round's value may be used at a given time. */
export const ValueStatus = {
  /** At least k fresh reports: `value` is their median. */
  FRESH: 'FRESH',
  /** At least k reports of current oracles, but fewer than k are fresh. */
  STALE: 'STALE',
  /** Fewer than k reports of current oracles. */
  NO_QUORUM: 'NO_QUORUM',
} as const;
/** A value status. */
export type ValueStatus = (typeof ValueStatus)[keyof typeof ValueStatus];

/** A round's value as of a transaction time. */
export const RoundValue = z.object({
  status: z.enum(ValueStatus),
  value: AmountText.optional().describe('FRESH only: the lower median of the fresh reports (one of them)'),
  scale: z.number().int(),
  freshReports: z.number().int(),
  currentReports: z.number().int().describe('Reports of oracles the feed still has, fresh or stale'),
  quorum: z.number().int(),
  asOf: Timestamp,
});
/** A round's value at a time. */
export type RoundValue = z.infer<typeof RoundValue>;

/** A round with its value as of the reading transaction's time. */
export const RoundView = RoundRecord.extend({ current: RoundValue }).meta({ id: 'Round' });
/** A round with its current value. */
export type RoundView = z.infer<typeof RoundView>;
export const RoundPage = pageOf(RoundView);

/** `oracles:GetValue`: a usable value, or refused with STALE_VALUE / NO_QUORUM. */
export const FeedValue = z
  .object({
    feedId: z.string(),
    roundId: z.string(),
    kind: z.enum(FeedKind),
    value: AmountText,
    scale: z.number().int(),
    base: z.string().optional(),
    quote: z.string().optional(),
    freshReports: z.number().int(),
    quorum: z.number().int(),
    asOf: Timestamp,
  })
  .meta({ id: 'FeedValue' });
/** A usable feed value. */
export type FeedValue = z.infer<typeof FeedValue>;
