import { z } from 'zod';
import {
  AmountText,
  CurrencyCode,
  Id,
  IsoTime,
  pageOf,
  Paging,
  PartyId,
  PartyRef,
  PositiveAmount,
  PositiveAmountText,
  RecordRef,
  Sha256Hex,
  text,
  Timestamp,
  TxId,
} from './primitives';

/**
 * Energy trading (DOMAIN.md §7, the IOP paper): the grid organisation (EnergyMSP's admin) registers
 * meters, each bound to a producer or a consumer and read through a METER_READING oracle feed. A
 * producer offers Wh for a delivery window at a price per kWh; consumers buy all or part and the price
 * is frozen in their wallets. After the window the meters' feeds report, for the round named by the
 * offer id, the Wh the producer delivered and each consumer received; the settlement pays for
 * min(bought, delivered, received) pro rata, unfreezes the rest, and records an under-delivery as a
 * credit record of the producer. Renewable energy settled to a consumer earns green certificates, one
 * per whole MWh, anchored as evidence, transferable, and retired once.
 *
 * Rounding is always in the payer's favour: a purchase freezes ⌈Wh × price / 1000⌉ (its most), the
 * settlement pays ⌊settledWh × price / 1000⌋, and pro-rata shares of Wh are rounded down.
 */

/** Wh in one kWh: prices are per kWh, quantities in Wh. */
export const WH_PER_KWH = 1000n;
/** Wh one green certificate unit stands for: 1 MWh. Fractions of a MWh earn none. */
export const WH_PER_CERTIFICATE = 1_000_000n;
/** How long after a window ends its meters may still report before the keeper settles it anyway. */
export const DEFAULT_READING_GRACE_SECONDS = 3600;
/** The longest reading grace an offer may name: seven days. */
export const MAX_READING_GRACE_SECONDS = 7 * 24 * 3600;
/** The longest delivery window: seven days. */
export const MAX_WINDOW_SECONDS = 7 * 24 * 3600;
/** Purchases one offer may have: its settlement pays them all in one transaction. */
export const MAX_PURCHASES_PER_OFFER = 100;
/** Evidence category of a settlement's green certificate batch. */
export const CERTIFICATE_EVIDENCE_CATEGORY = 'green-certificates';

/** Which end of a delivery a meter measures. */
export const MeterSide = { PRODUCER: 'PRODUCER', CONSUMER: 'CONSUMER' } as const;
/** A meter side. */
export type MeterSide = (typeof MeterSide)[keyof typeof MeterSide];

/** An energy offer's status: OPEN until its window is settled. */
export const EnergyOfferStatus = { OPEN: 'OPEN', SETTLED: 'SETTLED' } as const;
/** An energy offer status. */
export type EnergyOfferStatus = (typeof EnergyOfferStatus)[keyof typeof EnergyOfferStatus];

/** A purchase's status: its price FROZEN until the window is SETTLED. */
export const EnergyPurchaseStatus = { FROZEN: 'FROZEN', SETTLED: 'SETTLED' } as const;
/** An energy purchase status. */
export type EnergyPurchaseStatus = (typeof EnergyPurchaseStatus)[keyof typeof EnergyPurchaseStatus];

/** A green certificate's status: ACTIVE ones move; a RETIRED one was claimed and never moves again. */
export const CertificateStatus = { ACTIVE: 'ACTIVE', RETIRED: 'RETIRED' } as const;
/** A certificate status. */
export type CertificateStatus = (typeof CertificateStatus)[keyof typeof CertificateStatus];

/** How a meter's Wh for a window was known at settlement. */
export const ReadingSource = {
  /** The round's fresh quorate value (oracle.value). */
  METERED: 'METERED',
  /** No usable value by the offer's `settleBy`: counted as 0 Wh. */
  MISSING: 'MISSING',
} as const;
/** A reading source. */
export type ReadingSource = (typeof ReadingSource)[keyof typeof ReadingSource];

/** `energy:RegisterMeter`: the grid organisation binds a meter (its METER_READING feed) to a party. */
export const RegisterMeterInput = z.strictObject({
  meterId: Id.describe('Chosen by the grid organisation, unique on the ledger'),
  party: PartyRef.describe('An active member: an `energy_producer` for a PRODUCER meter, an `energy_consumer` else'),
  side: z.enum(MeterSide),
  feedId: Id.describe('A METER_READING feed no other meter reads; its rounds are named by offer id'),
});
/** `energy:GetMeter`. */
export const MeterRefInput = z.strictObject({ meterId: Id });
/** `energy:ListMeters`: a party's meters (default: the caller's). */
export const ListMetersInput = z.strictObject({
  party: PartyRef.optional().describe('Default: the caller; the grid organisation and auditors may name anyone'),
  ...Paging,
});

