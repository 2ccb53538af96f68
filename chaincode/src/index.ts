/**
 * AllianceLedger chaincode: one fabric-contract-api chaincode with a namespaced contract per module.
 * `fabric-chaincode-node start` loads `contracts` from this module (package.json `main`).
 */
import * as path from 'node:path';
import { installShimCaches } from './lib/shim-caches';
import { ConsortiumContract } from './consortium/consortium.contract';
import { CreditContract } from './credit/credit.contract';
import { EnergyContract } from './energy/energy.contract';
import { EvidenceContract } from './evidence/evidence.contract';
import { FinanceContract } from './finance/finance.contract';
import { KeeperContract } from './keeper/keeper.contract';
import { MembersContract } from './members/member.contract';
import { FxContract } from './fx/fx.contract';
import { OraclesContract } from './oracles/oracles.contract';
import { RightsContract } from './rights/rights.contract';
import { SchemaContract } from './schema/schema.contract';
import { SettlementsContract } from './settlements/settlement.contract';
import { WalletsContract } from './wallets/wallet.contract';

// Before any transaction: the chaincode server's per-message costs (lib/shim-caches.ts).
installShimCaches();

/** The contract classes, in the form fabric-contract-api expects. */
export const contracts: (new () => unknown)[] = [
  MembersContract,
  ConsortiumContract,
  WalletsContract,
  SettlementsContract,
  EvidenceContract,
  CreditContract,
  FinanceContract,
  KeeperContract,
  RightsContract,
  SchemaContract,
  OraclesContract,
  FxContract,
  EnergyContract,
];

/** Fabric `collections_config.json` of the private data collections, shipped with the chaincode. */
export const COLLECTIONS_CONFIG_PATH: string = path.join(__dirname, '..', 'collections_config.json');

/**
 * Schema versions of stored records: a newer chaincode version declares how a record type changed
 * (docs/chaincode.md, "Writing a migration"), and reuses the stores and services below.
 */
export {
  declareSchemaVersion,
  schemaVersionOf,
  SCHEMA_VERSION_FIELD,
  type StoredFields,
  type Upgrade,
} from './lib/schema';
export { AllianceContract } from './lib/alliance.contract';
export { AllianceContext } from './lib/context';
export { authorize, grant } from './lib/auth';
export { fail } from './lib/errors';
export { parseInput } from './lib/validate';
export { loadSettlement, saveSettlement } from './settlements/settlement.store';
/** The error catalogue, for clients that map chaincode errors (the gateway). */
export { ChaincodeError, ErrorCode, parseErrorMessage, type ErrorBody } from './lib/errors';
/** The chaincode event names, for clients that subscribe to them. */
export { EventName } from './lib/events';
export { TIME_LIMIT } from './settlements/time-limit';
/** The deadlines the keeper acts on, and what it reads. */
export { DeadlineKind } from './keeper/deadline.store';
export type { DueDeadline, DuePage } from './keeper/keeper.service';
export type { Audience, EventPayload } from '@allianceledger/contract';
/** Merkle batches of evidence: the algorithm, so that anyone can check a proof offline. */
export { merkleLeaf, merkleNode, merkleProof, merkleRoot, verifyMerkleProof } from './evidence/merkle';
export type { MerkleProof, MerkleStep } from './evidence/merkle';
export { MAX_BATCH_LEAVES } from './evidence/evidence.service';
/** The credit score and the kinds of credit record with their weights. */
export { CREDIT_KINDS, CreditKind } from './credit/credit.kinds';
export { GRADES, scoreOf } from './credit/credit-score';
/** The financing discount, exactly as the chaincode computes it. */
export { RATE_PATTERN, discountDays, discountedAmount, parseRate } from './finance/discount';
export { MAX_SPLIT_PARTS } from './finance/receivable.service';
/** The royalty of a commodity-right resale, exactly as the chaincode computes it. */
export { resaleShares } from './rights/royalty';
/** The arithmetic of an energy window (freeze, cost, pro rata, certificate units), exactly as the chaincode does it. */
export { certificateUnits, costOf, frozenFor, proRata, settleShares } from './energy/allocation';
/** Shapes of the records transactions return, for typed clients. */
export type { ProposalRecord } from './consortium/proposal.service';
export type { HistoryEntry, Page } from './lib/ledger';
export type { MemberRecord } from './members/member.store';
export type { OrderDetailsRecord, OrderSnapshot } from './settlements/order-details';
export type { CreditDraw, OrderRecord, SettlementRecord } from './settlements/settlement.store';
export type { AccountRecord, BalanceView } from './wallets/balance.store';
export type { CurrencyView } from './wallets/currency.service';
export type { RedemptionRecord } from './wallets/redemption.service';
export type { BatchRecord, BatchRef, EvidenceRecord } from './evidence/evidence.store';
export type { AnchoredBatch, EvidenceProof, Verification } from './evidence/evidence.service';
export type { CreditRecord, ListEntry } from './credit/credit.store';
export type { CreditReport } from './credit/credit.service';
export type { Delisted } from './credit/credit-list.actions';
export type { CreditLineRecord, ReceiptRecord, ReceivableRecord } from './finance/finance.store';
export type { SplitResult } from './finance/receivable.service';
export type { CreditLineMovement } from './finance/credit-line.service';
