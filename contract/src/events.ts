import { z } from 'zod';
import { ProposalRecord } from './consortium';
import { CreditRecord } from './credit';
import { CreditLineRecord, ReceiptRecord, ReceivableRecord, Pledge } from './finance';
import { RoleSchema } from './organizations';
import { AmountText, HandleRef, PartyId, Sha256Hex, Timestamp, TxId } from './primitives';
import { Logistics, OrderStatus, SettlementStatus } from './settlements';
import { AccountRecord, RedemptionStatus } from './wallets';
import {
  Fulfilment,
  RedemptionMethod,
  ResaleListing,
  RightClassRecord,
  SpaceRecord,
  TokenId,
  TokenStatus,
  TransferKind,
  WalletBinding,
} from './rights';
import { MemberStatus } from './members';
import { FeedKind } from './oracles';
import { ProviderRecord, QuoteRecord } from './fx';
import { EnergyOfferRecord, EnergyPurchaseRecord, GreenCertificateRecord, MeterRecord } from './energy';

/**
 * Every chaincode event name, one catalogue for all modules (the gateway streams them by name).
 * A transaction emits exactly one event.
 */
export const EventName = {
  MEMBER_REGISTERED: 'MemberRegistered',
  MEMBER_SUSPENDED: 'MemberSuspended',
  MEMBER_REINSTATED: 'MemberReinstated',
  MEMBER_ROLES_CHANGED: 'MemberRolesChanged',

  PROPOSAL_CREATED: 'ProposalCreated',
  PROPOSAL_APPROVED: 'ProposalApproved',
  PROPOSAL_WITHDRAWN: 'ProposalWithdrawn',
  PROPOSAL_EXECUTED: 'ProposalExecuted',

  ACCOUNT_OPENED: 'AccountOpened',
  ISSUED: 'Issued',
  TRANSFERRED: 'Transferred',
  REDEMPTION_REQUESTED: 'RedemptionRequested',
  REDEMPTION_EXECUTED: 'RedemptionExecuted',
  REDEMPTION_REJECTED: 'RedemptionRejected',
  REDEMPTION_CANCELLED: 'RedemptionCancelled',
  ACCOUNT_COMPACTED: 'AccountCompacted',

  SETTLEMENT_REQUESTED: 'SettlementRequested',
  SETTLEMENT_UPDATED: 'SettlementUpdated',
  PAYMENT_ACKNOWLEDGED: 'PaymentAcknowledged',
  ORDER_SHIPPED: 'OrderShipped',
  ORDER_DELIVERED: 'OrderDelivered',
  SETTLEMENT_CONFIRMED: 'SettlementConfirmed',
  SETTLEMENT_EXPIRED: 'SettlementExpired',
  SETTLEMENT_CANCELLED: 'SettlementCancelled',
  SETTLEMENT_DISPUTED: 'SettlementDisputed',
  SETTLEMENT_ARBITRATED: 'SettlementArbitrated',

  EVIDENCE_REGISTERED: 'EvidenceRegistered',
  EVIDENCE_BATCH_ANCHORED: 'EvidenceBatchAnchored',

  CREDIT_RECORD_ADDED: 'CreditRecordAdded',

  RECEIVABLE_ISSUED: 'ReceivableIssued',
  RECEIVABLE_ACCEPTED: 'ReceivableAccepted',
  RECEIVABLE_REJECTED: 'ReceivableRejected',
  RECEIVABLE_TRANSFERRED: 'ReceivableTransferred',
  RECEIVABLE_SPLIT: 'ReceivableSplit',
  FINANCING_REQUESTED: 'FinancingRequested',
  FINANCING_CANCELLED: 'FinancingCancelled',
  RECEIVABLE_FINANCED: 'ReceivableFinanced',
  RECEIVABLE_REPAID: 'ReceivableRepaid',
  RECEIVABLE_OVERDUE: 'ReceivableOverdue',

  RECEIPT_ISSUED: 'ReceiptIssued',
  PLEDGE_REQUESTED: 'PledgeRequested',
  PLEDGE_CANCELLED: 'PledgeCancelled',
  RECEIPT_PLEDGED: 'ReceiptPledged',
  RECEIPT_RELEASED: 'ReceiptReleased',
  RECEIPT_CLOSED: 'ReceiptClosed',

  CREDIT_LINE_GRANTED: 'CreditLineGranted',
  CREDIT_LINE_DRAWN: 'CreditLineDrawn',
  CREDIT_LINE_REPAID: 'CreditLineRepaid',
  CREDIT_LINE_CLOSED: 'CreditLineClosed',

  SPACE_OPENED: 'SpaceOpened',
  WALLET_BOUND: 'WalletBound',
  RIGHT_CLASS_REGISTERED: 'RightClassRegistered',
  RIGHT_MINTED: 'RightMinted',
  RIGHT_TRANSFERRED: 'RightTransferred',
  RESALE_LISTED: 'ResaleListed',
  RESALE_CANCELLED: 'ResaleCancelled',
  RIGHT_REDEMPTION_REQUESTED: 'RightRedemptionRequested',
  RIGHT_REDEMPTION_WITHDRAWN: 'RightRedemptionWithdrawn',
  RIGHT_REDEMPTION_REFUSED: 'RightRedemptionRefused',
  RIGHT_REDEMPTION_FULFILLED: 'RightRedemptionFulfilled',
  RIGHT_BURNED: 'RightBurned',

  OBSERVATION_REPORTED: 'ObservationReported',

  PROVIDER_REGISTERED: 'ProviderRegistered',
  PROVIDER_STATUS_CHANGED: 'ProviderStatusChanged',
  QUOTE_REQUESTED: 'QuoteRequested',
  QUOTE_PAID: 'QuotePaid',
  QUOTE_CANCELLED: 'QuoteCancelled',

  METER_REGISTERED: 'MeterRegistered',
  ENERGY_OFFERED: 'EnergyOffered',
  ENERGY_BOUGHT: 'EnergyBought',
  ENERGY_WINDOW_SETTLED: 'EnergyWindowSettled',
  CERTIFICATE_TRANSFERRED: 'CertificateTransferred',
  CERTIFICATE_RETIRED: 'CertificateRetired',
} as const;