/** A registered meter. */
export const MeterRecord = z
  .object({
    meterId: z.string(),
    party: PartyId,
    side: z.enum(MeterSide),
    feedId: z.string(),
    registeredBy: PartyId,
    registeredAt: Timestamp,
  })
  .meta({ id: 'Meter' });
/** A meter. */
export type MeterRecord = z.infer<typeof MeterRecord>;
export const MeterPage = pageOf(MeterRecord);

/** `energy:OfferEnergy`: a producer offers Wh for a future delivery window from one of its meters. */
export const OfferEnergyInput = z.strictObject({
  meterId: Id.describe("The producer's own PRODUCER meter: its feed reports what was delivered"),
  accountId: Id.describe("The producer's own account the buyers' payments go to"),
  windowStart: IsoTime.describe('Delivery starts; purchases are accepted strictly before it'),
  windowEnd: IsoTime.describe(
    `Delivery ends; after it the window may be settled (at most ${MAX_WINDOW_SECONDS} s long)`,
  ),
  quantityWh: PositiveAmount.describe('Wh offered').meta({ example: '5000000' }),
  pricePerKwh: PositiveAmount.describe('Minor units of `currency` per kWh').meta({ example: '80' }),
  currency: CurrencyCode,
  renewable: z.boolean().describe('Renewable energy earns its buyers green certificates (one per whole MWh)'),
  readingGraceSeconds: z
    .number()
    .int('a whole number')
    .min(1, 'at least 1')
    .max(MAX_READING_GRACE_SECONDS, `at most ${MAX_READING_GRACE_SECONDS}`)
    .optional()
    .describe(
      `How long after the window the meters report it (default ${DEFAULT_READING_GRACE_SECONDS} s): only ` +
        'readings made from windowEnd to settleBy count; then the keeper settles and a meter without a quorate ' +
        'reading counts 0 Wh',
    ),
});
/** `energy:GetOffer`, `energy:SettleWindow`. */
export const EnergyOfferRefInput = z.strictObject({ offerId: RecordRef });
/** `energy:ListOffers`: offers by status (default OPEN), or one producer's. */
export const ListEnergyOffersInput = z.strictObject({
  producer: PartyRef.optional().describe("A producer's offers (by handle or party id)"),
  status: z.enum(EnergyOfferStatus).optional().describe('Default OPEN'),
  ...Paging,
});

/** What a window's settlement found and paid. */
export const WindowSettlement = z.object({
  deliveredWh: AmountText.describe("The producer's meter value for the window (0 when MISSING)"),
  delivered: z.enum(ReadingSource),
  boughtWh: AmountText.describe('Σ of the purchases'),
  settledWh: AmountText.describe('Σ of what each purchase paid for'),
  paidAmount: AmountText.describe('Σ paid to the producer'),
  underDeliveredWh: AmountText.describe('boughtWh − deliveredWh when positive: the credit record of the producer'),
  certificateUnits: AmountText.describe('Green certificate units (MWh) minted'),
  evidenceHash: Sha256Hex.optional().describe('The evidence record anchoring the certificate batch'),
  txId: TxId,
  at: Timestamp,
});

/** An energy offer: one producer's Wh for one delivery window. */
export const EnergyOfferRecord = z
  .object({
    offerId: TxId.describe('The id of the offering transaction; also the round id its meters report for'),
    producer: PartyId,
    meterId: z.string(),
    feedId: z.string(),
    accountId: z.string(),
    windowStart: Timestamp,
    windowEnd: Timestamp,
    settleBy: Timestamp.describe('windowEnd + reading grace: the keeper settles then at the latest'),
    quantityWh: PositiveAmountText,
    soldWh: AmountText,
    purchases: z.number().int().describe(`Purchases so far (at most ${MAX_PURCHASES_PER_OFFER})`),
    pricePerKwh: PositiveAmountText,
    currency: z.string(),
    renewable: z.boolean(),
    status: z.enum(EnergyOfferStatus),
    settlement: WindowSettlement.optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'EnergyOffer' });
