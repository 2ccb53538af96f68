/**
 * AllianceLedger chaincode: one fabric-contract-api chaincode with a namespaced contract per module.
 * `fabric-chaincode-node start` loads `contracts` from this module (package.json `main`).
 */
import * as path from 'node:path';
import { ConsortiumContract } from './consortium/consortium.contract';
import { MembersContract } from './members/member.contract';
import { SettlementsContract } from './settlements/settlement.contract';
import { WalletsContract } from './wallets/wallet.contract';

/** The contract classes, in the form fabric-contract-api expects. */
export const contracts: (new () => unknown)[] = [
  MembersContract,
  ConsortiumContract,
  WalletsContract,
  SettlementsContract,
];

/** Fabric `collections_config.json` of the private data collections, shipped with the chaincode. */
export const COLLECTIONS_CONFIG_PATH: string = path.join(__dirname, '..', 'collections_config.json');

/** The error catalogue, for clients that map chaincode errors (the gateway). */
export { ChaincodeError, ErrorCode, parseErrorMessage, type ErrorBody } from './lib/errors';
/** The chaincode event names, for clients that subscribe to them. */
export { EventName } from './lib/events';
export { TIME_LIMIT } from './settlements/time-limit';
/** Shapes of the records transactions return, for typed clients. */
export type { ProposalRecord } from './consortium/proposal.service';
export type { HistoryEntry, Page } from './lib/ledger';
export type { MemberRecord } from './members/member.store';
export type { OrderDetailsRecord, OrderSnapshot } from './settlements/order-details';
export type { OrderRecord, SettlementRecord } from './settlements/settlement.store';
export type { AccountRecord, BalanceView } from './wallets/balance.store';
export type { CurrencyView } from './wallets/currency.service';
export type { RedemptionRecord } from './wallets/redemption.service';
