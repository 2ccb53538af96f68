import type { AllianceContext } from './context';
import { encode } from './ledger';

/**
 * Every chaincode event name, one catalogue for all modules (the gateway streams them by name).
 * A transaction emits exactly one event; its payload is canonical JSON of the changed record(s).
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

/** Sets the transaction's chaincode event (at most one per transaction). */
export function emit(ctx: AllianceContext, name: EventName, payload: object): void {
  ctx.claimEvent(name);
  ctx.stub.setEvent(name, encode(payload));
}
