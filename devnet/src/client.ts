import { randomBytes } from 'node:crypto';
import type { SigningIdentity } from './msp';
import { newSignedProposal, txTimestampFromDate, type ProposalBundle } from '@allianceledger/fabric-protocol';
import { CommitError } from './errors';
import type { TransactionStatus } from './devnet';

/** Options of one proposal, as `@hyperledger/fabric-gateway`'s ProposalOptions. */
export interface ProposalOptions {
  readonly arguments?: readonly (string | Uint8Array)[];
  readonly transientData?: Readonly<Record<string, string | Uint8Array>>;
}

/** A transaction that was endorsed and sent for ordering; its commit status comes later. */
export interface SubmittedTransaction {
  readonly transactionId: string;
  /** The chaincode's return value from endorsement. */
  readonly result: Uint8Array;
  /** Resolves when the transaction's block is committed, whatever its validation code. */
  getStatus(): Promise<TransactionStatus>;
}

/** The ledger operations a client needs; implemented by Devnet. */
export interface LedgerPeer {
  readonly channelName: string;
  now(): Date;
  evaluateProposal(proposal: ProposalBundle): Promise<Uint8Array>;
  submitProposal(proposal: ProposalBundle, signing: SigningIdentity): Promise<SubmittedTransaction>;
}

/** A client connection signing as one identity: fabric-gateway's Gateway → Network → Contract shape. */
export class DevnetGateway {
  readonly #peer: LedgerPeer;
  readonly #signing: SigningIdentity;

  constructor(peer: LedgerPeer, signing: SigningIdentity) {
    this.#peer = peer;
    this.#signing = signing;
  }

  getIdentity(): SigningIdentity['identity'] {
    return this.#signing.identity;
  }

  getContract(chaincodeName: string, contractName?: string): DevnetContract {
    return new DevnetContract(this.#peer, this.#signing, chaincodeName, contractName);
  }
}

export class DevnetContract {
  readonly #peer: LedgerPeer;
  readonly #signing: SigningIdentity;
  readonly #chaincodeName: string;
  readonly #contractName: string | undefined;

  constructor(peer: LedgerPeer, signing: SigningIdentity, chaincodeName: string, contractName?: string) {
    this.#peer = peer;
    this.#signing = signing;
    this.#chaincodeName = chaincodeName;
    this.#contractName = contractName;
  }

  /** Runs a transaction function on the peer and returns its result; nothing is ordered or written. */
  async evaluate(name: string, options: ProposalOptions = {}): Promise<Uint8Array> {
    return this.#peer.evaluateProposal(await this.#propose(name, options));
  }

  async evaluateTransaction(name: string, ...args: (string | Uint8Array)[]): Promise<Uint8Array> {
    return this.evaluate(name, { arguments: args });
  }

  /** Endorses and orders; resolves after endorsement without waiting for the commit. */
  async submitAsync(name: string, options: ProposalOptions = {}): Promise<SubmittedTransaction> {
    return this.#peer.submitProposal(await this.#propose(name, options), this.#signing);
  }

  /** Endorses, orders and waits for the commit; throws CommitError when the transaction is invalid. */
  async submit(name: string, options: ProposalOptions = {}): Promise<Uint8Array> {
    const submitted = await this.submitAsync(name, options);
    const status = await submitted.getStatus();
    if (!status.successful) throw new CommitError(status.transactionId, status.code, status.blockNumber);
    return submitted.result;
  }

  async submitTransaction(name: string, ...args: (string | Uint8Array)[]): Promise<Uint8Array> {
    return this.submit(name, { arguments: args });
  }

  #propose(name: string, options: ProposalOptions): Promise<ProposalBundle> {
    const fn = this.#contractName ? `${this.#contractName}:${name}` : name;
    const args = [fn, ...(options.arguments ?? [])].map(toBytes);
    const transient = Object.fromEntries(Object.entries(options.transientData ?? {}).map(([k, v]) => [k, toBytes(v)]));
    return newSignedProposal(
      {
        channelId: this.#peer.channelName,
        chaincodeName: this.#chaincodeName,
        args,
        transient,
        creator: this.#signing.identity,
        timestamp: txTimestampFromDate(this.#peer.now()),
        nonce: randomBytes(24),
      },
      this.#signing,
    );
  }
}

function toBytes(v: string | Uint8Array): Uint8Array {
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}
