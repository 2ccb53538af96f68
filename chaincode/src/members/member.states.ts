import { defineStateMachine } from '../lib/state-machine';
import { MemberStatus } from '@allianceledger/contract';

/** A member's registry status (the contract's). */
export { MemberStatus };

/** What an org admin can do to a member. */
export const MemberAction = {
  SUSPEND: 'SUSPEND',
  REINSTATE: 'REINSTATE',
} as const;

/** A member action. */
export type MemberAction = (typeof MemberAction)[keyof typeof MemberAction];

/** Member transitions. Registration creates an ACTIVE member. */
export const MemberMachine = defineStateMachine<MemberStatus, MemberAction>('member', MemberStatus, {
  SUSPEND: { from: ['ACTIVE'], to: 'SUSPENDED' },
  REINSTATE: { from: ['SUSPENDED'], to: 'ACTIVE' },
});
