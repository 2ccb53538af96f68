import type { AllianceContext } from './context';
import { encode } from './ledger';
import type { Role } from './organizations';
import type { PartyId } from './party';

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
} as const;

/** A chaincode event name. */
export type EventName = (typeof EventName)[keyof typeof EventName];

/**
 * Who may read an event's payload. Events sit in blocks that every organisation's peers hold, so a
 * payload carries only what its record's public state already holds — ids, states and the amounts of
 * the transaction itself, never a balance — and clients (the REST gateway) show it only to this
 * audience and to auditors; anyone else sees the event's name and position, nothing more.
 */
export interface Audience {
  /** The record's parties. */
  readonly parties: readonly PartyId[];
  /** Members holding any of these roles (e.g. arbitrators for a dispute, banks for credit records). */
  readonly roles?: readonly Role[];
  /** The administrators of these organisations (member registry events). */
  readonly orgAdmins?: readonly string[];
  /** Every member and org admin of the consortium (consortium decisions). */
  readonly consortium?: boolean;
}

/** An event payload: its audience and the fields of the change. */
export type EventPayload = { readonly audience: Audience } & Readonly<Record<string, unknown>>;

/** Distinct parties in first-seen order, dropping absent ones. */
function distinct(parties: readonly (PartyId | undefined)[]): PartyId[] {
  return [...new Set(parties.filter((p): p is PartyId => p !== undefined && p !== ''))];
}

/** Builds an audience; absent parties are dropped and duplicates removed. */
export function audience(parties: readonly (PartyId | undefined)[], more: Omit<Audience, 'parties'> = {}): Audience {
  return { parties: distinct(parties), ...more };
}

/** The audience of consortium-wide records (proposals, decisions). */
export const CONSORTIUM: Audience = { parties: [], consortium: true };

/**
 * Sets the transaction's chaincode event (at most one per transaction): `data` are the changed record's
 * ids, states and the transaction's own amounts; `who` says who may read them.
 */
export function emit(
  ctx: AllianceContext,
  name: EventName,
  who: Audience,
  data: Readonly<Record<string, unknown>>,
): void {
  ctx.claimEvent(name);
  const payload: EventPayload = { ...data, audience: who };
  ctx.stub.setEvent(name, encode(payload));
}
