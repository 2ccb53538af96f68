import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { segment, stringAt } from '../common/location';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  ListMembersQuery,
  Member,
  MemberPage,
  MemberParams,
  MemberRolesBody,
  MemberStatusChangeBody,
  RegisterMemberBody,
  WhoAmI,
} from './members.schemas';

const tags = ['members'];

/** The member registry (contract `members`): identities of each org and their roles. */
export const memberRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/members',
    operationId: 'registerMember',
    summary: "Register an identity of the caller's org with roles (org admin)",
    description: 'Chaincode `members:RegisterMember`. A member that is already registered answers 409 CONFLICT.',
    tags,
    body: RegisterMemberBody,
    successStatus: 201,
    response: Member,
    transaction: ({ body }) => chaincodeCall('members:RegisterMember', body),
    location: (_input, data) => {
      const handle = stringAt(data, 'handle');
      return handle === undefined ? undefined : `/members/${segment(handle)}`;
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/members',
    operationId: 'listMembers',
    summary: "List one org's members (that org's admin, an auditor)",
    description: 'Chaincode `members:ListMembers`.',
    tags,
    query: ListMembersQuery,
    response: MemberPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('members:ListMembers', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/members/:member',
    operationId: 'getMember',
    summary: 'A member record (the member itself, its org admin, an auditor)',
    description:
      'Chaincode `members:GetMember`. Name the member by handle (`/members/EcommerceMSP:store1`) or by party id ' +
      '(percent-encoded: it contains `/`). Counterparties look each other up in `/directory`.',
    tags,
    params: MemberParams,
    response: Member,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('members:GetMember', { member: params.member })),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/members/:member/roles',
    operationId: 'changeMemberRoles',
    summary: "Replace a member's roles (its org admin)",
    description: 'Chaincode `members:ChangeMemberRoles`, e.g. to let a store also run a warehouse.',
    tags,
    params: MemberParams,
    body: MemberRolesBody,
    successStatus: 200,
    response: Member,
    transaction: ({ params, body }) => chaincodeCall('members:ChangeMemberRoles', { member: params.member, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/members/:member/suspension',
    operationId: 'suspendMember',
    summary: 'Suspend a member: it holds no role until reinstated (its org admin)',
    description: 'Chaincode `members:SuspendMember`. A member that is not ACTIVE answers 409 ILLEGAL_STATE.',
    tags,
    params: MemberParams,
    body: MemberStatusChangeBody,
    successStatus: 200,
    response: Member,
    transaction: ({ params, body }) =>
      chaincodeCall('members:SuspendMember', { member: params.member, reason: body.reason }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/members/:member/reinstatement',
    operationId: 'reinstateMember',
    summary: 'Make a suspended member active again (its org admin)',
    description: 'Chaincode `members:ReinstateMember`. A member that is not SUSPENDED answers 409 ILLEGAL_STATE.',
    tags,
    params: MemberParams,
    body: MemberStatusChangeBody,
    successStatus: 200,
    response: Member,
    transaction: ({ params, body }) =>
      chaincodeCall('members:ReinstateMember', { member: params.member, reason: body.reason }),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/me',
    operationId: 'whoAmI',
    summary: 'The caller: its party id, org, admin flag and member record',
    description: 'Chaincode `members:WhoAmI`; open to any identity the gateway holds.',
    tags,
    response: WhoAmI,
    handle: ({ transactions, principal }) => transactions.evaluate(principal, chaincodeCall('members:WhoAmI', {})),
  }),
];
