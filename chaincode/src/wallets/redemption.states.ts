import { RedemptionStatus } from '@allianceledger/contract';
import { defineStateMachine } from '../lib/state-machine';

/** The statuses are the contract's (`@allianceledger/contract`). */
export { RedemptionStatus };

/** What the issuer (execute, reject) or the owner (cancel) does to a request. */
export const RedemptionAction = {
  EXECUTE: 'EXECUTE',
  REJECT: 'REJECT',
  CANCEL: 'CANCEL',
} as const;

/** A redemption action. */
export type RedemptionAction = (typeof RedemptionAction)[keyof typeof RedemptionAction];

/** Redemption transitions. */
export const RedemptionMachine = defineStateMachine<RedemptionStatus, RedemptionAction>(
  'redemption',
  RedemptionStatus,
  {
    EXECUTE: { from: ['REQUESTED'], to: 'EXECUTED' },
    REJECT: { from: ['REQUESTED'], to: 'REJECTED' },
    CANCEL: { from: ['REQUESTED'], to: 'CANCELLED' },
  },
);
