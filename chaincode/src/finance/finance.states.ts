import { ReceivableStatus, ReceiptStatus, CreditLineStatus } from '@allianceledger/contract';
import { defineStateMachine } from '../lib/state-machine';

/** The statuses are the contract's (`@allianceledger/contract`). */
export { ReceivableStatus, ReceiptStatus, CreditLineStatus };

/** What the parties do to a receivable. */
export const ReceivableAction = {
  ACCEPT: 'ACCEPT',
  REJECT: 'REJECT',
  TRANSFER: 'TRANSFER',
  SPLIT: 'SPLIT',
  REQUEST_FINANCING: 'REQUEST_FINANCING',
  CANCEL_FINANCING: 'CANCEL_FINANCING',
  FINANCE: 'FINANCE',
  REPAY: 'REPAY',
  MARK_OVERDUE: 'MARK_OVERDUE',
} as const;
/** A receivable action. */
export type ReceivableAction = (typeof ReceivableAction)[keyof typeof ReceivableAction];

/**
 * Receivable transitions. A receivable is financed at most once: FINANCE leaves ACCEPTED for good, and
 * only an ACCEPTED receivable (never a financed one) may be transferred, split or offered for financing.
 */
export const ReceivableMachine = defineStateMachine<ReceivableStatus, ReceivableAction>(
  'receivable',
  ReceivableStatus,
  {
    ACCEPT: { from: ['ISSUED'], to: 'ACCEPTED' },
    REJECT: { from: ['ISSUED'], to: 'REJECTED' },
    TRANSFER: { from: ['ACCEPTED'], to: 'ACCEPTED' },
    SPLIT: { from: ['ACCEPTED'], to: 'SPLIT' },
    REQUEST_FINANCING: { from: ['ACCEPTED'], to: 'FINANCING_REQUESTED' },
    CANCEL_FINANCING: { from: ['FINANCING_REQUESTED'], to: 'ACCEPTED' },
    FINANCE: { from: ['FINANCING_REQUESTED'], to: 'FINANCED' },
    // A pending financing request must not stop the debtor repaying on time: the request lapses.
    REPAY: { from: ['ACCEPTED', 'FINANCING_REQUESTED', 'FINANCED', 'OVERDUE'], to: 'SETTLED' },
    MARK_OVERDUE: { from: ['ACCEPTED', 'FINANCING_REQUESTED', 'FINANCED'], to: 'OVERDUE' },
  },
);

/** What the owner, the bank and the warehouse do to a receipt. */
export const ReceiptAction = {
  REQUEST_PLEDGE: 'REQUEST_PLEDGE',
  CANCEL_PLEDGE: 'CANCEL_PLEDGE',
  FUND_PLEDGE: 'FUND_PLEDGE',
  REPAY: 'REPAY',
  CLOSE: 'CLOSE',
} as const;
/** A receipt action. */
export type ReceiptAction = (typeof ReceiptAction)[keyof typeof ReceiptAction];

/** Receipt transitions: one pledge at a time, and pledged goods never leave the warehouse. */
export const ReceiptMachine = defineStateMachine<ReceiptStatus, ReceiptAction>('warehouse receipt', ReceiptStatus, {
  REQUEST_PLEDGE: { from: ['ISSUED', 'RELEASED'], to: 'PLEDGE_REQUESTED' },
  CANCEL_PLEDGE: { from: ['PLEDGE_REQUESTED'], to: 'ISSUED' },
  FUND_PLEDGE: { from: ['PLEDGE_REQUESTED'], to: 'PLEDGED' },
  REPAY: { from: ['PLEDGED'], to: 'RELEASED' },
  CLOSE: { from: ['ISSUED', 'RELEASED'], to: 'CLOSED' },
});

/** What the borrower and the bank do to a credit line. */
export const CreditLineAction = {
  DRAW: 'DRAW',
  REPAY: 'REPAY',
  CLOSE: 'CLOSE',
} as const;
/** A credit line action. */
export type CreditLineAction = (typeof CreditLineAction)[keyof typeof CreditLineAction];

/** Credit line transitions. CLOSE also needs the line fully repaid (drawn = 0). */
export const CreditLineMachine = defineStateMachine<CreditLineStatus, CreditLineAction>(
  'credit line',
  CreditLineStatus,
  {
    DRAW: { from: ['ACTIVE'], to: 'ACTIVE' },
    REPAY: { from: ['ACTIVE'], to: 'ACTIVE' },
    CLOSE: { from: ['ACTIVE'], to: 'CLOSED' },
  },
);
