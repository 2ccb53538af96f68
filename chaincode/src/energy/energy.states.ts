import { CertificateStatus, EnergyOfferStatus, EnergyPurchaseStatus } from '@allianceledger/contract';
import { defineStateMachine } from '../lib/state-machine';

/** The statuses are the contract's (`@allianceledger/contract`). */
export { CertificateStatus, EnergyOfferStatus, EnergyPurchaseStatus };

/**
 * What happens to an offer. OfferEnergy creates it OPEN; buying keeps it OPEN (refused by time from
 * the window's start, and by quantity, not by this table); settling its window closes it.
 */
export const OfferAction = { BUY: 'BUY', SETTLE: 'SETTLE' } as const;
/** An offer action. */
export type OfferAction = (typeof OfferAction)[keyof typeof OfferAction];

/** Offer transitions: a settled window allows nothing more. */
export const OfferMachine = defineStateMachine<EnergyOfferStatus, OfferAction>('energy offer', EnergyOfferStatus, {
  BUY: { from: ['OPEN'], to: 'OPEN' },
  SETTLE: { from: ['OPEN'], to: 'SETTLED' },
});

/** What happens to a purchase: BuyEnergy creates it FROZEN; its window's settlement pays and unfreezes. */
export const PurchaseAction = { SETTLE: 'SETTLE' } as const;
/** A purchase action. */
export type PurchaseAction = (typeof PurchaseAction)[keyof typeof PurchaseAction];

/** Purchase transitions: settled once. */
export const PurchaseMachine = defineStateMachine<EnergyPurchaseStatus, PurchaseAction>(
  'energy purchase',
  EnergyPurchaseStatus,
  { SETTLE: { from: ['FROZEN'], to: 'SETTLED' } },
);

/** What an owner does to a green certificate (a window's settlement mints it ACTIVE). */
export const CertificateAction = { TRANSFER: 'TRANSFER', RETIRE: 'RETIRE' } as const;
/** A certificate action. */
export type CertificateAction = (typeof CertificateAction)[keyof typeof CertificateAction];

/** Certificate transitions: only an ACTIVE certificate moves or is retired; a retired one allows nothing. */
export const CertificateMachine = defineStateMachine<CertificateStatus, CertificateAction>(
  'green certificate',
  CertificateStatus,
  {
    TRANSFER: { from: ['ACTIVE'], to: 'ACTIVE' },
    RETIRE: { from: ['ACTIVE'], to: 'RETIRED' },
  },
);
