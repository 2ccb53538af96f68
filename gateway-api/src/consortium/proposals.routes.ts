import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { segment, stringAt } from '../common/location';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  CreateProposalBody,
  ListProposalsQuery,
  Proposal,
  ProposalPage,
  ProposalParams,
  WithdrawProposalBody,
} from './proposals.schemas';

const tags = ['consortium'];

/**
 * Consortium decisions (contract `consortium`): an org admin proposes, a majority of the member orgs
 * approve (one approval per org, the proposer's included), any org admin executes.
 */
export const proposalRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/proposals',
    operationId: 'createProposal',
    summary: 'Propose a consortium decision (org admin)',
    description:
      "Chaincode `consortium:CreateProposal`. The proposer's org still has to approve. Each kind's payload is " +
      'checked now and again at execution: REGISTER_CURRENCY that the currency is new (409 CONFLICT) and its ' +
      'issuer an active `issuer` (409 ILLEGAL_STATE); BLACKLIST, WHITELIST and DELIST name a member; ' +
      'REGISTER_FEED a new feed whose oracles are active `oracle` members; REMOVE_ORACLE one of the feed’s ' +
      'oracles, leaving at least its quorum (409 ILLEGAL_STATE); ADD_ORACLE an active `oracle` member not on the ' +
      'feed yet (409 CONFLICT).',
    tags,
    body: CreateProposalBody,
    successStatus: 201,
    response: Proposal,
    transaction: ({ body }) => chaincodeCall('consortium:CreateProposal', body),
    location: (_input, data) => {
      const id = stringAt(data, 'proposalId');
      return id === undefined ? undefined : `/proposals/${segment(id)}`;
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/proposals',
    operationId: 'listProposals',
    summary: 'List proposals in one status (any member or org admin)',
    description: 'Chaincode `consortium:ListProposals`.',
    tags,
    query: ListProposalsQuery,
    response: ProposalPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('consortium:ListProposals', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/proposals/:proposalId',
    operationId: 'getProposal',
    summary: 'A proposal with its approvals (any member or org admin)',
    description: 'Chaincode `consortium:GetProposal`.',
    tags,
    params: ProposalParams,
    response: Proposal,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('consortium:GetProposal', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/proposals/:proposalId/approvals',
    operationId: 'approveProposal',
    summary: "Approve a proposal on behalf of the caller's org (org admin, once per org)",
    description: 'Chaincode `consortium:ApproveProposal`. A second approval by the same org answers 409 CONFLICT.',
    tags,
    params: ProposalParams,
    successStatus: 200,
    response: Proposal,
    transaction: ({ params }) => chaincodeCall('consortium:ApproveProposal', params),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/proposals/:proposalId/execution',
    operationId: 'executeProposal',
    summary: 'Carry out a proposal a majority of orgs approved (org admin)',
    description:
      'Chaincode `consortium:ExecuteProposal`. Too few approvals answer 409 ILLEGAL_STATE; the result is in ' +
      '`data.result`.',
    tags,
    params: ProposalParams,
    successStatus: 200,
    response: Proposal,
    transaction: ({ params }) => chaincodeCall('consortium:ExecuteProposal', params),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/proposals/:proposalId/withdrawal',
    operationId: 'withdrawProposal',
    summary: 'Withdraw an open proposal (admin of the proposing org)',
    description: 'Chaincode `consortium:WithdrawProposal`.',
    tags,
    params: ProposalParams,
    body: WithdrawProposalBody,
    successStatus: 200,
    response: Proposal,
    transaction: ({ params, body }) =>
      chaincodeCall('consortium:WithdrawProposal', { proposalId: params.proposalId, reason: body.reason }),
  }),
];
