import { OrderStatus, SettlementStatus } from '@allianceledger/contract';
import { defineStateMachine } from '../lib/state-machine';

/** The statuses are the contract's (`@allianceledger/contract`). */
export { OrderStatus, SettlementStatus };

/**
 * The steps of a purchase (DOMAIN.md §3). One action changes the store order and its settlement
 * together; each has its own explicit table, and a step is allowed only when both tables allow it.
 */
export const SettlementAction = {
  /** The buyer requests again for the same store order (amount or order changed). */
  UPDATE: 'UPDATE',
  /** The store sees the funds frozen and marks its order paid. */
  ACKNOWLEDGE: 'ACKNOWLEDGE',
  SHIP: 'SHIP',
  /** A logistics oracle records delivery. */
  DELIVER: 'DELIVER',
  /** The buyer confirms receipt with the amount to pay. */
  CONFIRM: 'CONFIRM',
  /** The time limit passed: the full amount goes to the store. */
  EXPIRE: 'EXPIRE',
  CANCEL: 'CANCEL',
  DISPUTE: 'DISPUTE',
  ARBITRATE: 'ARBITRATE',
} as const;

/** A purchase step. */
export type SettlementAction = (typeof SettlementAction)[keyof typeof SettlementAction];

/** Store order transitions. */
export const OrderMachine = defineStateMachine<OrderStatus, SettlementAction>('order', OrderStatus, {
  UPDATE: { from: ['PLACED', 'PAID'], to: 'PLACED' },
  ACKNOWLEDGE: { from: ['PLACED'], to: 'PAID' },
  SHIP: { from: ['PAID'], to: 'SHIPPED' },
  DELIVER: { from: ['SHIPPED'], to: 'DELIVERED' },
  CONFIRM: { from: ['SHIPPED', 'DELIVERED'], to: 'COMPLETED' },
  EXPIRE: { from: ['SHIPPED', 'DELIVERED'], to: 'COMPLETED' },
  CANCEL: { from: ['PLACED', 'PAID'], to: 'CANCELLED' },
  DISPUTE: { from: ['SHIPPED', 'DELIVERED'], to: 'DISPUTED' },
  ARBITRATE: { from: ['DISPUTED'], to: 'ARBITRATED' },
});

/** Settlement transitions: the escrow stays PAID while the order moves from PLACED to DELIVERED. */
export const SettlementMachine = defineStateMachine<SettlementStatus, SettlementAction>(
  'settlement',
  SettlementStatus,
  {
    UPDATE: { from: ['PAID'], to: 'PAID' },
    ACKNOWLEDGE: { from: ['PAID'], to: 'PAID' },
    SHIP: { from: ['PAID'], to: 'PAID' },
    DELIVER: { from: ['PAID'], to: 'PAID' },
    CONFIRM: { from: ['PAID'], to: 'COMPLETED' },
    EXPIRE: { from: ['PAID'], to: 'COMPLETED' },
    CANCEL: { from: ['PAID'], to: 'CANCELLED' },
    DISPUTE: { from: ['PAID'], to: 'DISPUTED' },
    ARBITRATE: { from: ['DISPUTED'], to: 'ARBITRATED' },
  },
);
