import type { AllianceContext } from '../lib/context';
import { audience, type Audience, type EventData } from '../lib/events';
import type { PartyId } from '../lib/party';
import type { TokenRecord } from './rights.store';

/**
 * Who reads a token's events: its holder (and, for a step that moves it, the previous one), the store
 * that redeems it, and auditors. A resale listing is a public offer: its events go to the consortium.
 */
export function tokenAudience(token: TokenRecord, extra: readonly (PartyId | undefined)[] = []): Audience {
  return audience([token.owner, token.store, ...extra]);
}

/** The token's public facts after a step of this transaction: ids, parties and state — never a balance. */
export function tokenEventData(ctx: AllianceContext, token: TokenRecord): EventData<'RightMinted'> {
  return {
    tokenId: token.tokenId,
    classId: token.classId,
    spaceId: token.spaceId,
    store: token.store,
    status: token.status,
    txId: ctx.stub.getTxID(),
  };
}