/** A chaincode event name. */
export type EventName = (typeof EventName)[keyof typeof EventName];

/**
 * Who may read an event's payload. Events sit in blocks that every organisation's peers hold, so a
 * payload carries only what its record's public state already holds — ids, states and the amounts of
 * the transaction itself, never a balance — and clients (the REST gateway) show it only to this
 * audience and to auditors; anyone else sees the event's name and position, nothing more.
 */
export const Audience = z.object({
  /** The record's parties. */
  parties: z.array(z.string()).readonly(),
  /** Members holding any of these roles (e.g. arbitrators for a dispute, banks for credit records). */
  roles: z.array(RoleSchema).readonly().optional(),
  /** The administrators of these organisations (member registry events). */
  orgAdmins: z.array(z.string()).readonly().optional(),
  /** Every member and org admin of the consortium (consortium decisions). */
  consortium: z.boolean().optional(),
});
/** Who may read an event's payload. */
export type Audience = Readonly<z.infer<typeof Audience>>;

const withAudience = <S extends z.ZodRawShape>(shape: S): z.ZodObject<S & { audience: typeof Audience }> =>
  z.object({ ...shape, audience: Audience });

const member = {
  party: PartyId,
  handle: HandleRef,
  mspId: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  status: z.enum(MemberStatus),
};
const MemberEvent = withAudience(member);
const ProposalEvent = ProposalRecord.extend({ audience: Audience, reason: z.string().optional() });
const redemption = {
  redemptionId: TxId,
  accountId: z.string(),
  owner: PartyId,
  currency: z.string(),
  amount: AmountText,
  status: z.enum(RedemptionStatus),
  reason: z.string().optional(),
};
const order = {
  storeOrderNo: z.string(),
  settlementNo: TxId,
  buyer: PartyId,
  store: PartyId,
  currency: z.string(),
  amount: AmountText,
  orderStatus: z.enum(OrderStatus),
  logistics: Logistics.optional(),
  releaseDeadline: Timestamp.optional(),
  deliveredAt: Timestamp.optional(),
};
const OrderEvent = withAudience(order);
const SettlementEvent = withAudience({
  ...order,
  status: z.enum(SettlementStatus),
  frozenAmount: AmountText,
  paidAmount: AmountText,
  refundedAmount: AmountText,
  paymentTxId: TxId.optional(),
  topUp: z.object({ fromAccountId: z.string(), amount: AmountText }).optional(),
  creditDraw: z.object({ creditLineId: z.string(), amount: AmountText }).optional(),
  exchange: z.object({ quoteId: TxId, payCurrency: z.string(), payAmount: AmountText, amount: AmountText }).optional(),
  previousAmount: AmountText.optional(),
  reason: z.string().optional(),
  evidenceHash: Sha256Hex.optional(),
  storeAmount: AmountText.optional(),
  buyerAmount: AmountText.optional(),
  arbitrator: PartyId.optional(),
});
const ReceivableEvent = ReceivableRecord.extend({
  audience: Audience,
  previousHolder: PartyId.optional(),
  cancelled: ReceivableRecord.shape.financing,
  reason: z.string().optional(),
});
const ReceiptEvent = ReceiptRecord.extend({
  audience: Audience,
  cancelled: Pledge.optional(),
  reason: z.string().optional(),
  repaid: Pledge.extend({ repaidAt: Timestamp, txId: TxId }).optional(),
});
const CreditLineTermsEvent = CreditLineRecord.omit({ drawn: true }).extend({ audience: Audience });
const CreditLineMoveEvent = withAudience({
  lineId: z.string(),
  currency: z.string(),
  accountId: z.string(),
  amount: AmountText,
  txId: TxId,
});

