import { z } from 'zod';
import { OrgSchema, Role, RoleSchema } from './organizations';
import { pageOf, Paging, PartyId, text, Timestamp } from './primitives';

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
  member: PartyId.describe("The identity to register; it must belong to the caller's org"),
  name: text(128),
  roles,
});
/** `members:ChangeMemberRoles`: replaces a member's roles. */
export const ChangeMemberRolesInput = z.strictObject({ member: PartyId, roles, reason: text(512) });
/** `members:SuspendMember`, `members:ReinstateMember`. */
export const MemberStatusChangeInput = z.strictObject({ member: PartyId, reason: text(512) });
/** `members:GetMember`. */
export const GetMemberInput = z.strictObject({
  member: PartyId.describe("The member's party id, percent-encoded in a path (`encodeURIComponent`): it contains `/`"),
});
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
