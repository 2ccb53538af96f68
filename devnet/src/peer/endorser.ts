import { peer } from '@hyperledger/fabric-protos';
import type { LedgerStore } from '../ledger/ledger-store';
import type { LoadedSigningIdentity } from '../msp';
import {
  computeTxId,
  ERROR_STATUS,
  ERROR_THRESHOLD,
  encodeTxRwSet,
  newProposalResponse,
  parseSignedProposal,
  toHex,
  type ChaincodeResponse,
  type ProposalBundle,
} from '../protocol';
import type { ChaincodeRuntime } from './chaincode-runtime';
import type { Collection } from './collections';
import type { MembershipService } from './membership';
import type { SignatureVerifier } from './signature-verifier';
import type { SystemChaincodes } from './system-chaincodes';
import { TxSimulator, type SimulationResults } from './tx-simulator';

export interface InstalledChaincode {
  readonly runtime: ChaincodeRuntime;
  readonly collections: ReadonlyMap<string, Collection>;
}

/** A proposal the peer endorsed: its signed response and everything ordering and commit need. */
export interface Endorsement {
  readonly proposal: ProposalBundle;
  readonly response: peer.ProposalResponse;
  /** The chaincode's return value. */
  readonly result: Uint8Array;
  readonly simulation: SimulationResults;
  readonly rwsetBytes: Uint8Array;
  readonly endorserPem: string;
}

/**
 * Where a proposal failed, which decides how a client hears of it (see Fabric's endorser.ProcessProposal):
 * - `refused`: unpacking, validation (header, tx id, creator, signature) or the duplicate check failed; the
 *   peer answers a gRPC error as well as the response.
 * - `channel`: the channel is not on this peer; `definition`: the chaincode is not defined on the channel.
 *   Both are 500 responses made by the peer, without a payload.
 * - `chaincode`: the chaincode answered a status ≥ 400; at 500 and above the response carries the
 *   (unendorsed) payload, as a peer's does.
 */
export type ProposalFailureKind = 'refused' | 'channel' | 'definition' | 'chaincode';

export interface ProposalFailure {
  readonly kind: ProposalFailureKind;
  /** Empty when the proposal could not be unpacked. */
  readonly txId: string;
  /** The creator's MSP ID, when the proposal could be unpacked. */
  readonly mspId: string;
  /** Exactly the message a Fabric peer puts in its response (or error). */
  readonly message: string;
  /** What a Fabric peer only logs: why the creator or signature was refused. */
  readonly detail?: string;
  /** The ProposalResponse the peer returns (status 500 or the chaincode's status). */
  readonly response: peer.ProposalResponse;
}

export type ProposalOutcome =
  | { readonly endorsement: Endorsement; readonly failure?: undefined }
  | { readonly endorsement?: undefined; readonly failure: ProposalFailure };

/** Fabric's version string of system chaincodes (scc.SysCCVersion). */
const SYSTEM_CHAINCODE_VERSION = 'syscc';
/** System chaincodes read the ledger outside a simulation: their read/write set is empty. */
const NO_SIMULATION: SimulationResults = { rwset: { namespaces: [] }, pvt: undefined };

interface ChaincodeRun {
  readonly response: ChaincodeResponse;
  readonly event: { readonly eventName: string; readonly payload: Uint8Array } | undefined;
  readonly simulation: SimulationResults;
  readonly version: string;
}

/**
 * The endorsing peer (Fabric's endorser.ProcessProposal): unpacks and validates the signed proposal
 * (header, tx id, creator known to the channel, signature, duplicate), simulates it against a snapshot
 * of committed state with the real contract dispatch (or runs a system chaincode), and signs the
 * proposal response as the peer of the creator's organisation.
 */
export class Endorser {
  readonly #channelId: string;
  readonly #store: LedgerStore;
  readonly #membership: MembershipService;
  readonly #chaincodes: ReadonlyMap<string, InstalledChaincode>;
  readonly #systemChaincodes: SystemChaincodes;
  readonly #peers: ReadonlyMap<string, LoadedSigningIdentity>;
  readonly #verifier: SignatureVerifier;

