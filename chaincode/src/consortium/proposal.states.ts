import { ProposalStatus } from '@allianceledger/contract';
import { defineStateMachine } from '../lib/state-machine';

/** The statuses are the contract's (`@allianceledger/contract`). */
export { ProposalStatus };

/** What org admins do to a proposal. */
export const ProposalAction = {
  APPROVE: 'APPROVE',
  EXECUTE: 'EXECUTE',
  WITHDRAW: 'WITHDRAW',
} as const;

/** A proposal action. */
export type ProposalAction = (typeof ProposalAction)[keyof typeof ProposalAction];

/** Proposal transitions. CreateProposal creates an OPEN proposal. */
export const ProposalMachine = defineStateMachine<ProposalStatus, ProposalAction>('proposal', ProposalStatus, {
  APPROVE: { from: ['OPEN'], to: 'OPEN' },
  EXECUTE: { from: ['OPEN'], to: 'EXECUTED' },
  WITHDRAW: { from: ['OPEN'], to: 'WITHDRAWN' },
});
