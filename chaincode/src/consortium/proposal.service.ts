import {
  CreateProposalInput,
  ListProposalsInput,
  ProposalRefInput,
  requiredApprovals,
  WithdrawProposalInput,
  type InputOf,
  type ProposalRecord,
} from '@allianceledger/contract';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { CONSORTIUM, emit, EventName } from '../lib/events';
import { compositeKey, getOrThrow, type Page } from '../lib/ledger';
import { listByIndex, saveRecord } from '../lib/records';
import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { PROPOSAL_ACTIONS } from './proposal.actions';
import { ProposalAction, ProposalMachine, ProposalStatus } from './proposal.states';
import { withParties } from '../members/handle.store';
import { withOracleParties } from '../oracles/feed.actions';

/** Key type of proposals: `proposal` + [proposalId]. */
export const PROPOSAL_KEY = 'proposal';
/** Index of proposals by status: `proposal~status` + [status, proposalId]. */
export const PROPOSAL_BY_STATUS = 'proposal~status';

export type { ProposalRecord };

type CreateProposalRequest = InputOf<'consortium:CreateProposal'>;

/** The proposal stores the party id a handle names: approvers decide on an identity, not a name. */
async function withPayloadParties(ctx: AllianceContext, req: CreateProposalRequest): Promise<CreateProposalRequest> {
  if (req.kind === 'REGISTER_CURRENCY') {
    return { ...req, payload: await withParties(ctx, req.payload, ['issuer']) };
  }
  if (req.kind === 'REGISTER_FEED') return { ...req, payload: await withOracleParties(ctx, req.payload) };
  if (req.kind === 'REMOVE_ORACLE' || req.kind === 'ADD_ORACLE') {
    return { ...req, payload: await withParties(ctx, req.payload, ['oracle']) };
  }
  return { ...req, payload: await withParties(ctx, req.payload, ['party']) };
}

/** CreateProposal: an admin of a consortium org proposes a decision. Its org still has to approve. */
export async function createProposal(ctx: AllianceContext, input: string): Promise<ProposalRecord> {
  const { caller } = await authorize(ctx, 'CreateProposal', [grant.orgAdmin()]);
  const req = await withPayloadParties(ctx, parseInput(input, CreateProposalInput));
  await PROPOSAL_ACTIONS[req.kind].precheck(ctx, req.payload);
  const now = txTime(ctx).iso;
  const record: ProposalRecord = {
    proposalId: ctx.stub.getTxID(),
    kind: req.kind,
    payload: req.payload,
    description: req.description ?? '',
    proposedBy: caller.party,
    proposerMsp: caller.mspId,
    approvals: [],
    required: requiredApprovals(),
    status: ProposalStatus.OPEN,
    createdAt: now,
    updatedAt: now,
  };
  await save(ctx, record, undefined);
  emit(ctx, EventName.PROPOSAL_CREATED, CONSORTIUM, { ...record });
  return record;
}

/** ApproveProposal: one approval per org, by an admin of that org. */
export async function approveProposal(ctx: AllianceContext, input: string): Promise<ProposalRecord> {
  const req = parseInput(input, ProposalRefInput);
  const { caller } = await authorize(ctx, 'ApproveProposal', [grant.orgAdmin()]);
  const current = await load(ctx, req.proposalId);
  const status = nextState(ProposalMachine, current.status, ProposalAction.APPROVE);
  if (current.approvals.some((a) => a.mspId === caller.mspId)) {
    throw fail.conflict(`${caller.mspId} has already approved this proposal`, { proposalId: req.proposalId });
  }
  const now = txTime(ctx).iso;
  const record: ProposalRecord = {
    ...current,
    status,
    approvals: [...current.approvals, { mspId: caller.mspId, by: caller.party, at: now }],
    updatedAt: now,
  };
  await save(ctx, record, current);
  emit(ctx, EventName.PROPOSAL_APPROVED, CONSORTIUM, { ...record });
  return record;
}

/** ExecuteProposal: any consortium org admin carries out a proposal once a majority approved it. */
export async function executeProposal(ctx: AllianceContext, input: string): Promise<ProposalRecord> {
  const req = parseInput(input, ProposalRefInput);
  await authorize(ctx, 'ExecuteProposal', [grant.orgAdmin()]);
  const current = await load(ctx, req.proposalId);
  const status = nextState(ProposalMachine, current.status, ProposalAction.EXECUTE);
  if (current.approvals.length < current.required) {
    throw fail.illegalState(`proposal needs ${current.required} org approvals`, {
      proposalId: req.proposalId,
      approvals: current.approvals.length,
      required: current.required,
    });
  }
  const result = await PROPOSAL_ACTIONS[current.kind].execute(ctx, current.payload, current.proposalId);
  const record: ProposalRecord = {
    ...current,
    status,
    result: result as Record<string, unknown>,
    updatedAt: txTime(ctx).iso,
  };
  await save(ctx, record, current);
  emit(ctx, EventName.PROPOSAL_EXECUTED, CONSORTIUM, { ...record });
  return record;
}

/** WithdrawProposal: an admin of the proposing org withdraws an open proposal. */
export async function withdrawProposal(ctx: AllianceContext, input: string): Promise<ProposalRecord> {
  const req = parseInput(input, WithdrawProposalInput);
  const current = await load(ctx, req.proposalId);
  await authorize(ctx, 'WithdrawProposal', [grant.orgAdmin(current.proposerMsp)]);
  const record: ProposalRecord = {
    ...current,
    status: nextState(ProposalMachine, current.status, ProposalAction.WITHDRAW),
    updatedAt: txTime(ctx).iso,
  };
  await save(ctx, record, current);
  emit(ctx, EventName.PROPOSAL_WITHDRAWN, CONSORTIUM, { ...record, reason: req.reason });
  return record;
}

/** GetProposal: decisions are visible to every member and org admin. */
export async function getProposal(ctx: AllianceContext, input: string): Promise<ProposalRecord> {
  const req = parseInput(input, ProposalRefInput);
  await authorize(ctx, 'GetProposal', [grant.member(), grant.orgAdmin()]);
  return load(ctx, req.proposalId);
}

/** ListProposals: proposals in one status, oldest id first. */
export async function listProposals(ctx: AllianceContext, input: string): Promise<Page<ProposalRecord>> {
  const req = parseInput(input, ListProposalsInput);
  await authorize(ctx, 'ListProposals', [grant.member(), grant.orgAdmin()]);
  return listByIndex(ctx, PROPOSAL_BY_STATUS, [req.status], pageRequest(req), (id) => load(ctx, id));
}

function load(ctx: AllianceContext, proposalId: string): Promise<ProposalRecord> {
  return getOrThrow<ProposalRecord>(ctx, compositeKey(ctx, PROPOSAL_KEY, [proposalId]), 'proposal', proposalId);
}

const BY_STATUS = [{ type: PROPOSAL_BY_STATUS, attributes: (r: ProposalRecord) => [r.status] }];

function save(ctx: AllianceContext, record: ProposalRecord, previous: ProposalRecord | undefined): Promise<void> {
  const key = compositeKey(ctx, PROPOSAL_KEY, [record.proposalId]);
  return saveRecord(ctx, key, record.proposalId, record, previous, BY_STATUS);
}