  constructor(
    opts: Readonly<{
      channelId: string;
      store: LedgerStore;
      membership: MembershipService;
      chaincodes: ReadonlyMap<string, InstalledChaincode>;
      systemChaincodes: SystemChaincodes;
      peers: ReadonlyMap<string, LoadedSigningIdentity>;
      verifier: SignatureVerifier;
    }>,
  ) {
    this.#channelId = opts.channelId;
    this.#store = opts.store;
    this.#membership = opts.membership;
    this.#chaincodes = opts.chaincodes;
    this.#systemChaincodes = opts.systemChaincodes;
    this.#peers = opts.peers;
    this.#verifier = opts.verifier;
  }

  /** Whether `name` is a chaincode this peer can run on its channel (an application or a system chaincode). */
  hasChaincode(name: string): boolean {
    return this.#chaincodes.has(name) || this.#systemChaincodes.has(name);
  }

  /**
   * Processes a signed proposal as a peer does; never throws for a bad proposal, it reports it. The peer of
   * `endorsingMspId` endorses (a gateway's target organisation), else the peer of the creator's organisation.
   */
  async process(signedProposal: peer.SignedProposal, endorsingMspId?: string): Promise<ProposalOutcome> {
    let proposal: ProposalBundle;
    try {
      proposal = parseSignedProposal(signedProposal);
    } catch (err) {
      return failed('refused', { txId: '', mspId: '' }, (err as Error).message);
    }
    // A proposal without a channel (the peer CLI's `channel getinfo` and `channel list`) may run only a
    // system chaincode and is answered unendorsed, as Fabric answers such "channel-less" proposals.
    const channelless = proposal.channelId === '';
    if (!channelless && proposal.channelId !== this.#channelId) {
      return failed('channel', proposal, `channel '${proposal.channelId}' not found`);
    }
    const refusal = await this.#validate(proposal);
    if (refusal) return failed('refused', proposal, `error validating proposal: ${refusal.message}`, refusal.detail);
    if (!channelless && (await this.#store.getTxLocation(proposal.txId)) !== undefined) {
      const creator = toHex(proposal.creatorBytes);
      return failed('refused', proposal, `duplicate transaction found [${proposal.txId}]. Creator [${creator}]`);
    }
    const endorser = this.#peers.get(endorsingMspId ?? proposal.creator.mspId);
    if (!endorser) {
      return failed(
        'refused',
        proposal,
        `access denied: channel [${proposal.channelId}] creator org [${proposal.creator.mspId}]`,
      );
    }
    const run =
      channelless && !this.#systemChaincodes.has(proposal.chaincodeName)
        ? undefined
        : await this.#run(proposal, endorser);
    if (!run) {
      const reason = channelless
        ? "could not get channel config for channel ''"
        : `chaincode ${proposal.chaincodeName} not found`;
      return failed(
        'definition',
        proposal,
        `make sure the chaincode ${proposal.chaincodeName} has been successfully defined on channel ` +
          `${proposal.channelId} and try again: ${reason}`,
      );
    }
    const { response, event, simulation, version } = run;
    const rwsetBytes = encodeTxRwSet(simulation.rwset);
    const proposalResponse =
      channelless && response.status < ERROR_STATUS
        ? unendorsedResponse(response)
        : await newProposalResponse({
            proposal,
            chaincodeName: proposal.chaincodeName,
            chaincodeVersion: version,
            response,
            rwset: rwsetBytes,
            ...(event ? { event } : {}),
            endorser,
          });
    if (response.status >= ERROR_THRESHOLD) {
      return {
        failure: {
          kind: 'chaincode',
          txId: proposal.txId,
          mspId: proposal.creator.mspId,
          message: response.message,
          response: proposalResponse,
        },
      };
    }
    return {
      endorsement: {
        proposal,
        response: proposalResponse,
        result: response.payload,
        simulation,
        rwsetBytes,
        endorserPem: endorser.certificatePem,
      },
    };
  }

  /** Fabric's UnpackedProposal.Validate: the reason the proposal is refused, or undefined. */
  async #validate(proposal: ProposalBundle): Promise<{ message: string; detail?: string } | undefined> {
    if (proposal.nonce.byteLength === 0) return { message: 'nonce is empty' };
    if (proposal.creatorBytes.byteLength === 0) return { message: 'creator is empty' };
    const expected = computeTxId(proposal.nonce, proposal.creatorBytes);
    if (proposal.txId !== expected) {
      return { message: `incorrectly computed txid '${proposal.txId}' -- expected '${expected}'` };
    }
    if (proposal.signature.byteLength === 0) return { message: 'empty signature bytes' };
    const { mspId } = proposal.creator;
    if (mspId === '') {
      return { message: `access denied: channel [${proposal.channelId}] creator org unknown, creator is malformed` };
    }
    const denied = `access denied: channel [${proposal.channelId}] creator org [${mspId}]`;
    const creatorPem = Buffer.from(proposal.creator.credentials).toString('utf8');
    const invalid = await this.#membership.validateCreator(mspId, creatorPem);
    if (invalid) return { message: denied, detail: `identity is not valid: ${invalid}` };
    const signed = await this.#verifier.verify({
      certificatePem: creatorPem,
      message: proposal.proposalBytes,
      signature: proposal.signature,
    });
    if (!signed) return { message: denied, detail: 'creator\u2019s signature over the proposal is not valid' };
    return undefined;
  }

  /** Runs the proposal's chaincode: a system chaincode, or the contract in a simulation; undefined if neither exists. */
  async #run(proposal: ProposalBundle, endorser: LoadedSigningIdentity): Promise<ChaincodeRun | undefined> {
    const system = this.#systemChaincodes.get(proposal.chaincodeName);
    if (system) {
      const response = await system.invoke({ args: proposal.args, proposal });
      return { response, event: undefined, simulation: NO_SIMULATION, version: SYSTEM_CHAINCODE_VERSION };
    }
    const chaincode = this.#chaincodes.get(proposal.chaincodeName);
    if (!chaincode) return undefined;
    return { ...(await this.#simulate(proposal, chaincode, endorser)), version: chaincode.runtime.definition.version };
  }

  async #simulate(
    proposal: ProposalBundle,
    chaincode: InstalledChaincode,
    endorser: LoadedSigningIdentity,
  ): Promise<Omit<ChaincodeRun, 'version'>> {
    const view = this.#store.view();
    const simulator = new TxSimulator({
      txId: proposal.txId,
      channelId: this.#channelId,
      namespace: proposal.chaincodeName,
      creatorMspId: proposal.creator.mspId,
      peerMspId: endorser.identity.mspId,
      view,
      collections: chaincode.collections,
      history: (ns, key) => this.#store.history(ns, key),
    });
    try {
      const invoked = await chaincode.runtime.invoke({
        txId: proposal.txId,
        channelId: this.#channelId,
        args: proposal.args,
        signedProposal: proposal.signedProposal,
        simulator,
      });
      return { ...invoked, simulation: await simulator.finish() };
    } finally {
      await view.release();
    }
  }
}

/** A response without payload or endorsement: how a peer answers a proposal made on no channel. */
function unendorsedResponse(response: ChaincodeResponse): peer.ProposalResponse {
  const result = new peer.Response();
  result.setStatus(response.status);
  result.setMessage(response.message);
  result.setPayload(response.payload);
  const proposalResponse = new peer.ProposalResponse();
  proposalResponse.setResponse(result);
  return proposalResponse;
}

/** A failure answered, as a peer answers it, with a 500 response that carries no payload. */
function failed(
  kind: Exclude<ProposalFailureKind, 'chaincode'>,
  proposal: Pick<ProposalBundle, 'txId'> & ({ creator: { mspId: string } } | { mspId: string }),
  message: string,
  detail?: string,
): ProposalOutcome {
  const response = new peer.Response();
  response.setStatus(ERROR_STATUS);
  response.setMessage(message);
  const proposalResponse = new peer.ProposalResponse();
  proposalResponse.setResponse(response);
  const mspId = 'creator' in proposal ? proposal.creator.mspId : proposal.mspId;
  return {
    failure: {
      kind,
      txId: proposal.txId,
      mspId,
      message,
      ...(detail === undefined ? {} : { detail }),
      response: proposalResponse,
    },
  };
}
