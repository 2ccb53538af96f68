import type { LedgerStore } from '../ledger/ledger-store';
import type { LoadedSigningIdentity } from '../msp';
import { ERROR_THRESHOLD, encodeTxRwSet, newProposalResponse, verifyProposal, type ProposalBundle } from '../protocol';
import type { peer } from '@hyperledger/fabric-protos';
import { EndorseError } from '../errors';
import type { ChaincodeRuntime } from './chaincode-runtime';
import type { Collection } from './collections';
import type { MembershipService } from './membership';
import type { SignatureVerifier } from './signature-verifier';
import { TxSimulator, type SimulationResults } from './tx-simulator';

export interface InstalledChaincode {
  readonly runtime: ChaincodeRuntime;
  readonly collections: ReadonlyMap<string, Collection>;
}

export interface Endorsement {
  readonly proposal: ProposalBundle;
  readonly response: peer.ProposalResponse;
  readonly result: Uint8Array;
  readonly simulation: SimulationResults;
  readonly rwsetBytes: Uint8Array;
  readonly endorserPem: string;
}

/**
 * The endorsing peer: checks the signed proposal (creator known to the channel, signature, tx id),
 * simulates it against a snapshot of committed state with the real contract dispatch, and signs the
 * proposal response as the peer of the creator's organisation.
 */
export class Endorser {
  readonly #channelId: string;
  readonly #store: LedgerStore;
  readonly #membership: MembershipService;
  readonly #chaincodes: ReadonlyMap<string, InstalledChaincode>;
  readonly #peers: ReadonlyMap<string, LoadedSigningIdentity>;
  readonly #verifier: SignatureVerifier;

  constructor(opts: {
    channelId: string;
    store: LedgerStore;
    membership: MembershipService;
    chaincodes: ReadonlyMap<string, InstalledChaincode>;
    peers: ReadonlyMap<string, LoadedSigningIdentity>;
    verifier: SignatureVerifier;
  }) {
    this.#channelId = opts.channelId;
    this.#store = opts.store;
    this.#membership = opts.membership;
    this.#chaincodes = opts.chaincodes;
    this.#peers = opts.peers;
    this.#verifier = opts.verifier;
  }

  /** Simulates and endorses; throws EndorseError when the proposal is refused or the chaincode fails. */
  async endorse(signedProposal: peer.SignedProposal): Promise<Endorsement> {
    let proposal: ProposalBundle;
    try {
      proposal = await verifyProposal(signedProposal, (certificatePem, message, signature) =>
        this.#verifier.verify({ certificatePem, message, signature }),
      );
    } catch (err) {
      throw new EndorseError('', 0, `invalid signed proposal: ${(err as Error).message}`, { cause: err });
    }
    const fail = (message: string): never => {
      throw new EndorseError(proposal.txId, 0, message);
    };
    if (proposal.channelId !== this.#channelId) fail(`channel ${proposal.channelId} not found`);
    const creatorPem = Buffer.from(proposal.creator.credentials).toString('utf8');
    const denied = await this.#membership.validateCreator(proposal.creator.mspId, creatorPem);
    if (denied) fail(`access denied: channel [${this.#channelId}] creator org [${proposal.creator.mspId}]: ${denied}`);
    const chaincode = this.#chaincodes.get(proposal.chaincodeName);
    if (!chaincode) return fail(`chaincode ${proposal.chaincodeName} not found on channel ${this.#channelId}`);
    const endorser = this.#peers.get(proposal.creator.mspId);
    if (!endorser) return fail(`no peer for organisation ${proposal.creator.mspId}`);
    if ((await this.#store.getTxLocation(proposal.txId)) !== undefined) {
      fail(`duplicate transaction found [${proposal.txId}]. Creator [${proposal.creator.mspId}]`);
    }

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
    let simulation: SimulationResults;
    let invoked: Awaited<ReturnType<ChaincodeRuntime['invoke']>>;
    try {
      invoked = await chaincode.runtime.invoke({
        txId: proposal.txId,
        channelId: this.#channelId,
        args: proposal.args,
        signedProposal,
        simulator,
      });
      simulation = await simulator.finish();
    } finally {
      await view.release();
    }
    const { response, event } = invoked;
    if (response.status >= ERROR_THRESHOLD) {
      throw new EndorseError(proposal.txId, response.status, response.message);
    }
    const rwsetBytes = encodeTxRwSet(simulation.rwset);
    const proposalResponse = await newProposalResponse({
      proposal,
      chaincodeName: chaincode.runtime.definition.name,
      chaincodeVersion: chaincode.runtime.definition.version,
      response,
      rwset: rwsetBytes,
      ...(event ? { event } : {}),
      endorser,
    });
    return {
      proposal,
      response: proposalResponse,
      result: response.payload,
      simulation,
      rwsetBytes,
      endorserPem: endorser.certificatePem,
    };
  }
}
