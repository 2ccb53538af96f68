import {
  ChangeMemberRolesInput,
  EmptyInput,
  GetMemberInput,
  ListMembersInput,
  MemberStatusChangeInput,
  RegisterMemberInput,
  Role,
  ROLES_BY_ORG,
  type MemberRecord,
  type Org,
  type WhoAmI,
} from '@allianceledger/contract';
import { authorize, callerMember, callerOf, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, emit, EventName, type Audience, type EventData } from '../lib/events';
import { getOrThrow, put, type Page } from '../lib/ledger';
import { orgOf } from '../lib/party';
import { listStored } from '../lib/records';
import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { MemberAction, MemberMachine, MemberStatus } from './member.states';
import { keepDirectoryRows } from './directory.store';
import { claimHandle, defaultHandle, handleRefOf, resolveParty } from './handle.store';
import { findMember, MEMBER_KEY, memberKey } from './member.store';

/**
 * RegisterMember: an org admin registers an identity of its own org with roles the org may grant.
 * Input `{member, handle?, name, roles}`; `member` is the identity's party id, `handle` its name in the
 * org (default: from the certificate's common name), unique there and never changed.
 */
export async function registerMember(ctx: AllianceContext, input: string): Promise<MemberRecord> {
  const req = parseInput(input, RegisterMemberInput);
  const org = orgOf(req.member);
  const roles = grantableRoles(org, req.roles);
  const { caller } = await authorize(ctx, 'RegisterMember', [grant.orgAdmin(org)]);
  if (await findMember(ctx, req.member)) throw fail.conflict('member already registered', { member: req.member });
  const handle = req.handle ?? defaultHandle(req.member);
  if (handle === undefined) {
    throw fail.invalid("the certificate's common name makes no handle: choose one", { field: 'input.handle' });
  }
  await claimHandle(ctx, org, handle, req.member);
  const now = txTime(ctx).iso;
  const record: MemberRecord = {
    party: req.member,
    handle: handleRefOf(org, handle),
    mspId: org,
    name: req.name,
    roles,
    status: MemberStatus.ACTIVE,
    registeredBy: caller.party,
    registeredAt: now,
    updatedAt: now,
  };
  await put(ctx, memberKey(ctx, req.member), record);
  await keepDirectoryRows(ctx, record, undefined);
  emit(ctx, EventName.MEMBER_REGISTERED, memberAudience(record), memberEventData(record));
  return record;
}

/** A member's registry events reach the member itself and its organisation's administrators. */
function memberAudience(record: MemberRecord): Audience {
  return audience([record.party], { orgAdmins: [record.mspId] });
}

/** A member record's public facts for its events. */
function memberEventData(record: MemberRecord): EventData<'MemberRegistered'> {
  return {
    party: record.party,
    handle: record.handle,
    mspId: record.mspId,
    name: record.name,
    roles: record.roles,
    status: record.status,
  };
}

/** Distinct, sorted roles `org` may grant; INVALID_ARGUMENT otherwise. */
function grantableRoles(org: Org, requested: readonly Role[]): Role[] {
  const roles = [...new Set(requested)].sort();
  if (roles.length !== requested.length) throw fail.invalid('roles must not repeat', { field: 'input.roles' });
  const refused = roles.filter((r) => !ROLES_BY_ORG[org].includes(r));
  if (refused.length > 0) {
    throw fail.invalid(`${org} cannot grant roles ${refused.join(', ')}`, { field: 'input.roles', refused });
  }
  return roles;
}

/**
 * ChangeMemberRoles: the member's org admin replaces its roles (e.g. a store that also runs a
 * warehouse). Input `{member, roles, reason}`; the status does not change.
 */
export async function changeMemberRoles(ctx: AllianceContext, input: string): Promise<MemberRecord> {
  const req = parseInput(input, ChangeMemberRolesInput);
  const member = await resolveParty(ctx, req.member);
  const org = orgOf(member);
  const roles = grantableRoles(org, req.roles);
  await authorize(ctx, 'ChangeMemberRoles', [grant.orgAdmin(org)]);
  const key = memberKey(ctx, member);
  const current = await getOrThrow<MemberRecord>(ctx, key, 'member', req.member);
  const record: MemberRecord = { ...current, roles, updatedAt: txTime(ctx).iso };
  await put(ctx, key, record);
  await keepDirectoryRows(ctx, record, current);
  emit(ctx, EventName.MEMBER_ROLES_CHANGED, memberAudience(record), {
    ...memberEventData(record),
    previousRoles: current.roles,
    reason: req.reason,
  });
  return record;
}

/** SuspendMember: the member's org admin suspends it; a suspended member holds no role. */
export function suspendMember(ctx: AllianceContext, input: string): Promise<MemberRecord> {
  return changeStatus(ctx, input, MemberAction.SUSPEND);
}

/** ReinstateMember: the member's org admin makes a suspended member active again. */
export function reinstateMember(ctx: AllianceContext, input: string): Promise<MemberRecord> {
  return changeStatus(ctx, input, MemberAction.REINSTATE);
}

async function changeStatus(ctx: AllianceContext, input: string, action: MemberAction): Promise<MemberRecord> {
  const req = parseInput(input, MemberStatusChangeInput);
  const member = await resolveParty(ctx, req.member);
  const txName = action === MemberAction.SUSPEND ? 'SuspendMember' : 'ReinstateMember';
  await authorize(ctx, txName, [grant.orgAdmin(orgOf(member))]);
  const key = memberKey(ctx, member);
  const current = await getOrThrow<MemberRecord>(ctx, key, 'member', req.member);
  const record: MemberRecord = {
    ...current,
    status: nextState(MemberMachine, current.status, action),
    updatedAt: txTime(ctx).iso,
  };
  await put(ctx, key, record);
  await keepDirectoryRows(ctx, record, current);
  emit(
    ctx,
    action === MemberAction.SUSPEND ? EventName.MEMBER_SUSPENDED : EventName.MEMBER_REINSTATED,
    memberAudience(record),
    {
      ...memberEventData(record),
      reason: req.reason,
    },
  );
  return record;
}

/** GetMember: the member itself, its org admin, or an auditor. */
export async function getMember(ctx: AllianceContext, input: string): Promise<MemberRecord> {
  const req = parseInput(input, GetMemberInput);
  const member = await resolveParty(ctx, req.member);
  await authorize(ctx, 'GetMember', [grant.orgAdmin(orgOf(member)), grant.member(member), grant.role(Role.AUDITOR)]);
  return getOrThrow<MemberRecord>(ctx, memberKey(ctx, member), 'member', req.member);
}

/** ListMembers: one org's members, for its admin or an auditor. */
export async function listMembers(ctx: AllianceContext, input: string): Promise<Page<MemberRecord>> {
  const req = parseInput(input, ListMembersInput);
  await authorize(ctx, 'ListMembers', [grant.orgAdmin(req.mspId), grant.role(Role.AUDITOR)]);
  return listStored<MemberRecord>(ctx, MEMBER_KEY, [req.mspId], pageRequest(req));
}

/** WhoAmI: the caller's identity as the chaincode sees it, and its member record if any. */
export async function whoAmI(ctx: AllianceContext, input: string): Promise<WhoAmI> {
  parseInput(input, EmptyInput);
  return { caller: callerOf(ctx), member: (await callerMember(ctx)) ?? null };
}
