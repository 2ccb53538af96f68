import { z } from 'zod';
import {
  AmountText,
  CurrencyCode,
  historyEntryOf,
  Id,
  ID_PATTERN,
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
import { TIME_LIMIT } from './settlements';

/**
 * Commodity rights as non-fungible tokens (DOMAIN.md §7, seed patent CN 39188050): a store's trading
 * space lists classes of commodity rights; each unit of a class is one token id bound to it when the
 * class is registered (the patent's "DA-Tie"); paying mints the token to the buyer in the same
 * transaction; the holder keeps it, gives it away, resells it from its own space (delivery versus
 * payment, a royalty to the store) or redeems it for the goods, which burns it.
 */

/** A token's status. A purchase creates it HELD; a confirmed redemption ends it BURNED. */
export const TokenStatus = {
  /** Owned, free to transfer, list or redeem. */
  HELD: 'HELD',
  /** Offered for resale in its holder's trading space. */
  LISTED: 'LISTED',
  /** Redemption requested: locked while the store fulfils. */
  REDEEMING: 'REDEEMING',
  /** The store shipped the goods or has them ready for pick-up; waiting for the holder's confirmation. */
  FULFILLED: 'FULFILLED',
  /** Redeemed for the goods: it never moves again. */
  BURNED: 'BURNED',
} as const;
/** A token status. */
export type TokenStatus = (typeof TokenStatus)[keyof typeof TokenStatus];

/** How a holder takes the goods of a redeemed right (patent claim 8: 商品获取方式). */
export const RedemptionMethod = { DELIVERY: 'DELIVERY', PICKUP: 'PICKUP' } as const;
/** A redemption method. */
export type RedemptionMethod = (typeof RedemptionMethod)[keyof typeof RedemptionMethod];

/** What a space offers: units of a store's class (primary sale) or a holder's token (resale). */
export const OfferKind = { PRIMARY: 'PRIMARY', RESALE: 'RESALE' } as const;
/** An offer kind. */
export type OfferKind = (typeof OfferKind)[keyof typeof OfferKind];

/** How a token changed hands. */
export const TransferKind = { GIFT: 'GIFT', RESALE: 'RESALE' } as const;
/** A transfer kind. */
export type TransferKind = (typeof TransferKind)[keyof typeof TransferKind];

/** Most units one class may have: a limited edition (it also bounds every scan of a class's units). */
export const MAX_SUPPLY = 10_000;
/** Digits of a token's serial: `<classId>.00001` … `<classId>.10000`. */
export const SERIAL_DIGITS = 5;
/** Basis points in one whole: a royalty of 250 bps is 2.5 %. */
export const BASIS_POINTS = 10_000;

/** A class id: chosen by the store, unique on the ledger, short enough that its token ids fit an id. */
export const ClassId = text(48, {
  pattern: ID_PATTERN,
  expected: '1–48 letters, digits, ".", "_" or "-", starting with a letter or digit',
}).describe('Chosen by the store, unique on the ledger; its tokens are `<classId>.00001` … up to the supply');

/** A token id: its class id, a dot, and its serial in {@link SERIAL_DIGITS} digits. */
export const TokenId = z
  .string()
  .regex(
    new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,47}\\.[0-9]{${SERIAL_DIGITS}}$`),
    `a token id: <classId>.<${SERIAL_DIGITS}-digit serial>`,
  )
  .describe('`<classId>.<serial>`: the unit of a class bound to this token when the class was registered')
  .meta({ example: 'longjing-2024.00001' });

/** A category of commodity rights, e.g. `tea`: a space's offers list by it (patent claim 2). */
export const RightCategory = text(64).describe('E.g. `tea`; a space lists its offers by category').meta({
  example: 'tea',
});

/** A production date, `YYYY-MM-DD`. */
const ProductionDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');

/** Production information of a commodity (patent claim 7: 生产信息). */
export const ProductionInfo = z.strictObject({
  producer: text(256),
  origin: text(256).optional(),
  batchNo: text(128).optional(),
  producedOn: ProductionDate.optional(),
  licenceNo: text(128).optional().describe('E.g. the production licence number printed on the goods'),
});

const reason = text(1024);

/** `rights:OpenSpace`: any member opens a trading space of its own, paid into `payoutAccountId`. */
export const OpenSpaceInput = z.strictObject({
  spaceId: Id.describe('Chosen by the caller, unique on the ledger'),
  name: text(128),
  description: text(1024).optional(),
  payoutAccountId: Id.describe("The caller's account into which sales in this space are paid"),
});
/** `rights:GetSpace`. */
export const SpaceRefInput = z.strictObject({ spaceId: Id });
/** `rights:ListOffers`: a space's offers, of one category or all. */
export const ListOffersInput = z.strictObject({ spaceId: Id, category: RightCategory.optional(), ...Paging });
/** `rights:ResolveEntry`: the space an entry token opens, and its first page of offers. */
export const ResolveEntryInput = z.strictObject({
  entryToken: TxId.describe("The space's entry token: what its link or QR code carries"),
  category: RightCategory.optional().describe('Only offers of this category (a category link, patent claim 2)'),
  ...Paging,
});
/** `rights:BindWallet`: the caller binds one of its accounts to a space before paying in it. */
export const BindWalletInput = z.strictObject({
  spaceId: Id,
  accountId: Id.describe('Owned by the caller'),
});

/** `rights:RegisterRightClass`: a store lists a class of commodity rights in its own space. */
export const RegisterRightClassInput = z
  .strictObject({
    classId: ClassId,
    spaceId: Id.describe("The store's own trading space"),
    category: RightCategory,
    sku: text(64).describe('The commodity number (patent claim 7: 商品编号)'),
    name: text(256),
    specification: text(512).describe('The commodity specification (商品规格)'),
    production: ProductionInfo,
    price: PositiveAmount.describe('Price of one unit, in minor units of `currency`'),
    currency: CurrencyCode,
    supply: z
      .number()
      .int('a whole number')
      .min(1, 'at least 1')
      .max(MAX_SUPPLY, `at most ${MAX_SUPPLY}`)
      .describe(`How many units (tokens) the class has, 1–${MAX_SUPPLY}`),
    redeemable: z
      .array(z.enum(RedemptionMethod))
      .min(1)
      .max(2)
      .describe('How a holder may take the goods: DELIVERY, PICKUP or both'),
    royaltyBps: z
      .number()
      .int('a whole number')
      .min(0, 'at least 0')
      .max(BASIS_POINTS, `at most ${BASIS_POINTS}`)
      .optional()
      .describe('The store’s share of every resale price, in basis points (250 = 2.5 %); 0 when absent'),
    description: text(1024).optional(),
  })
  .superRefine((input, ctx) => {
    if (new Set(input.redeemable).size !== input.redeemable.length) {
      ctx.addIssue({ code: 'custom', path: ['redeemable'], message: 'each method at most once' });
    }
  });
/** `rights:GetRightClass`. */
export const ClassRefInput = z.strictObject({ classId: RecordRef });
/** `rights:ListClassTokens`: a class's tokens, of one status or all (its store, auditors). */
export const ListClassTokensInput = z.strictObject({
  classId: RecordRef,
  status: z.enum(TokenStatus).optional(),
  ...Paging,
});

/** `rights:PurchaseRight`: pay for one unit of a class from a bound account; its token is minted to the caller. */
export const PurchaseRightInput = z.strictObject({
  classId: RecordRef,
  accountId: Id.describe("The caller's account, bound to the class's space: it pays the price"),
});
/** `GetToken`, `OwnerOf`, `GetProvenance`, `CancelResale`, `WithdrawRedemption`, `ExpireRedemption`. */
export const TokenRefInput = z.strictObject({ tokenId: RecordRef });
/** `rights:TransferRight`: the holder gives the token to another member (no payment). */
export const TransferRightInput = z.strictObject({
  tokenId: RecordRef,
  to: PartyRef.describe('An active member other than the holder (its handle or party id)'),
  memo: text(256).optional(),
});
/** `rights:ListForResale`: the holder offers the token in its own trading space. */
export const ListForResaleInput = z.strictObject({
  tokenId: RecordRef,
  spaceId: Id.describe("The holder's own trading space; the buyer's payment goes to its payout account"),
  price: PositiveAmount.describe("In the class's currency"),
});
/** `rights:BuyResale`: pay a listed token from a bound account; it moves to the caller (delivery versus payment). */
export const BuyResaleInput = z.strictObject({
  tokenId: RecordRef,
  accountId: Id.describe("The caller's account, bound to the listing's space: it pays the price"),
});
/** The fields of a redemption request besides the token. */
export const RedemptionRequestFields = {
  method: z.enum(RedemptionMethod).describe("One of the class's redeemable methods"),
  addressHash: Sha256Hex.optional().describe(
    'DELIVERY: SHA-256 of the delivery address the holder gave the store off chain (the address never goes on chain)',
  ),
};
/** A delivery names the hash of its address; a pick-up names none. */
export function checkRedemptionRequest(
  input: { readonly method: RedemptionMethod; readonly addressHash?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (input.method === RedemptionMethod.DELIVERY && input.addressHash === undefined) {
    ctx.addIssue({ code: 'custom', path: ['addressHash'], message: 'required for DELIVERY' });
  }
  if (input.method === RedemptionMethod.PICKUP && input.addressHash !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['addressHash'], message: 'only for DELIVERY' });
  }
}
/** `rights:RequestRedemption`: the holder asks the store for the goods; the token is locked. */
export const RequestRightRedemptionInput = z
  .strictObject({ tokenId: RecordRef, ...RedemptionRequestFields })
  .superRefine(checkRedemptionRequest);
/** `rights:RefuseRedemption`: the store refuses, with a reason; the token is unlocked. */
export const RefuseRedemptionInput = z.strictObject({ tokenId: RecordRef, reason });
/** `rights:FulfilRedemption`: the store shipped the goods, or has them ready for pick-up. */
export const FulfilRedemptionInput = z.strictObject({
  tokenId: RecordRef,
  carrier: text(128).optional().describe('DELIVERY: required'),
  trackingNo: text(128).optional().describe('DELIVERY: required'),
  confirmWithinSeconds: z
    .number()
    .int()
    .min(TIME_LIMIT.MIN_SECONDS)
    .max(TIME_LIMIT.MAX_SECONDS)
    .optional()
    .describe(
      'If the holder has not confirmed this long after fulfilment, anyone may burn the token (ExpireRedemption): ' +
        'one minute to 90 days (default 10 days)',
    ),
});
/** `rights:ConfirmRedemption`: the holder (or a logistics oracle) confirms the goods arrived; the token is burned. */
export const ConfirmRedemptionInput = z.strictObject({
  tokenId: RecordRef,
  proofHash: Sha256Hex.optional().describe('SHA-256 of a delivery proof (a logistics oracle)'),
});
/** `rights:BalanceOf`: how many live tokens a party holds (default: the caller). */
export const BalanceOfInput = z.strictObject({
  owner: PartyRef.optional().describe(
    "Whose tokens, a handle or party id (default: the caller's; auditors may name anyone)",
  ),
});
/** `rights:ListTokens`: a party's live tokens (default: the caller's). */
export const ListTokensInput = z.strictObject({ ...BalanceOfInput.shape, ...Paging });

/**
 * A trading space (交易空间): where its owner offers commodity rights — a store its classes, a holder
 * the tokens it resells. Its catalogue is public to consortium members; `entryToken` is what the
 * space's link or QR code carries (patent claim 2).
 */
export const SpaceRecord = z
  .object({
    spaceId: Id,
    owner: PartyId,
    name: z.string(),
    description: z.string().optional(),
    payoutAccountId: Id.describe("The owner's account into which sales in this space are paid"),
    entryToken: TxId.describe('The id of the transaction that opened it: resolves to the space (ResolveEntry)'),
    openedAt: Timestamp,
  })
  .meta({ id: 'TradingSpace' });
/** A trading space. */
export type SpaceRecord = z.infer<typeof SpaceRecord>;

/** A wallet bound to a space: its owner pays in that space from it (patent claim 1). */
export const WalletBinding = z
  .object({ spaceId: Id, holder: PartyId, accountId: Id, boundAt: Timestamp })
  .meta({ id: 'WalletBinding' });
/** A wallet binding. */
export type WalletBinding = z.infer<typeof WalletBinding>;

/** Production information as stored. */
export const ProductionRecord = z.object({
  producer: z.string(),
  origin: z.string().optional(),
  batchNo: z.string().optional(),
  producedOn: z.string().optional(),
  licenceNo: z.string().optional(),
});

/** A class of commodity rights (patent claims 6–7): its units are bound one-to-one to token ids. */
export const RightClassRecord = z
  .object({
    classId: ClassId,
    spaceId: Id,
    store: PartyId,
    category: z.string(),
    sku: z.string(),
    name: z.string(),
    specification: z.string(),
    production: ProductionRecord,
    price: PositiveAmountText,
    currency: CurrencyCode,
    supply: z.number().int(),
    redeemable: z.array(z.enum(RedemptionMethod)),
    royaltyBps: z.number().int().describe('The store’s share of every resale price, in basis points'),
    description: z.string().optional(),
    tokenIds: z
      .object({ first: TokenId, last: TokenId })
      .describe('The token bound to each unit (DA-Tie): `first` … `last`, one per unit'),
    txId: TxId.describe('The transaction that registered it'),
    registeredAt: Timestamp,
  })
  .meta({ id: 'RightClass' });
/** A class of commodity rights. */
export type RightClassRecord = z.infer<typeof RightClassRecord>;

/** Tokens of a class by state: minted = burned + outstanding; available = supply − minted. */
export const SupplyCounts = z
  .object({
    minted: z.number().int().describe('Units sold: their tokens exist'),
    burned: z.number().int().describe('Tokens redeemed for the goods'),
    outstanding: z.number().int().describe('minted − burned: tokens someone holds'),
    available: z.number().int().describe('supply − minted: units still for sale'),
  })
  .meta({ id: 'RightSupply' });
/** Supply counts of a class. */
export type SupplyCounts = z.infer<typeof SupplyCounts>;

/** A class with its supply counts. */
export const RightClassView = RightClassRecord.extend({ counts: SupplyCounts }).meta({ id: 'RightClassWithSupply' });
/** A class with its supply counts. */
export type RightClassView = z.infer<typeof RightClassView>;

/** A token's resale offer. */
export const ResaleListing = z.object({
  spaceId: Id,
  price: PositiveAmountText,
  currency: CurrencyCode,
  listedAt: Timestamp,
});
/** A resale offer. */
export type ResaleListing = z.infer<typeof ResaleListing>;

/** The store's fulfilment of a redemption. */
export const Fulfilment = z.object({
  carrier: z.string().optional(),
  trackingNo: z.string().optional(),
  fulfilledAt: Timestamp,
  confirmDeadline: Timestamp.describe('From then on anyone may burn the token (ExpireRedemption)'),
});

/** A redemption in progress (or the one that burned the token). */
export const Redemption = z.object({
  method: z.enum(RedemptionMethod),
  addressHash: Sha256Hex.optional(),
  requestedAt: Timestamp,
  fulfilment: Fulfilment.optional(),
});
/** A redemption. */
export type Redemption = z.infer<typeof Redemption>;

/** How a token was burned. */
export const Burn = z.object({
  burnedAt: Timestamp,
  txId: TxId,
  by: PartyId.optional().describe('Who confirmed: the holder or a logistics oracle; absent when it expired'),
  proofHash: Sha256Hex.optional(),
});

/** One token: one unit of a class, with its current owner and state. */
export const TokenRecord = z
  .object({
    tokenId: TokenId,
    classId: ClassId,
    serial: z.number().int(),
    spaceId: Id.describe("The class's space (the store's)"),
    store: PartyId.describe('The store that registered the class: it redeems the token'),
    category: z.string().describe("The class's category"),
    owner: PartyId.describe('The holder; for a burned token, the holder that redeemed it'),
    status: z.enum(TokenStatus),
    mintedAt: Timestamp,
    mintTxId: TxId.describe('The purchase that paid for it and minted it'),
    listing: ResaleListing.optional(),
    redemption: Redemption.optional(),
    lastRefusal: z.object({ reason: z.string(), at: Timestamp }).optional(),
    burn: Burn.optional(),
    updatedAt: Timestamp,
  })
  .meta({ id: 'RightToken' });
/** A token. */
export type TokenRecord = z.infer<typeof TokenRecord>;

/** OwnerOf (ERC-721 `ownerOf`): a live token's owner; a burned token has none. */
export const TokenOwner = z
  .object({ tokenId: TokenId, owner: PartyId.optional(), status: z.enum(TokenStatus) })
  .meta({ id: 'TokenOwner' });
/** A token's owner. */
export type TokenOwner = z.infer<typeof TokenOwner>;

/**
 * ExpireRedemption's answer: the burned token to its readers (its holders, its store, auditors); to anyone
 * else — the keeper too — only its id and status, since who held it and its redemption are not theirs.
 */
export const ExpiredToken = z.union([TokenRecord, TokenOwner]).meta({ id: 'ExpiredRightToken' });
/** What ExpireRedemption answers. */
export type ExpiredToken = z.infer<typeof ExpiredToken>;

/** BalanceOf (ERC-721 `balanceOf`): how many live tokens a party holds. */
export const TokenBalance = z.object({ owner: PartyId, balance: z.number().int() }).meta({ id: 'TokenBalance' });
/** A party's token balance. */
export type TokenBalance = z.infer<typeof TokenBalance>;

/** One offer of a space: a class's units at its price, or a token listed for resale. */
export const Offer = z
  .object({
    kind: z.enum(OfferKind),
    spaceId: Id,
    seller: PartyId.describe("The space's owner"),
    classId: ClassId,
    tokenId: TokenId.optional().describe('RESALE: the token offered'),
    category: z.string(),
    sku: z.string(),
    name: z.string(),
    specification: z.string(),
    price: PositiveAmountText,
    currency: CurrencyCode,
    redeemable: z.array(z.enum(RedemptionMethod)),
  })
  .meta({ id: 'RightOffer' });
/** An offer. */
export type Offer = z.infer<typeof Offer>;

/** What an entry token opens: the space and a page of its offers. */
export const SpaceEntry = z.object({ space: SpaceRecord, offers: pageOf(Offer) }).meta({ id: 'TradingSpaceEntry' });
/** What ResolveEntry answers. */
export type SpaceEntry = z.infer<typeof SpaceEntry>;

/** A payment made with a transfer of rights: who paid whom, in this transaction. */
export const RightPayment = z.object({
  txId: TxId,
  currency: CurrencyCode,
  amount: PositiveAmountText.describe('What the buyer paid'),
  fromAccountId: Id,
  toAccountId: Id.describe('The seller’s payout account'),
  proceeds: AmountText.optional().describe('RESALE: what the seller received, amount − royalty'),
  royalty: AmountText.optional().describe('RESALE: ⌊amount × royaltyBps / 10000⌋, paid to the store'),
  royaltyAccountId: Id.optional().describe("RESALE: the store's payout account"),
});
/** A payment for a right. */
export type RightPayment = z.infer<typeof RightPayment>;

/** What PurchaseRight and BuyResale answer: the token as it now stands and the payment. */
export const RightSale = z.object({ token: TokenRecord, payment: RightPayment }).meta({ id: 'RightSale' });
/** A sale of a right. */
export type RightSale = z.infer<typeof RightSale>;

export const TokenPage = pageOf(TokenRecord);
export const OfferPage = pageOf(Offer);
export const TokenProvenance = z.array(historyEntryOf(TokenRecord));
