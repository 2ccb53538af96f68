import type { MemberRecord } from '@allianceledger/chaincode';
import { z } from 'zod';
import type { Describes, Expect } from '../common/chaincode-result';
import { MspId, PartyId, text, Timestamp } from '../common/ids.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

/** Roles an org admin may grant; each org grants only its own (docs/chaincode.md, `ROLES_BY_ORG`). */
export const Role = z
  .enum([
    'store',
    'buyer',
    'arbitrator',
    'oracle',
    'warehouse',
    'bank',
    'issuer',
    'auditor',
    'energy_producer',
    'energy_consumer',
  ])
  .describe(
    'EcommerceMSP: store, buyer, arbitrator, oracle, warehouse; FinanceMSP: bank, issuer, auditor; ' +
      'EnergyMSP: energy_producer, energy_consumer, oracle',
  );

/** A registered identity: the on-chain authority for its roles. */
export const Member = z
  .object({
    party: PartyId,
    mspId: z.string(),
    name: z.string(),
    roles: z.array(Role).describe('Sorted; a SUSPENDED member holds none of them'),
    status: z.enum(['ACTIVE', 'SUSPENDED']),
    registeredBy: PartyId.describe('The org admin who registered it'),
    registeredAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Member' });

export type MemberMatchesChaincode = Expect<Describes<z.infer<typeof Member>, MemberRecord>>;

export const MemberPage = pageOf(Member).meta({ id: 'MemberPage' });

/** The caller as the chaincode sees it, and its member record when it has one. */
export const WhoAmI = z
  .object({
    caller: z.object({
      party: PartyId,
      mspId: z.string(),
      id: z.string().describe('`ctx.clientIdentity.getID()`'),
      isOrgAdmin: z.boolean().describe('The certificate carries the NodeOU `admin`'),
    }),
    member: Member.nullable().describe('null for org admins and unregistered identities'),
  })
  .meta({ id: 'WhoAmI' });

export const RegisterMemberBody = z.strictObject({
  member: PartyId.describe("The identity to register; it must belong to the caller's org"),
  name: text(128),
  roles: z.array(Role).min(1).max(Role.options.length).describe("Distinct roles the member's org may grant"),
});

export const MemberRolesBody = z.strictObject({
  roles: z.array(Role).min(1).max(Role.options.length).describe("The member's new roles: distinct, of its org"),
  reason: text(512),
});

export const MemberStatusChangeBody = z.strictObject({ reason: text(512) });

export const MemberParams = z.strictObject({
  member: PartyId.describe("The member's party id, percent-encoded (`encodeURIComponent`): it contains `/`"),
});

export const ListMembersQuery = z.strictObject({ mspId: MspId.describe('The org whose members to list'), ...Paging });
