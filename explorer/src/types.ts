/**
 * The gateway's answers the explorer reads: the schemas of its OpenAPI document (/openapi.json), as the
 * client package generates them (`make openapi`) — stated once, so a change in the gateway's answers
 * fails the explorer's type check. Type-only: nothing of the client package is bundled.
 */
import type { components } from '@allianceledger/client/generated';

type Schemas = components['schemas'];

export type Activity = Schemas['ChainActivity'];
export type Tally = Activity['byOrganisation'][number];
export type BlockList = Schemas['BlockList'];
export type Block = Schemas['Block'];
/** A block as listings show it: `Block` without its transactions. */
export type BlockListItem = Activity['recentBlocks'][number];
export type TransactionSummary = Block['transactions'][number];
export type Transaction = Schemas['Transaction'];
export type Verification = Schemas['EvidenceVerification'];
export type NetworkView = Schemas['NetworkView'];
export type NetworkNode = NetworkView['nodes'][number];
