/**
 * Fakes of the narrow seam the Fabric adapter uses: fabric-gateway's `connect` (and the Gateway,
 * Network, Contract and block-event stream behind it) and the gRPC client factory. Nothing is dialled.
 */
import * as grpc from '@grpc/grpc-js';
import {
  CommitStatusError,
  EndorseError,
  GatewayError,
  type CloseableAsyncIterable,
  type ConnectOptions,
  type ErrorDetail,
  type Gateway,
  type GrpcClient,
  type Network,
  type ProposalOptions,
  type SubmittedTransaction,
} from '@hyperledger/fabric-gateway';
// SubmitError is exported as a type only; the adapter recognises it by name, as it would the real one.
import { SubmitError } from '@hyperledger/fabric-gateway/dist/submiterror';
import type { FabricPeerEndpoint } from '../fabric-connection';

type BlockStream = Awaited<ReturnType<Network['getBlockEvents']>>;

/** What a block event carries that the adapter reads. */
export interface FakeBlock {
  serializeBinary(): Uint8Array;
}

/** A proposal as the fake gateway received it, with the peer and identity it went through. */
export interface FakeCall {
  readonly endpoint: string;
  readonly mspId: string;
  readonly channelName: string;
  readonly chaincodeName: string;
  readonly transactionName: string;
  readonly options: ProposalOptions | undefined;
  /** gRPC options given to this call itself (not the connection's defaults). */
  readonly callOptions: grpc.CallOptions | undefined;
}

export interface FakeBlockRequest {
  readonly endpoint: string;
  readonly mspId: string;
  readonly startBlock: bigint | undefined;
}

/** How the fake network answers; each test sets what it needs. */
export interface FakeBehaviour {
  evaluate?(call: FakeCall): Promise<Uint8Array>;
  submitAsync?(call: FakeCall): Promise<SubmittedTransaction>;
  blockEvents?(request: FakeBlockRequest): CloseableAsyncIterable<FakeBlock>;
}

export class FakeFabric {
  behaviour: FakeBehaviour = {};
  readonly calls: FakeCall[] = [];
  readonly blockRequests: FakeBlockRequest[] = [];
  readonly connections: { endpoint: string; options: Readonly<ConnectOptions> }[] = [];
  readonly clientsMade: FabricPeerEndpoint[] = [];
  /** `gateway <endpoint> <mspId>` and `client <endpoint>`, in the order they were closed. */
  readonly closed: string[] = [];

  readonly newGrpcClient = (peer: FabricPeerEndpoint): Promise<GrpcClient> => {
    this.clientsMade.push(peer);
    const client = {
      endpoint: peer.endpoint,
      close: () => {
        this.closed.push(`client ${peer.endpoint}`);
      },
    };
    return Promise.resolve(client as unknown as GrpcClient);
  };

  readonly connect = (options: Readonly<ConnectOptions>): Gateway => {
    const endpoint = (options.client as unknown as { endpoint: string }).endpoint;
    const mspId = options.identity.mspId;
    this.connections.push({ endpoint, options });
    const gateway = {
      getIdentity: () => options.identity,
      getNetwork: (channelName: string) => this.#network(endpoint, mspId, channelName),
      newSignedTransaction: (bytes: Uint8Array) => this.#transactionOf(bytes),
      newTransaction: (bytes: Uint8Array) => this.#transactionOf(bytes),
      close: () => {
        this.closed.push(`gateway ${endpoint} ${mspId}`);
      },
    };
    return gateway as unknown as Gateway;
  };

  /** The peers that proposals went to, in order. */
  endpointsCalled(): string[] {
    return this.calls.map((c) => c.endpoint);
  }

