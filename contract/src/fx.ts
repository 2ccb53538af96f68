import { z } from 'zod';
import {
  AmountText,
  CurrencyCode,
  Id,
  pageOf,
  Paging,
  PartyId,
  PositiveAmount,
  PositiveAmountText,
  RecordRef,
  Timestamp,
  TxId,
} from './primitives';

/**
 * Cross-currency payment (DOMAIN.md §7, IOP paper §6, patent step S103): a payer in currency A pays a
 * payee in currency B through a liquidity provider — a bank's account that holds both — at the rate of
 * an FX feed. The payer asks for a quote (the rate, the amount in A, an expiry), then pays it before the
 * expiry with a maximum slippage: the payment converts at the rate of its own transaction time, and is
 * refused when that costs more than the quote plus the slippage. A settlement request may be funded this
 * way from another currency (`exchange` of `settlements:RequestSettlement`).
 */

/** A liquidity provider's status: a PAUSED provider quotes and pays nothing (it refuses). */
export const ProviderStatus = { ACTIVE: 'ACTIVE', PAUSED: 'PAUSED' } as const;
/** A provider status. */
export type ProviderStatus = (typeof ProviderStatus)[keyof typeof ProviderStatus];

/** A quote's status. A quote past its `expiresAt` can no longer be paid, whatever its status says. */
export const QuoteStatus = { QUOTED: 'QUOTED', PAID: 'PAID', CANCELLED: 'CANCELLED' } as const;
/** A quote status. */
export type QuoteStatus = (typeof QuoteStatus)[keyof typeof QuoteStatus];

/** The most a provider's spread may be: 10 %. */
export const MAX_SPREAD_BPS = 1_000;
/** How long a quote lasts when the input names no time: one minute. */
export const DEFAULT_QUOTE_SECONDS = 60;
/** The longest a quote may last: ten minutes. */
export const MAX_QUOTE_SECONDS = 600;

const bps = (max: number): z.ZodNumber =>
  z.number().int('a whole number').min(0, 'at least 0').max(max, `at most ${max}`);

/** `fx:RegisterProvider`: a bank offers conversion between an FX feed's two currencies from one account. */
export const RegisterProviderInput = z.strictObject({
  providerId: Id.describe('Chosen by the bank, unique on the ledger'),
  accountId: Id.describe("The caller's account holding both currencies: it receives A and pays B"),
  feedId: Id.describe('An FX_RATE feed: its base and quote are the two currencies the provider converts between'),
  spreadBps: bps(MAX_SPREAD_BPS).describe('What the provider adds to the feed rate, in basis points (25 = 0.25 %)'),
});
/** `fx:SetProviderStatus`: the provider pauses (refuses every quote and payment) or resumes. */
export const SetProviderStatusInput = z.strictObject({ providerId: Id, status: z.enum(ProviderStatus) });
/** `fx:GetProvider`. */
export const ProviderRefInput = z.strictObject({ providerId: Id });
/** `fx:ListProviders`. */
export const ListProvidersInput = z.strictObject({ ...Paging });

/** A liquidity provider. */
export const ProviderRecord = z
  .object({
    providerId: z.string(),
    owner: PartyId.describe('The bank'),
    accountId: z.string(),
    feedId: z.string(),
    currencies: z.array(z.string()).describe("The feed's base and quote"),
    spreadBps: z.number().int(),
    status: z.enum(ProviderStatus),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'LiquidityProvider' });
/** A liquidity provider. */
export type ProviderRecord = z.infer<typeof ProviderRecord>;
export const ProviderPage = pageOf(ProviderRecord);

/** `fx:RequestQuote`: the payer asks what paying `receiveAmount` in B to an account costs in A. */
export const RequestQuoteInput = z.strictObject({
  providerId: Id,
  fromAccountId: Id.describe("The payer's own account, debited in `payCurrency`"),
  toAccountId: Id.describe("The payee's account, credited in `receiveCurrency` (the payer's own for an escrow)"),
  payCurrency: CurrencyCode.describe('A: what the payer pays in'),
  receiveCurrency: CurrencyCode.describe('B: what the payee receives'),
  receiveAmount: PositiveAmount.describe('In minor units of B'),
  validSeconds: z
    .number()
    .int('a whole number')
    .min(1, 'at least 1')
    .max(MAX_QUOTE_SECONDS, `at most ${MAX_QUOTE_SECONDS}`)
    .optional()
    .describe(`How long the quote lasts, 1–${MAX_QUOTE_SECONDS} s (default ${DEFAULT_QUOTE_SECONDS})`),
});
/** `fx:GetQuote`, `fx:CancelQuote`. */
export const QuoteRefInput = z.strictObject({ quoteId: RecordRef });
/** The slippage a payer accepts over its quote. */
export const MaxSlippageBps = bps(10_000).describe(
  'How much more than the quoted `payAmount` the payer accepts if the rate moved, in basis points (50 = 0.5 %)',
);
/** `fx:PayQuote`: the payer pays a quote before it expires. */
export const PayQuoteInput = z.strictObject({ quoteId: RecordRef, maxSlippageBps: MaxSlippageBps });

/** The feed value a conversion used. */
export const AppliedRate = z.object({
  feedId: z.string(),
  roundId: z.string(),
  value: AmountText.describe('The feed value: units of the quote currency per unit of the base, × 10^scale'),
  scale: z.number().int(),
  base: z.string(),
  quote: z.string(),
});
/** A feed value a conversion used. */
export type AppliedRate = z.infer<typeof AppliedRate>;

/** A quote, and once paid what the payment converted at. */
export const QuoteRecord = z
  .object({
    quoteId: TxId.describe('The id of the transaction that quoted'),
    payer: PartyId,
    payee: PartyId,
    providerId: z.string(),
    provider: PartyId,
    fromAccountId: z.string(),
    toAccountId: z.string(),
    payCurrency: z.string(),
    receiveCurrency: z.string(),
    receiveAmount: PositiveAmountText,
    payAmount: PositiveAmountText.describe('In A at the quoted rate with the spread, rounded up'),
    rate: AppliedRate,
    spreadBps: z.number().int(),
    quotedAt: Timestamp,
    expiresAt: Timestamp,
    status: z.enum(QuoteStatus),
    paid: z
      .object({
        payAmount: PositiveAmountText.describe('What the payer paid in A, at the rate of the paying transaction'),
        rate: AppliedRate,
        maxSlippageBps: z.number().int(),
        txId: TxId,
        at: Timestamp,
        settlementNo: TxId.optional().describe('The escrow this conversion funded (patent step S103)'),
      })
      .optional(),
    updatedAt: Timestamp,
  })
  .meta({ id: 'Quote' });
/** A quote. */
export type QuoteRecord = z.infer<typeof QuoteRecord>;

/** `exchange` of `settlements:RequestSettlement`: fund the escrow by paying this quote now (S103). */
export const SettlementExchange = z
  .strictObject({
    quoteId: RecordRef.describe(
      "The buyer's own quote into `buyerAccountId`, in the order's currency: its `receiveAmount` goes into escrow",
    ),
    maxSlippageBps: MaxSlippageBps,
  })
  .meta({ id: 'SettlementExchange' });
