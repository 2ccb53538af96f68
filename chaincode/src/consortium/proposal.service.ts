import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { CONSORTIUM, emit, EventName } from '../lib/events';
import { compositeKey, getOrThrow, moveIndex, page, put, type Page } from '../lib/ledger';
import { requiredApprovals } from '../lib/organizations';
import type { PartyId } from '../lib/party';
import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { DEFAULT_PAGE_SIZE, object, oneOf, optional, PAGING, parseInput, text } from '../lib/validate';
import { PROPOSAL_ACTIONS, ProposalKind } from './proposal.actions';
import { ProposalAction, ProposalMachine, ProposalStatus } from './proposal.states';

/** Key type of proposals: `proposal` + [proposalId]. */
export const PROPOSAL_KEY = 'proposal';
/** Index of proposals by status: `proposal~status` + [status, proposalId]. */
export const PROPOSAL_BY_STATUS = 'proposal~status';

/** One org's approval. */
export interface Approval {
  readonly mspId: string;
  readonly by: PartyId;
  readonly at: string;
}

/** A consortium decision: propose → approve (majority of orgs) → execute. */
export interface ProposalRecord {
  /** The id of the transaction that created it. */
  readonly proposalId: string;
  readonly kind: ProposalKind;
  readonly payload: object;
  readonly description: string;
  readonly proposedBy: PartyId;
  readonly proposerMsp: string;
  readonly approvals: readonly Approval[];
  /** Org approvals needed: ⌊n/2⌋ + 1 of the n consortium orgs at creation. */
  readonly required: number;
  readonly status: ProposalStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly result?: object;
}

const CreateInput = object({
  kind: oneOf(ProposalKind),
  payload: (value: unknown) => value,
  description: optional(text({ max: 1024 })),
});
const ProposalRef = object({ proposalId: text({ max: 128 }) });
const WithdrawInput = object({ proposalId: text({ max: 128 }), reason: text({ max: 1024 }) });
const ListInput = object({ status: oneOf(ProposalStatus), ...PAGING });

/** CreateProposal: an admin of a consortium org proposes a decision. Its org still has to approve. */
export async function createProposal(ctx: AllianceContext, input: string): Promise<ProposalRecord> {
  const req = parseInput(input, CreateInput);
  const action = PROPOSAL_ACTIONS[req.kind];
  const payload = action.parse(req.payload);
  const { caller } = await authorize(ctx, 'CreateProposal', [grant.orgAdmin()]);
  await action.precheck(ctx, payload);
  const now = txTime(ctx).iso;
  const record: ProposalRecord = {
    proposalId: ctx.stub.getTxID(),
    kind: req.kind,
    payload,
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
  const req = parseInput(input, ProposalRef);
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
  await save(ctx, record, current.status);
  emit(ctx, EventName.PROPOSAL_APPROVED, CONSORTIUM, { ...record });
  return record;
}

/** ExecuteProposal: any consortium org admin carries out a proposal once a majority approved it. */
export async function executeProposal(ctx: AllianceContext, input: string): Promise<ProposalRecord> {
  const req = parseInput(input, ProposalRef);
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
  const record: ProposalRecord = { ...current, status, result, updatedAt: txTime(ctx).iso };
  await save(ctx, record, current.status);
  emit(ctx, EventName.PROPOSAL_EXECUTED, CONSORTIUM, { ...record });
  return record;
}

/** WithdrawProposal: an admin of the proposing org withdraws an open proposal. */
export async function withdrawProposal(ctx: AllianceContext, input: string): Promise<ProposalRecord> {
  const req = parseInput(input, WithdrawInput);
  const current = await load(ctx, req.proposalId);
  await authorize(ctx, 'WithdrawProposal', [grant.orgAdmin(current.proposerMsp)]);
  const record: ProposalRecord = {
    ...current,
    status: nextState(ProposalMachine, current.status, ProposalAction.WITHDRAW),
    updatedAt: txTime(ctx).iso,
  };
  await save(ctx, record, current.status);
  emit(ctx, EventName.PROPOSAL_WITHDRAWN, CONSORTIUM, { ...record, reason: req.reason });
  return record;
}

/** GetProposal: decisions are visible to every member and org admin. */
export async function getProposal(ctx: AllianceContext, input: string): Promise<ProposalRecord> {
  const req = parseInput(input, ProposalRef);
  await authorize(ctx, 'GetProposal', [grant.member(), grant.orgAdmin()]);
  return load(ctx, req.proposalId);
}

/** ListProposals: proposals in one status, oldest id first. */
export async function listProposals(ctx: AllianceContext, input: string): Promise<Page<ProposalRecord>> {
  const req = parseInput(input, ListInput);
  await authorize(ctx, 'ListProposals', [grant.member(), grant.orgAdmin()]);
  const rows = await page(ctx, PROPOSAL_BY_STATUS, [req.status], {
    pageSize: req.pageSize ?? DEFAULT_PAGE_SIZE,
    bookmark: req.bookmark ?? '',
  });
  const items: ProposalRecord[] = [];
  for (const row of rows.items) items.push(await load(ctx, row.attributes[1] ?? ''));
  return { items, bookmark: rows.bookmark };
}

function load(ctx: AllianceContext, proposalId: string): Promise<ProposalRecord> {
  return getOrThrow<ProposalRecord>(ctx, compositeKey(ctx, PROPOSAL_KEY, [proposalId]), 'proposal', proposalId);
}

async function save(ctx: AllianceContext, record: ProposalRecord, previous: ProposalStatus | undefined): Promise<void> {
  await put(ctx, compositeKey(ctx, PROPOSAL_KEY, [record.proposalId]), record);
  const at = (status: ProposalStatus): string[] => [status, record.proposalId];
  await moveIndex(ctx, PROPOSAL_BY_STATUS, previous === undefined ? undefined : at(previous), at(record.status));
}