/**
 * A token's change, in ERC-721's terms where they fit: `from` and `to` as in `Transfer(from, to, tokenId)`
 * (no `from` on a mint, no `to` on a burn), with what this transaction paid — never a balance.
 */
const RightTokenEvent = withAudience({
  tokenId: TokenId,
  classId: z.string(),
  spaceId: z.string(),
  store: PartyId,
  status: z.enum(TokenStatus),
  txId: TxId,
  from: PartyId.optional(),
  to: PartyId.optional(),
  kind: z.enum(TransferKind).optional(),
  price: AmountText.optional(),
  currency: z.string().optional(),
  royalty: AmountText.optional(),
  fromAccountId: z.string().optional(),
  toAccountId: z.string().optional(),
  memo: z.string().optional(),
  listing: ResaleListing.optional(),
  method: z.enum(RedemptionMethod).optional(),
  addressHash: Sha256Hex.optional(),
  fulfilment: Fulfilment.optional(),
  reason: z.string().optional(),
  by: PartyId.optional(),
  proofHash: Sha256Hex.optional(),
});

/** Every event's payload schema: the changed record's public facts and its {@link Audience}. */
export const EVENT_PAYLOADS = {
  MemberRegistered: MemberEvent,
  MemberSuspended: MemberEvent.extend({ reason: z.string() }),
  MemberReinstated: MemberEvent.extend({ reason: z.string() }),
  MemberRolesChanged: MemberEvent.extend({ previousRoles: z.array(RoleSchema), reason: z.string() }),
  ProposalCreated: ProposalEvent,
  ProposalApproved: ProposalEvent,
  ProposalWithdrawn: ProposalEvent,
  ProposalExecuted: ProposalEvent,
  AccountOpened: AccountRecord.extend({ audience: Audience }),
  Issued: withAudience({
    txId: TxId,
    currency: z.string(),
    amount: AmountText,
    toAccountId: z.string(),
    reference: z.string().optional(),
  }),
  Transferred: withAudience({
    txId: TxId,
    currency: z.string(),
    amount: AmountText,
    fromAccountId: z.string(),
    toAccountId: z.string(),
    memo: z.string().optional(),
  }),
  RedemptionRequested: withAudience(redemption),
  RedemptionExecuted: withAudience(redemption),
  RedemptionRejected: withAudience(redemption),
  RedemptionCancelled: withAudience(redemption),
  AccountCompacted: withAudience({ accountId: z.string(), currency: z.string(), folded: z.number().int() }),
  SettlementRequested: SettlementEvent,
  SettlementUpdated: SettlementEvent,
  PaymentAcknowledged: OrderEvent,
  OrderShipped: OrderEvent,
  OrderDelivered: OrderEvent,
  SettlementConfirmed: SettlementEvent,
  SettlementExpired: SettlementEvent,
  SettlementCancelled: SettlementEvent,
  SettlementDisputed: SettlementEvent,
  SettlementArbitrated: SettlementEvent,
  EvidenceRegistered: withAudience({
    hash: Sha256Hex,
    owner: PartyId,
    category: z.string(),
    txId: TxId,
    registeredAt: Timestamp,
  }),
  EvidenceBatchAnchored: withAudience({
    batchId: TxId,
    owner: PartyId,
    category: z.string(),
    root: Sha256Hex,
    leafCount: z.number().int(),
    anchoredAt: Timestamp,
  }),
  CreditRecordAdded: CreditRecord.extend({ audience: Audience }),
  ReceivableIssued: ReceivableEvent,
  ReceivableAccepted: ReceivableEvent,
  ReceivableRejected: ReceivableEvent,
  ReceivableTransferred: ReceivableEvent,
  ReceivableSplit: withAudience({ parent: ReceivableRecord, parts: z.array(ReceivableRecord) }),
  FinancingRequested: ReceivableEvent,
  FinancingCancelled: ReceivableEvent,
  ReceivableFinanced: ReceivableEvent,
  ReceivableRepaid: ReceivableEvent,
  ReceivableOverdue: ReceivableEvent,
  ReceiptIssued: ReceiptEvent,
  PledgeRequested: ReceiptEvent,
  PledgeCancelled: ReceiptEvent,
  ReceiptPledged: ReceiptEvent,
  ReceiptReleased: ReceiptEvent,
  ReceiptClosed: ReceiptEvent,
  CreditLineGranted: CreditLineTermsEvent,
  CreditLineDrawn: CreditLineMoveEvent,
  CreditLineRepaid: CreditLineMoveEvent,
  CreditLineClosed: CreditLineTermsEvent,
  SpaceOpened: SpaceRecord.omit({ description: true }).extend({ audience: Audience }),
  WalletBound: WalletBinding.extend({ audience: Audience }),
  RightClassRegistered: RightClassRecord.omit({ description: true }).extend({ audience: Audience }),
  RightMinted: RightTokenEvent,
  RightTransferred: RightTokenEvent,
  ResaleListed: RightTokenEvent,
  ResaleCancelled: RightTokenEvent,
  RightRedemptionRequested: RightTokenEvent,
  RightRedemptionWithdrawn: RightTokenEvent,
  RightRedemptionRefused: RightTokenEvent,
  RightRedemptionFulfilled: RightTokenEvent,
  RightBurned: RightTokenEvent,
  ObservationReported: withAudience({
    feedId: z.string(),
    roundId: z.string(),
    kind: z.enum(FeedKind),
    oracle: PartyId,
    value: AmountText.describe('What this transaction reported'),
    reportCount: z.number().int(),
    quorum: z.number().int(),
    txId: TxId,
  }),
  ProviderRegistered: ProviderRecord.extend({ audience: Audience }),
  ProviderStatusChanged: ProviderRecord.extend({ audience: Audience }),
  QuoteRequested: QuoteRecord.extend({ audience: Audience }),
  QuotePaid: QuoteRecord.extend({ audience: Audience }),
  QuoteCancelled: QuoteRecord.extend({ audience: Audience }),
  MeterRegistered: MeterRecord.extend({ audience: Audience }),
  EnergyOffered: EnergyOfferRecord.extend({ audience: Audience }),
  EnergyBought: EnergyPurchaseRecord.extend({ audience: Audience }),
  // Without `settlement`: the window's totals are the producer's, auditors' and the grid company's (GetOffer).
  EnergyWindowSettled: EnergyOfferRecord.omit({ settlement: true }).extend({ audience: Audience }),
  CertificateTransferred: GreenCertificateRecord.extend({ audience: Audience }),
  CertificateRetired: GreenCertificateRecord.extend({ audience: Audience }),
} as const satisfies Record<EventName, z.ZodType>;

/** The payload of event `N`. */
export type EventPayload<N extends EventName = EventName> = z.infer<(typeof EVENT_PAYLOADS)[N]>;
