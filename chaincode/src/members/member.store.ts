import type { Context } from 'fabric-contract-api';
import { compositeKey, getOptional } from '../lib/ledger';
import type { Role } from '../lib/organizations';
import { partyParts, type PartyId } from '../lib/party';
import type { MemberStatus } from './member.states';

/** Key type of member records: `member` + [mspId, x509 id], so one org's members list together. */
export const MEMBER_KEY = 'member';

/** A registered identity: the on-chain authority for roles. */
export interface MemberRecord {
  readonly party: PartyId;
  readonly mspId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly status: MemberStatus;
  /** The org admin who registered it. */
  readonly registeredBy: PartyId;
  readonly registeredAt: string;
  readonly updatedAt: string;
}

/** The key of a party's member record. */
export function memberKey(ctx: Context, party: PartyId): string {
  const { mspId, id } = partyParts(party);
  return compositeKey(ctx, MEMBER_KEY, [mspId, id]);
}

/** A party's member record, or undefined when it is not registered. */
export function findMember(ctx: Context, party: PartyId): Promise<MemberRecord | undefined> {
  return getOptional<MemberRecord>(ctx, memberKey(ctx, party));
}