/** An energy offer. */
export type EnergyOfferRecord = z.infer<typeof EnergyOfferRecord>;
export const EnergyOfferPage = pageOf(EnergyOfferRecord);

/** `energy:BuyEnergy`: a consumer buys Wh of an open offer; the price is frozen in its account. */
export const BuyEnergyInput = z.strictObject({
  offerId: RecordRef,
  meterId: Id.describe("The consumer's own CONSUMER meter: its feed reports what was received"),
  accountId: Id.describe("The consumer's own account in the offer's currency"),
  quantityWh: PositiveAmount.describe('At most what the offer has left').meta({ example: '2000000' }),
});
/** `energy:GetPurchase`. */
export const EnergyPurchaseRefInput = z.strictObject({ purchaseId: RecordRef });
/** `energy:ListPurchases`: a consumer's purchases (default: the caller's). */
export const ListEnergyPurchasesInput = z.strictObject({
  consumer: PartyRef.optional().describe('Default: the caller; auditors may name anyone'),
  ...Paging,
});

/** What the settlement did with one purchase. */
export const PurchaseSettlement = z.object({
  allocatedWh: AmountText.describe("The purchase's pro-rata share of what the producer delivered (rounded down)"),
  receivedWh: AmountText.describe("The consumer's meter value for the window (0 when MISSING)"),
  received: z.enum(ReadingSource),
  settledWh: AmountText.describe('What it pays for: min(bought, its share of delivered, its share of received)'),
  paidAmount: AmountText.describe('⌊settledWh × pricePerKwh / 1000⌋, to the producer'),
  refundedAmount: AmountText.describe('frozenAmount − paidAmount, unfrozen back to the consumer'),
  certificateId: z.string().optional().describe('The green certificate it earned, if any'),
});

/** A consumer's purchase of an offer. */
export const EnergyPurchaseRecord = z
  .object({
    purchaseId: TxId.describe('The id of the buying transaction'),
    offerId: z.string(),
    producer: PartyId,
    consumer: PartyId,
    meterId: z.string(),
    feedId: z.string(),
    accountId: z.string(),
    quantityWh: PositiveAmountText,
    pricePerKwh: PositiveAmountText,
    currency: z.string(),
    frozenAmount: PositiveAmountText.describe('⌈quantityWh × pricePerKwh / 1000⌉: the most it can cost'),
    status: z.enum(EnergyPurchaseStatus),
    settlement: PurchaseSettlement.optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'EnergyPurchase' });
/** An energy purchase. */
export type EnergyPurchaseRecord = z.infer<typeof EnergyPurchaseRecord>;
export const EnergyPurchasePage = pageOf(EnergyPurchaseRecord);

/** `energy:GetCertificate`. */
export const CertificateRefInput = z.strictObject({ certificateId: RecordRef });
/** `energy:ListCertificates`: an owner's certificates (default: the caller's). */
export const ListCertificatesInput = z.strictObject({
  owner: PartyRef.optional().describe('Default: the caller; auditors may name anyone'),
  ...Paging,
});
/** `energy:TransferCertificate`: the owner gives an ACTIVE certificate to another active member. */
export const TransferCertificateInput = z.strictObject({
  certificateId: RecordRef,
  to: PartyRef.describe('An active member other than the owner (its handle or party id)'),
});
/** `energy:RetireCertificate`: the owner claims the renewable energy, once; a retired certificate never moves. */
export const RetireCertificateInput = z.strictObject({
  certificateId: RecordRef,
  claim: text(256).describe('What the energy is claimed for (a report, a product, a period)'),
});

/** A green certificate: `units` MWh of renewable energy a purchase settled. */
export const GreenCertificateRecord = z
  .object({
    certificateId: z.string().describe('`<purchaseId>.gc`'),
    offerId: z.string(),
    purchaseId: z.string(),
    producer: PartyId,
    owner: PartyId,
    units: PositiveAmountText.describe('Whole MWh (1 unit = 1,000,000 Wh)'),
    windowStart: Timestamp,
    windowEnd: Timestamp,
    evidenceHash: Sha256Hex.describe("The evidence record of its settlement's certificate batch"),
    status: z.enum(CertificateStatus),
    retirement: z.object({ by: PartyId, claim: z.string(), txId: TxId, at: Timestamp }).optional(),
    issuedAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'GreenCertificate' });
/** A green certificate. */
export type GreenCertificateRecord = z.infer<typeof GreenCertificateRecord>;
export const GreenCertificatePage = pageOf(GreenCertificateRecord);
