import { EVENT_PAYLOADS, EventName, type Audience } from '@allianceledger/contract';
import type { z } from 'zod';
import type { AllianceContext } from './context';
import { encode } from './ledger';
import type { PartyId } from './party';

/**
 * Emitting chaincode events. The names, payload schemas and the `Audience` type are the contract's
 * (`EventName`, `EVENT_PAYLOADS`): every client reads the same catalogue.
 */
export { EventName, type Audience };

/** The fields of event `N`'s payload besides its audience, as the contract states them. */
export type EventData<N extends EventName> = Omit<z.input<(typeof EVENT_PAYLOADS)[N]>, 'audience'>;

/** Distinct parties in first-seen order, dropping absent ones. */
function distinct(parties: readonly (PartyId | undefined)[]): PartyId[] {
  return [...new Set(parties.filter((p): p is PartyId => p !== undefined && p !== ''))];
}

/** Builds an audience; absent parties are dropped and duplicates removed. */
export function audience(parties: readonly (PartyId | undefined)[], more: Omit<Audience, 'parties'> = {}): Audience {
  return { parties: distinct(parties), ...more };
}

/** The audience of consortium-wide records (proposals, decisions). */
export const CONSORTIUM: Audience = { parties: [], consortium: true };

/**
 * Sets the transaction's chaincode event (at most one per transaction): `data` are the changed record's
 * ids, states and the transaction's own amounts; `who` says who may read them.
 */
export function emit<N extends EventName>(ctx: AllianceContext, name: N, who: Audience, data: EventData<N>): void {
  ctx.claimEvent(name);
  const payload = { ...data, audience: who };
  ctx.stub.setEvent(name, encode(payload));
}
