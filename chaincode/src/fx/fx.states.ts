import { QuoteStatus } from '@allianceledger/contract';
import { defineStateMachine } from '../lib/state-machine';

/** The statuses are the contract's. */
export { QuoteStatus };

/** What the payer does to a quote (RequestQuote creates it QUOTED). */
export const QuoteAction = { PAY: 'PAY', CANCEL: 'CANCEL' } as const;
/** A quote action. */
export type QuoteAction = (typeof QuoteAction)[keyof typeof QuoteAction];

/** Quote transitions; a QUOTED quote past its expiry is refused by time, not by this table. */
export const QuoteMachine = defineStateMachine<QuoteStatus, QuoteAction>('quote', QuoteStatus, {
  PAY: { from: ['QUOTED'], to: 'PAID' },
  CANCEL: { from: ['QUOTED'], to: 'CANCELLED' },
});
