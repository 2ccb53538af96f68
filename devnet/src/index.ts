/**
 * devnet — the embedded Hyperledger Fabric development ledger.
 *
 * @example
 * ```ts
 * const devnet = await Devnet.open({ dataDir: '.devnet', chaincodes: [{ definition: { name: 'alliance', version: '1', contracts } }] });
 * const buyer = devnet.connect(await devnet.identity('EcommerceMSP', 'buyer1'));
 * await buyer.getContract('alliance').submitTransaction('Wallets:Transfer', JSON.stringify(input));
 *
 * // Or serve it as a Fabric peer, for @hyperledger/fabric-gateway clients and the peer CLI:
 * const server = await startDevnetServer({ devnet, port: 7051, tls: true }); // { address, tlsRootCertPem, close() }
 * ```
 */
export {
  Devnet,
  type BroadcastResult,
  type ChainInfoView,
  type ChaincodeEvent,
  type DeployedChaincode,
  type DevnetOptions,
  type OrganizationInfo,
  type SignedData,
  type TransactionStatus,
} from './devnet';
export { startDevnetServer, type DevnetServer, type DevnetServerOptions } from './grpc/server';
/** Fabric CA's REST API over devnet's organisation CAs (register, enroll, revoke…), for onboarding. */
export {
  FabricCaCode,
  FabricCaError,
  REGISTRAR_ID,
  startDevnetCaServer,
  type DevnetCaServer,
  type DevnetCaServerOptions,
} from './ca-server';
export { serveDevnetCas } from './ca-server/serve';
export type { TlsMaterial } from './grpc/tls';
export type { ErrorDetail } from './grpc/status-errors';
export { DevnetContract, DevnetGateway, type ProposalOptions, type SubmittedTransaction } from './client';
export { CommitError, EndorseError, LedgerClosedError, LedgerLockedError, SubmitError } from './errors';
export type { BatchOptions } from './orderer/block-cutter';
export type { ChaincodeDefinition, ContractClass } from './peer/chaincode-runtime';
export type { CollectionConfigJson } from './peer/collections';
export { DEFAULT_CHANNEL, DEFAULT_ORGANIZATIONS } from './network-config';
export * as msp from './msp';
/** The Fabric protocol and MSP identity loading devnet is built on; import them from the package itself. */
export { protocol } from '@allianceledger/fabric-protocol';