  #network(endpoint: string, mspId: string, channelName: string): Network {
    const network = {
      getName: () => channelName,
      getContract: (chaincodeName: string) => {
        const call = (
          transactionName: string,
          options: ProposalOptions | undefined,
          callOptions?: grpc.CallOptions,
        ): FakeCall => {
          const c = { endpoint, mspId, channelName, chaincodeName, transactionName, options, callOptions };
          this.calls.push(c);
          return c;
        };
        return {
          getChaincodeName: () => chaincodeName,
          evaluate: (name: string, options?: ProposalOptions) => this.#evaluate(call(name, options)),
          submitAsync: (name: string, options?: ProposalOptions) => this.#submitAsync(call(name, options)),
          newProposal: (name: string, options?: ProposalOptions) => ({
            getTransactionId: () => `proposal-${this.calls.length}`,
            evaluate: (callOptions?: grpc.CallOptions) => this.#evaluate(call(name, options, callOptions)),
            endorse: () => this.#endorse(call(name, options)),
          }),
        };
      },
      getBlockEvents: (options?: { startBlock?: bigint }) => {
        const request = { endpoint, mspId, startBlock: options?.startBlock };
        this.blockRequests.push(request);
        const stream = this.behaviour.blockEvents?.(request);
        if (!stream) return Promise.reject(new Error('no block events configured'));
        return Promise.resolve(stream as unknown as BlockStream);
      },
    };
    return network as unknown as Network;
  }

  #evaluate(call: FakeCall): Promise<Uint8Array> {
    return this.behaviour.evaluate?.(call) ?? Promise.reject(new Error(`unexpected evaluate ${call.transactionName}`));
  }

  #submitAsync(call: FakeCall): Promise<SubmittedTransaction> {
    return this.behaviour.submitAsync?.(call) ?? Promise.reject(new Error(`unexpected submit ${call.transactionName}`));
  }

  readonly #transactions = new Map<string, FakeTransaction>();

  /**
   * fabric-gateway's endorse → sign → submit, driven by `behaviour.submitAsync` as a whole: a failure of
   * the submit or commit-status stage (SubmitError, CommitStatusError) surfaces at `submit()`, any other at
   * `endorse()`; the transaction's bytes name it, so `gateway.newSignedTransaction(bytes)` finds it again.
   */
  async #endorse(call: FakeCall): Promise<FakeTransaction> {
    let submitted: SubmittedTransaction;
    try {
      submitted = await this.#submitAsync(call);
    } catch (err) {
      if (!(err instanceof Error) || (err.name !== 'SubmitError' && err.name !== 'CommitStatusError')) throw err;
      const id = (err as Error & { transactionId?: string }).transactionId ?? 'tx-unknown';
      return this.#remember(id, new Uint8Array(), () => Promise.reject(err));
    }
    const id = submitted.getTransactionId();
    return this.#remember(id, submitted.getResult(), () => Promise.resolve(submitted));
  }

  #remember(id: string, result: Uint8Array, submit: () => Promise<SubmittedTransaction>): FakeTransaction {
    const transaction: FakeTransaction = {
      getTransactionId: () => id,
      getBytes: () => Buffer.from(id),
      getDigest: () => Buffer.from(`digest of ${id}`),
      getResult: () => result,
      submit,
    };
    this.#transactions.set(id, transaction);
    return transaction;
  }

  #transactionOf(bytes: Uint8Array): FakeTransaction {
    const transaction = this.#transactions.get(Buffer.from(bytes).toString());
    if (!transaction) throw new Error('unknown transaction bytes');
    return transaction;
  }
}

/** A prepared transaction as fabric-gateway's `Transaction` presents it to the adapter. */
interface FakeTransaction {
  getTransactionId(): string;
  getBytes(): Uint8Array;
  getDigest(): Uint8Array;
  getResult(): Uint8Array;
  submit(): Promise<SubmittedTransaction>;
}

export interface FakeBlockStreamOptions {
  /** After the blocks: wait for more until closed (a live stream; the default), end, or fail. */
  readonly then?: 'wait' | 'end' | Error;
  /** Called when every block was taken and the stream starts waiting for more. */
  readonly onIdle?: () => void;
}

/**
 * Blocks as a peer's Deliver stream sends them. A waiting stream that is closed ends the way a
 * cancelled gRPC call does, with CANCELLED.
 */
export class FakeBlockStream implements CloseableAsyncIterable<FakeBlock> {
  closeCount = 0;
  readonly #blocks: readonly Uint8Array[];
  readonly #options: FakeBlockStreamOptions;
  readonly #closed: Promise<void>;
  #markClosed: () => void = () => undefined;

  constructor(blocks: readonly Uint8Array[], options: FakeBlockStreamOptions = {}) {
    this.#blocks = blocks;
    this.#options = options;
    this.#closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<FakeBlock> {
    for (const bytes of this.#blocks) {
      if (this.closeCount > 0) throw gatewayError(grpc.status.CANCELLED, 'Cancelled on client');
      yield { serializeBinary: () => bytes };
    }
    const then = this.#options.then ?? 'wait';
    if (then === 'end') return;
    if (then instanceof Error) throw then;
    this.#options.onIdle?.();
    await this.#closed;
    throw gatewayError(grpc.status.CANCELLED, 'Cancelled on client');
  }

  close(): void {
    this.closeCount++;
    this.#markClosed();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function serviceError(code: grpc.status, text: string): grpc.ServiceError {
  return Object.assign(new Error(`${code} ${grpc.status[code]}: ${text}`), {
    code,
    details: text,
    metadata: new grpc.Metadata(),
  });
}

/** A GatewayError as fabric-gateway makes one from a failed gRPC call. */
export function gatewayError(code: grpc.status, text: string, details: ErrorDetail[] = []): GatewayError {
  const cause = serviceError(code, text);
  return new GatewayError({ code, details, cause, message: cause.message });
}

export function endorseError(
  code: grpc.status,
  text: string,
  transactionId: string,
  details: ErrorDetail[] = [],
): EndorseError {
  const cause = serviceError(code, text);
  return new EndorseError({ code, details, cause, transactionId, message: cause.message });
}

export function submitError(code: grpc.status, text: string, transactionId: string): SubmitError {
  const cause = serviceError(code, text);
  return new SubmitError({ code, details: [], cause, transactionId, message: cause.message });
}

export function commitStatusError(code: grpc.status, text: string, transactionId: string): CommitStatusError {
  const cause = serviceError(code, text);
  return new CommitStatusError({ code, details: [], cause, transactionId, message: cause.message });
}
