import type { ProposalRecord } from '@allianceledger/chaincode';
import { z } from 'zod';
import type { Describes, Expect } from '../common/chaincode-result';
import { CurrencyCode, PartyId, text, Timestamp, TxId } from '../common/ids.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

export const ProposalStatus = z.enum(['OPEN', 'EXECUTED', 'WITHDRAWN']);

/** The payload of a REGISTER_CURRENCY proposal: the currency to register. */
export const CurrencyDefinition = z
  .strictObject({
    code: CurrencyCode.describe('Must not be registered yet'),
    name: text(64),
    decimals: z.number().int().min(0).max(18).describe('Digits after the decimal point of one major unit'),
    issuer: PartyId.describe('An ACTIVE member with the `issuer` role: the only party that may issue it'),
  })
  .meta({ id: 'CurrencyDefinition' });

/** The payload of a BLACKLIST, WHITELIST or DELIST proposal: the party and why. */
export const ListDecision = z
  .strictObject({
    party: PartyId.describe('A registered member'),
    reason: text(1024),
  })
  .meta({ id: 'ListDecision' });

export const ProposalKind = z
  .enum(['REGISTER_CURRENCY', 'BLACKLIST', 'WHITELIST', 'DELIST'])
  .describe(
    'REGISTER_CURRENCY registers a currency; BLACKLIST and WHITELIST put a party on that list (replacing the ' +
      'other); DELIST removes it from whichever list holds it. A blacklisted party opens no new financing.',
  );

/** A new proposal, by kind; each kind has its own payload. */
export const CreateProposalBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('REGISTER_CURRENCY'),
    payload: CurrencyDefinition,
    description: text(1024).optional(),
  }),
  ...(['BLACKLIST', 'WHITELIST', 'DELIST'] as const).map((kind) =>
    z.strictObject({ kind: z.literal(kind), payload: ListDecision, description: text(1024).optional() }),
  ),
]);

/** A consortium decision: created OPEN, approved by a majority of member orgs, then executed. */
export const Proposal = z
  .object({
    proposalId: TxId.describe('The id of the transaction that created it'),
    kind: ProposalKind,
    payload: z
      .union([CurrencyDefinition, ListDecision])
      .describe('Per kind: REGISTER_CURRENCY carries the currency; the list kinds carry the party and reason'),
    description: z.string(),
    proposedBy: PartyId,
    proposerMsp: z.string(),
    approvals: z.array(z.object({ mspId: z.string(), by: PartyId, at: Timestamp })).describe('One per org'),
    required: z.number().int().describe('Org approvals needed: a majority of the consortium orgs'),
    status: ProposalStatus,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    result: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'What the execution did: REGISTER_CURRENCY the currency record, BLACKLIST and WHITELIST the list entry, ' +
          'DELIST `{party, status: "NONE", removed}`',
      ),
  })
  .meta({ id: 'Proposal' });

/** The chaincode types `payload` and `result` as plain `object`: they are compared by kind, not here. */
type Opaque = 'payload' | 'result';
export type ProposalMatchesChaincode = Expect<
  Describes<Omit<z.infer<typeof Proposal>, Opaque>, Omit<ProposalRecord, Opaque>>
>;

export const ProposalPage = pageOf(Proposal).meta({ id: 'ProposalPage' });

export const ProposalParams = z.strictObject({ proposalId: TxId });

export const WithdrawProposalBody = z.strictObject({ reason: text(1024) });

export const ListProposalsQuery = z.strictObject({ status: ProposalStatus, ...Paging });
