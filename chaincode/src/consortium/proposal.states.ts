import { defineStateMachine } from '../lib/state-machine';

/** A consortium proposal's status. Approvals accumulate while OPEN; execution needs a majority. */
export const ProposalStatus = {
  OPEN: 'OPEN',
  EXECUTED: 'EXECUTED',
  WITHDRAWN: 'WITHDRAWN',
} as const;

/** A proposal status. */
export type ProposalStatus = (typeof ProposalStatus)[keyof typeof ProposalStatus];

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
