import { z } from 'zod';
import { OrgSchema, Role, RoleSchema } from './organizations';
import { Handle, HandleRef, pageOf, Paging, PartyId, PartyRef, text, Timestamp } from './primitives';

/** A member's registry status. */
export const MemberStatus = { ACTIVE: 'ACTIVE', SUSPENDED: 'SUSPENDED' } as const;
/** A member status. */
export type MemberStatus = (typeof MemberStatus)[keyof typeof MemberStatus];

const roles = z
  .array(RoleSchema)
  .min(1, 'at least one role')
  .max(Object.keys(Role).length, `at most ${Object.keys(Role).length} roles`)
  .describe("Distinct roles the member's org may grant");

/** `members:RegisterMember`: an org admin registers an identity of its org with roles. */
export const RegisterMemberInput = z.strictObject({
  member: PartyId.describe("The identity to register (its full party id); it must belong to the caller's org"),
  handle: Handle.optional().describe(
    'Its handle in the org, unique there and never changed (default: the certificate\'s common name up to "@", ' +
      'lower-cased, other characters than letters, digits, ".", "_" and "-" made "-")',
  ),
  name: text(128).describe('Display name; the directory shows it for discoverable members only'),
  roles,
});
/** `members:ChangeMemberRoles`: replaces a member's roles. */
export const ChangeMemberRolesInput = z.strictObject({ member: PartyRef, roles, reason: text(512) });
/** `members:SuspendMember`, `members:ReinstateMember`. */
export const MemberStatusChangeInput = z.strictObject({ member: PartyRef, reason: text(512) });
/** `members:GetMember`. */
export const GetMemberInput = z.strictObject({ member: PartyRef });
/** `members:ListMembers`: one org's members. */
export const ListMembersInput = z.strictObject({
  mspId: OrgSchema.describe('The org whose members to list'),
  ...Paging,
});
/** `members:WhoAmI`: no input fields. */
export const EmptyInput = z.strictObject({});

/** A registered identity: the on-chain authority for its roles. */
export const MemberRecord = z
  .object({
    party: PartyId,
    handle: HandleRef,
    mspId: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema).describe('Sorted; a SUSPENDED member holds none of them'),
    status: z.enum(MemberStatus),
    registeredBy: PartyId.describe('The org admin who registered it'),
    registeredAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Member' });
/** A registered identity. */
export type MemberRecord = z.infer<typeof MemberRecord>;

export const MemberPage = pageOf(MemberRecord);

/** The caller as the chaincode sees it. */
export const Caller = z.object({
  party: PartyId,
  mspId: z.string(),
  id: z.string().describe('`ctx.clientIdentity.getID()`'),
  isOrgAdmin: z.boolean().describe('The certificate carries the NodeOU `admin`'),
});
/** The caller, as its certificate says. */
export type Caller = z.infer<typeof Caller>;

/** What `members:WhoAmI` answers. */
export const WhoAmI = z
  .object({
    caller: Caller,
    member: MemberRecord.nullable().describe('null for org admins and unregistered identities'),
  })
  .meta({ id: 'WhoAmI' });
/** What `members:WhoAmI` answers. */
export type WhoAmI = z.infer<typeof WhoAmI>;

/**
 * `members:SearchDirectory`: discoverable members (see `DISCOVERABLE_ROLES`), optionally of one role or
 * organisation, whose handle or name contains `q`.
 */
export const SearchDirectoryInput = z.strictObject({
  role: RoleSchema.optional().describe('Only members with this discoverable role'),
  mspId: OrgSchema.optional().describe('Only members of this organisation'),
  q: text(64).optional().describe('Only members whose handle or name contains this text (letter case ignored)'),
  ...Paging,
});
/** `members:LookupParty`: one member by its exact handle or party id. */
export const LookupPartyInput = z.strictObject({ party: PartyRef });
/** `members:HandlesOf`: the handles of up to 100 party ids. */
export const HandlesOfInput = z.strictObject({
  parties: z.array(PartyId).min(1, 'at least one party').max(100, 'at most 100 parties'),
});

/**
 * A member as the directory shows it to every member of the consortium: never a balance, a record or
 * an undiscoverable role. A member that is not discoverable (a buyer, an energy consumer) is found only
 * by its exact handle or party id, and then without its name or roles.
 */
export const DirectoryEntry = z
  .object({
    handle: HandleRef,
    party: PartyId,
    mspId: z.string(),
    name: z.string().optional().describe('Absent for members holding no discoverable role (buyers, energy consumers)'),
    roles: z
      .array(RoleSchema)
      .describe('Its discoverable roles (empty for members holding none: buyers, energy consumers)'),
    status: z.enum(MemberStatus),
    discoverable: z
      .boolean()
      .describe(
        'Listed in searches: it holds a discoverable role and is ACTIVE (a suspended store is false, with its name and roles)',
      ),
  })
  .meta({ id: 'DirectoryEntry' });
/** A member as the directory shows it. */
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;

export const DirectoryPage = pageOf(DirectoryEntry);

/** What `members:HandlesOf` answers: each party's handle, or null when it is not a member. */
export const PartyHandles = z
  .object({ items: z.array(z.object({ party: PartyId, handle: HandleRef.nullable() })) })
  .meta({ id: 'PartyHandles' });
/** What `members:HandlesOf` answers. */
export type PartyHandles = z.infer<typeof PartyHandles>;
