import { z } from 'zod';
import { FeedDefinition, OracleAddition, OracleRemoval } from './oracles';
import { CurrencyCode, pageOf, Paging, PartyId, PartyRef, RecordRef, text, Timestamp, TxId } from './primitives';

/** A consortium proposal's status. */
export const ProposalStatus = { OPEN: 'OPEN', EXECUTED: 'EXECUTED', WITHDRAWN: 'WITHDRAWN' } as const;
/** A proposal status. */
export type ProposalStatus = (typeof ProposalStatus)[keyof typeof ProposalStatus];

/** What a consortium decision can do. BLACKLIST, WHITELIST and DELIST carry `{party, reason}`. */
export const ProposalKind = {
  REGISTER_CURRENCY: 'REGISTER_CURRENCY',
  BLACKLIST: 'BLACKLIST',
  WHITELIST: 'WHITELIST',
  DELIST: 'DELIST',
  /** Registers an oracle feed (`FeedDefinition`). */
  REGISTER_FEED: 'REGISTER_FEED',
  /** Takes a misreporting oracle off a feed (`OracleRemoval`). */
  REMOVE_ORACLE: 'REMOVE_ORACLE',
  /** Puts an oracle on a feed, e.g. in place of a removed one (`OracleAddition`). */
  ADD_ORACLE: 'ADD_ORACLE',
} as const;
/** A proposal kind. */
export type ProposalKind = (typeof ProposalKind)[keyof typeof ProposalKind];

/** The payload of a REGISTER_CURRENCY proposal: the currency to register. */
export const CurrencyDefinition = z
  .strictObject({
    code: CurrencyCode.describe('Must not be registered yet'),
    name: text(64),
    decimals: z.number().int().min(0).max(18).describe('Digits after the decimal point of one major unit'),
    issuer: PartyRef.describe(
      'An ACTIVE member with the `issuer` role: the only party that may issue it (the proposal stores its party id)',
    ),
  })
  .meta({ id: 'CurrencyDefinition' });
/** A validated currency definition. */
export type CurrencyDefinition = z.infer<typeof CurrencyDefinition>;

/** The payload of a BLACKLIST, WHITELIST or DELIST proposal: the party and why. */
export const ListDecision = z
  .strictObject({
    party: PartyRef.describe('A registered member (the proposal stores its party id)'),
    reason: text(1024),
  })
  .meta({ id: 'ListDecision' });
/** A validated list decision. */
export type ListDecision = z.infer<typeof ListDecision>;

/** The payload schema of each proposal kind. */
export const PROPOSAL_PAYLOADS = {
  REGISTER_CURRENCY: CurrencyDefinition,
  BLACKLIST: ListDecision,
  WHITELIST: ListDecision,
  DELIST: ListDecision,
  REGISTER_FEED: FeedDefinition,
  REMOVE_ORACLE: OracleRemoval,
  ADD_ORACLE: OracleAddition,
} as const satisfies Record<ProposalKind, z.ZodType>;

const description = text(1024).optional();

/** `consortium:CreateProposal`: a kind and its payload. */
export const CreateProposalInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('REGISTER_CURRENCY'), payload: CurrencyDefinition, description }),
  z.strictObject({ kind: z.literal('BLACKLIST'), payload: ListDecision, description }),
  z.strictObject({ kind: z.literal('WHITELIST'), payload: ListDecision, description }),
  z.strictObject({ kind: z.literal('DELIST'), payload: ListDecision, description }),
  z.strictObject({ kind: z.literal('REGISTER_FEED'), payload: FeedDefinition, description }),
  z.strictObject({ kind: z.literal('REMOVE_ORACLE'), payload: OracleRemoval, description }),
  z.strictObject({ kind: z.literal('ADD_ORACLE'), payload: OracleAddition, description }),
]);
/** `consortium:ApproveProposal`, `ExecuteProposal`, `GetProposal`. */
export const ProposalRefInput = z.strictObject({ proposalId: RecordRef });
/** `consortium:WithdrawProposal`. */
export const WithdrawProposalInput = z.strictObject({ proposalId: RecordRef, reason: text(1024) });
/** `consortium:ListProposals`: proposals in one status. */
export const ListProposalsInput = z.strictObject({ status: z.enum(ProposalStatus), ...Paging });

/** A consortium decision: created OPEN, approved by a majority of member orgs, then executed. */
export const ProposalRecord = z
  .object({
    proposalId: TxId.describe('The id of the transaction that created it'),
    kind: z.enum(ProposalKind),
    payload: z
      .union([CurrencyDefinition, ListDecision, FeedDefinition, OracleRemoval, OracleAddition])
      .describe(
        'Per kind: REGISTER_CURRENCY carries the currency; the list kinds the party and reason; REGISTER_FEED ' +
          'the feed; REMOVE_ORACLE and ADD_ORACLE the feed, the oracle and the reason',
      ),
    description: z.string(),
    proposedBy: PartyId,
    proposerMsp: z.string(),
    approvals: z.array(z.object({ mspId: z.string(), by: PartyId, at: Timestamp })).describe('One per org'),
    required: z.number().int().describe('Org approvals needed: a majority of the consortium orgs'),
    status: z.enum(ProposalStatus),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    result: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'What the execution did: REGISTER_CURRENCY the currency record, BLACKLIST and WHITELIST the list entry, ' +
          'DELIST `{party, status: "NONE", removed}`, REGISTER_FEED, REMOVE_ORACLE and ADD_ORACLE the feed',
      ),
  })
  .meta({ id: 'Proposal' });
/** A consortium decision. */
export type ProposalRecord = z.infer<typeof ProposalRecord>;

export const ProposalPage = pageOf(ProposalRecord);
