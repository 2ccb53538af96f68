import { TokenStatus } from '@allianceledger/contract';
import { defineStateMachine } from '../lib/state-machine';

/** The statuses are the contract's (`@allianceledger/contract`). */
export { TokenStatus };

/** What holders, stores and oracles do to a token. A purchase creates it HELD (no action of this table). */
export const TokenAction = {
  /** The holder gives it to another member. */
  TRANSFER: 'TRANSFER',
  /** The holder offers it for resale in its own space. */
  LIST: 'LIST',
  CANCEL_LISTING: 'CANCEL_LISTING',
  /** A buyer pays the listing price: the token moves to it. */
  BUY_RESALE: 'BUY_RESALE',
  /** The holder asks the store for the goods: the token is locked. */
  REQUEST_REDEMPTION: 'REQUEST_REDEMPTION',
  WITHDRAW_REDEMPTION: 'WITHDRAW_REDEMPTION',
  /** The store refuses, with a reason: the token is unlocked. */
  REFUSE_REDEMPTION: 'REFUSE_REDEMPTION',
  /** The store shipped the goods or has them ready for pick-up. */
  FULFIL_REDEMPTION: 'FULFIL_REDEMPTION',
  /** The holder (or a logistics oracle) confirms the goods arrived: burned. */
  CONFIRM_REDEMPTION: 'CONFIRM_REDEMPTION',
  /** The confirmation time passed: anyone burns it. */
  EXPIRE_REDEMPTION: 'EXPIRE_REDEMPTION',
} as const;
/** A token action. */
export type TokenAction = (typeof TokenAction)[keyof typeof TokenAction];

/**
 * Token transitions. Only a HELD token moves (gift, listing, redemption request): a listed token is
 * sold or withdrawn first, a token being redeemed is locked, and a burned token allows nothing.
 */
export const TokenMachine = defineStateMachine<TokenStatus, TokenAction>('token', TokenStatus, {
  TRANSFER: { from: ['HELD'], to: 'HELD' },
  LIST: { from: ['HELD'], to: 'LISTED' },
  CANCEL_LISTING: { from: ['LISTED'], to: 'HELD' },
  BUY_RESALE: { from: ['LISTED'], to: 'HELD' },
  REQUEST_REDEMPTION: { from: ['HELD'], to: 'REDEEMING' },
  WITHDRAW_REDEMPTION: { from: ['REDEEMING'], to: 'HELD' },
  REFUSE_REDEMPTION: { from: ['REDEEMING'], to: 'HELD' },
  FULFIL_REDEMPTION: { from: ['REDEEMING'], to: 'FULFILLED' },
  CONFIRM_REDEMPTION: { from: ['FULFILLED'], to: 'BURNED' },
  EXPIRE_REDEMPTION: { from: ['FULFILLED'], to: 'BURNED' },
});
