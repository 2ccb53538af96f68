import type { Context } from 'fabric-contract-api';
import { compositeKey, getOptional } from '../lib/ledger';
import type { MemberRecord } from '@allianceledger/contract';
import { partyParts, type PartyId } from '../lib/party';

/** Key type of member records: `member` + [mspId, x509 id], so one org's members list together. */
export const MEMBER_KEY = 'member';

export type { MemberRecord };

/** The key of a party's member record. */
export function memberKey(ctx: Context, party: PartyId): string {
  const { mspId, id } = partyParts(party);
  return compositeKey(ctx, MEMBER_KEY, [mspId, id]);
}

/** A party's member record, or undefined when it is not registered. */
export function findMember(ctx: Context, party: PartyId): Promise<MemberRecord | undefined> {
  return getOptional<MemberRecord>(ctx, memberKey(ctx, party));
}
