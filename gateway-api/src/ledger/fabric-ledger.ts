import { createHash } from 'node:crypto';
import { protocol, type Identity } from '@allianceledger/fabric-protocol';
import * as grpc from '@grpc/grpc-js';
import { GatewayError, type Network, type ProposalOptions, type Status } from '@hyperledger/fabric-gateway';
import { common, gateway as gatewayProtos, peer as peerProtos } from '@hyperledger/fabric-protos';
import { isFailoverError, type FabricConnection } from './fabric-connection';
import { ChaincodeRejection, EndorsementMismatch, LedgerUnavailable, parseChaincodeError } from './ledger-errors';
import type {
  ChainInfo,
  ChaincodeDefinition,
  PeerChainView,
  EventCheckpoint,
  LedgerEvent,
  LedgerPort,
  SigningIdentity,
  SubmitHooks,
  SubmittedTransaction,
  TransactionRequest,
  TransactionStatus,
  UnsignedProposal,
  UnsignedTransaction,
} from './ledger-port';

export interface FabricLedgerOptions {
  /** The connection the ledger runs on; {@link FabricLedger.close} closes it. */
  readonly connection: FabricConnection;
  /**
   * Signs the ledger's own reads: qscc queries (chain info, blocks, transaction status) and block
   * events. It must be a reader of the channel.
   */
  readonly identity: SigningIdentity;
  /** Deadline of the {@link FabricLedger.ready} probe; defaults to 2 s. */
  readonly readyTimeoutMs?: number;
  /** What /readyz calls the ledger: `fabric` (default), or `devnet` for the embedded peer. */
  readonly kind?: string;
}

const QSCC = 'qscc';
const LIFECYCLE = '_lifecycle';
/** fabric-contract-api's system transaction answering the contracts and transactions a chaincode declares. */
const METADATA_TRANSACTION = 'org.hyperledger.fabric:GetMetadata';

/** A peer's words for a chaincode answer whose text is not UTF-8 (protobuf refuses to marshal it). */
const UNMARSHALLABLE = 'failed to marshal response: string field contains invalid UTF-8';

/** qscc's answer when a block or transaction is not in the peer's index (Fabric's blkstorage wording). */
const NOT_IN_INDEX = /no such (?:block number|block hash|transaction ID) \[[^\]]*\] in index/;

/** A chaincode answered with an error status (the peer's wording, in a detail or the message). */
const CHAINCODE_RESPONSE = /chaincode response [45]\d\d/;

/** The channel refused the creator: an unknown, expired or revoked certificate, or a foreign MSP. */
const ACCESS_DENIED =
  /access denied|creator certificate is not valid|certificate has been revoked|identity is not valid/i;

/** How a Fabric gateway peer reports endorsements that disagree. */
const ENDORSEMENT_MISMATCH = /ProposalResponsePayloads do not match|endorsement mismatch/i;

/**
 * The ledger port over a Fabric network through @hyperledger/fabric-gateway. Transactions sign as the
 * request's identity; chain queries go to the query system chaincode (qscc) and events come from
 * full block events, decoded by devnet's decoder so both adapters read blocks the same way.
 */
export class FabricLedger implements LedgerPort {
  readonly kind: string;
  readonly #connection: FabricConnection;
  readonly #identity: SigningIdentity;
  readonly #readyTimeoutMs: number;

  constructor(options: Readonly<FabricLedgerOptions>) {
    this.#connection = options.connection;
    this.#identity = options.identity;
    this.#readyTimeoutMs = options.readyTimeoutMs ?? 2_000;
    this.kind = options.kind ?? 'fabric';
  }

  async evaluate(request: TransactionRequest): Promise<Uint8Array> {
    try {
      return await this.#connection.withNetwork(request.signer, (network) =>
        this.#contract(network).evaluate(request.transaction, proposalOptions(request)),
      );
    } catch (err) {
      throw translateError(err);
    }
  }

  /**
   * The steps of fabric-gateway's offline-signing flow, so that each can be recorded before the next:
   * a proposal (its id known at once), its endorsement, the creator's signature over the transaction,
   * then the submit. Endorsement fails over to another peer when a peer is unreachable; the submit
   * never does (the transaction may already be ordered: a retry resubmits the same signed bytes).
   */
  async submit(request: TransactionRequest, hooks: SubmitHooks = {}): Promise<SubmittedTransaction> {
    let transactionId: string | undefined;
    try {
      const { gateway, endorsed } = await this.#connection.withNetwork(request.signer, async (network, gateway) => {
        const proposal = this.#contract(network).newProposal(request.transaction, proposalOptions(request));
        transactionId = proposal.getTransactionId();
        await hooks.onPrepared?.(transactionId);
        return { gateway, endorsed: await proposal.endorse() };
      });
      const signature = await request.signer.signer(endorsed.getDigest());
      const signed = gateway.newSignedTransaction(endorsed.getBytes(), signature);
      const id = signed.getTransactionId();
      await hooks.onSigned?.(id, signed.getBytes(), signed.getResult());
      return this.#follow(id, await signed.submit());
    } catch (err) {
      throw translateError(err, transactionId);
    }
  }

  async prepare(creator: Identity, request: Omit<TransactionRequest, 'signer'>): Promise<UnsignedProposal> {
    // The creator's key is on its device: this identity can build proposals, never sign one.
    const unsigned: SigningIdentity = {
      identity: creator,
      signer: () => Promise.reject(new Error('the gateway holds no key for this identity')),
    };
    try {
      return await this.#connection.withNetwork(unsigned, (network) => {
        const proposal = this.#contract(network).newProposal(request.transaction, proposalOptions(request));
        return Promise.resolve({
          transactionId: proposal.getTransactionId(),
          bytes: proposal.getBytes(),
          digest: proposal.getDigest(),
        });
      });
    } catch (err) {
      throw translateError(err);
    }
  }

  async endorseSigned(proposal: Uint8Array, signature: Uint8Array): Promise<UnsignedTransaction> {
    let transactionId: string | undefined;
    try {
      return await this.#connection.withNetwork(this.#identity, async (_network, gateway) => {
        const signed = gateway.newSignedProposal(proposal, signature);
        transactionId = signed.getTransactionId();
        const transaction = await signed.endorse();
        const bytes = transaction.getBytes();
        return {
          transactionId: transaction.getTransactionId(),
          bytes,
          // What the creator signs: SHA-256 of the envelope's payload (the reader's own hash mode aside).
          digest: createHash('sha256').update(transactionPayload(bytes)).digest(),
          result: transaction.getResult(),
        };
      });
    } catch (err) {
      throw translateError(err, transactionId);
    }
  }

  async evaluateSigned(proposal: Uint8Array, signature: Uint8Array): Promise<Uint8Array> {
    try {
      return await this.#connection.withNetwork(this.#identity, (_network, gateway) =>
        gateway.newSignedProposal(proposal, signature).evaluate(),
      );
    } catch (err) {
      throw translateError(err);
    }
  }

  signedTransaction(transaction: Uint8Array, signature: Uint8Array): Uint8Array {
    const prepared = gatewayProtos.PreparedTransaction.deserializeBinary(transaction);
    prepared.getEnvelope()?.setSignature(signature);
    return prepared.serializeBinary();
  }

  async resubmit(signedTransaction: Uint8Array): Promise<SubmittedTransaction> {
    let transactionId: string | undefined;
    try {
      const commit = await this.#connection.withNetwork(this.#identity, (_network, gateway) => {
        const transaction = gateway.newTransaction(signedTransaction);
        transactionId = transaction.getTransactionId();
        return transaction.submit();
      });
      return this.#follow(commit.getTransactionId(), commit);
    } catch (err) {
      throw translateError(err, transactionId);
    }
  }

  #follow(
    transactionId: string,
    commit: { getResult(): Uint8Array; getStatus(): Promise<Status> },
  ): SubmittedTransaction {
    return {
      transactionId,
      result: commit.getResult(),
      status: async () => {
        try {
          return toTransactionStatus(await commit.getStatus());
        } catch (err) {
          throw translateError(err, transactionId);
        }
      },
    };
  }

  /**
   * One qscc call: the block holding the transaction carries its validation code in the
   * transactions filter, so GetTransactionByID is not needed as well.
   */
  async transactionStatus(transactionId: string): Promise<TransactionStatus | undefined> {
    if (transactionId === '') return undefined;
    const bytes = await this.#query('GetBlockByTxID', [transactionId]);
    if (bytes === undefined) return undefined;
    const block = protocol.decodeBlock(bytes);
    // Fabric indexes the first occurrence of a transaction ID; a later duplicate reads DUPLICATE_TXID.
    const transaction = block.transactions.find((tx) => tx.txId === transactionId);
    if (!transaction) throw new Error(`block ${block.number} does not hold transaction ${transactionId}`);
    return {
      transactionId,
      blockNumber: block.number,
      validationCode: transaction.validationCodeName,
      valid: transaction.validationCode === protocol.TxValidationCode.VALID,
    };
  }

  async chainInfo(): Promise<ChainInfo> {
    const bytes = await this.#query('GetChainInfo', []);
    if (bytes === undefined) throw new Error('qscc GetChainInfo found no chain');
    const info = common.BlockchainInfo.deserializeBinary(bytes);
    return {
      height: BigInt(info.getHeight()),
      currentBlockHash: protocol.toHex(info.getCurrentblockhash_asU8()),
      previousBlockHash: protocol.toHex(info.getPreviousblockhash_asU8()),
    };
  }

  async heightSeenBy(signer: SigningIdentity): Promise<bigint> {
    const bytes = await this.#query('GetChainInfo', [], signer);
    if (bytes === undefined) throw new Error('qscc GetChainInfo found no chain');
    return BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
  }

  async block(blockNumber: bigint): Promise<protocol.DecodedBlock | undefined> {
    if (blockNumber < 0n) return undefined;
    const bytes = await this.#query('GetBlockByNumber', [blockNumber.toString()]);
    return bytes === undefined ? undefined : protocol.decodeBlock(bytes);
  }

  async blockByHash(hash: string): Promise<protocol.DecodedBlock | undefined> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return undefined;
    // A Fabric peer's qscc puts the raw hash bytes in its refusal ("Failed to get block hash <bytes>, error no
    // such block hash [...] in index"): not UTF-8, so the peer cannot even marshal it, and a miss arrives as
    // ABORTED "failed to marshal response: string field contains invalid UTF-8" from every peer. The hash was
    // checked to be 64 hex digits, so that refusal is a miss.
    const bytes = await this.#query('GetBlockByHash', [Buffer.from(hash, 'hex')], this.#identity, true);
    return bytes === undefined ? undefined : protocol.decodeBlock(bytes);
  }

  /**
   * Chaincode events of the chaincode's valid transactions strictly after `after`, read from full blocks
   * (filtered blocks carry no event payloads).
   */
  async *events(after: EventCheckpoint | undefined, signal: AbortSignal): AsyncIterable<LedgerEvent> {
    for await (const block of this.blocks(after?.blockNumber ?? 0n, signal)) {
      for (const event of chaincodeEvents(block, this.#connection.chaincodeName, after)) {
        // Stops at once, also between the events of one block.
        if (signal.aborted) return;
        yield event;
      }
    }
  }

  /**
   * Reads full blocks from `startBlock`. A peer that becomes unreachable is replaced by the next one,
   * from the first block not yet delivered; when no peer is left the stream fails with
   * {@link LedgerUnavailable} and the caller resumes from its checkpoint.
   */
  async *blocks(startBlock: bigint, signal: AbortSignal): AsyncIterable<protocol.DecodedBlock> {
    // A function, not `signal.aborted` inline: the compiler would narrow the property to its first value.
    const aborted = (): boolean => signal.aborted;
    let next = startBlock;
    let failure: unknown;
    for await (const network of this.#connection.networks(this.#identity)) {
      if (aborted()) return;
      let blocks: Awaited<ReturnType<Network['getBlockEvents']>>;
      try {
        blocks = await network.getBlockEvents({ startBlock: next });
      } catch (err) {
        if (!isFailoverError(err)) throw translateError(err);
        failure = err;
        continue;
      }
      const stop = (): void => {
        blocks.close();
      };
      signal.addEventListener('abort', stop, { once: true });
      try {
        if (aborted()) return;
        for await (const block of blocks) {
          const decoded = protocol.decodeBlock(block.serializeBinary());
          if (aborted()) return;
          yield decoded;
          next = decoded.number + 1n;
        }
        return;
      } catch (err) {
        // Closing the stream on abort cancels the call: that is the end, not a failure.
        if (aborted()) return;
        if (!isFailoverError(err)) throw translateError(err);
        failure = err;
      } finally {
        signal.removeEventListener('abort', stop);
        blocks.close();
      }
    }
    throw translateError(failure);
  }

  /** qscc GetChainInfo at each gateway peer in turn, each with the ready probe's deadline. */
  async peerChainViews(): Promise<PeerChainView[]> {
    return Promise.all(
      this.#connection.peers.map(async (peer): Promise<PeerChainView> => {
        const view = { mspId: peer.mspId, endpoint: peer.endpoint };
        try {
          const bytes = await this.#connection.atPeer(this.#identity, peer, (network) =>
            network
              .getContract(QSCC)
              .newProposal('GetChainInfo', { arguments: [this.#connection.channelName] })
              .evaluate({ deadline: Date.now() + this.#readyTimeoutMs }),
          );
          return { ...view, height: BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight()) };
        } catch (err) {
          return { ...view, error: err instanceof GatewayError ? grpcCodeName(err.code) : (err as Error).message };
        }
      }),
    );
  }

  async chaincodeDefinition(): Promise<ChaincodeDefinition> {
    const name = this.#connection.chaincodeName;
    const args = new peerProtos.lifecycle.QueryChaincodeDefinitionArgs();
    args.setName(name);
    try {
      const bytes = await this.#connection.withNetwork(this.#identity, (network) =>
        network.getContract(LIFECYCLE).evaluate('QueryChaincodeDefinition', { arguments: [args.serializeBinary()] }),
      );
      const result = peerProtos.lifecycle.QueryChaincodeDefinitionResult.deserializeBinary(bytes);
      return {
        name,
        version: result.getVersion(),
        sequence: BigInt(result.getSequence()),
        endorsementPlugin: result.getEndorsementPlugin(),
        validationPlugin: result.getValidationPlugin(),
        approvals: Object.fromEntries(result.toObject().approvalsMap),
      };
    } catch (err) {
      throw translateError(err);
    }
  }

  async contractMetadata(): Promise<unknown> {
    try {
      const bytes = await this.#connection.withNetwork(this.#identity, (network) =>
        this.#contract(network).evaluate(METADATA_TRANSACTION),
      );
      return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    } catch (err) {
      throw translateError(err);
    }
  }

  async ready(): Promise<boolean> {
    try {
      await this.#connection.withNetwork(this.#identity, (network) =>
        network
          .getContract(QSCC)
          .newProposal('GetChainInfo', { arguments: [this.#connection.channelName] })
          .evaluate({ deadline: Date.now() + this.#readyTimeoutMs }),
      );
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.#connection.close();
  }

  #contract(network: Network): ReturnType<Network['getContract']> {
    return network.getContract(this.#connection.chaincodeName);
  }

  /**
   * Evaluates a qscc function on this channel, as the ledger's reader or as `signer` (through its
   * organisation's peer); undefined when qscc reports the entry is not in its index.
   */
  async #query(
    transaction: string,
    args: readonly (string | Uint8Array)[],
    signer: SigningIdentity = this.#identity,
    unmarshallableIsMissing = false,
  ): Promise<Uint8Array | undefined> {
    try {
      return await this.#connection.withNetwork(signer, (network) =>
        network.getContract(QSCC).evaluate(transaction, { arguments: [this.#connection.channelName, ...args] }),
      );
    } catch (err) {
      if (err instanceof GatewayError && messagesOf(err).some((m) => NOT_IN_INDEX.test(m))) return undefined;
      if (unmarshallableIsMissing && isUnmarshallableRefusal(err)) return undefined;
      throw translateError(err);
    }
  }
}

/** A system chaincode's refusal the peers could not marshal (its text not UTF-8: see {@link FabricLedger.blockByHash}). */
function isUnmarshallableRefusal(err: unknown): boolean {
  return (
    err instanceof GatewayError &&
    err.code === (grpc.status.ABORTED as number) &&
    err.details.every((d) => d.message.includes(UNMARSHALLABLE))
  );
}

/** The envelope payload of a prepared transaction: what its creator signs. */
export function transactionPayload(preparedTransaction: Uint8Array): Uint8Array {
  const envelope = gatewayProtos.PreparedTransaction.deserializeBinary(preparedTransaction).getEnvelope();
  if (!envelope) throw new Error('the prepared transaction has no envelope');
  return envelope.getPayload_asU8();
}

/** The proposal bytes of a proposed transaction: what its creator signs. */
export function proposalPayload(proposedTransaction: Uint8Array): Uint8Array {
  const proposal = gatewayProtos.ProposedTransaction.deserializeBinary(proposedTransaction).getProposal();
  if (!proposal) throw new Error('the proposed transaction has no proposal');
  return proposal.getProposalBytes_asU8();
}

function proposalOptions(request: Omit<TransactionRequest, 'signer'>): ProposalOptions {
  return request.transientData
    ? { arguments: [...request.arguments], transientData: { ...request.transientData } }
    : { arguments: [...request.arguments] };
}

function toTransactionStatus(status: Status): TransactionStatus {
  return {
    transactionId: status.transactionId,
    blockNumber: status.blockNumber,
    validationCode: protocol.validationCodeName(status.code),
    valid: status.successful,
  };
}

/** The chaincode's events in a block: valid transactions only, strictly after `after`. */
function* chaincodeEvents(
  block: protocol.DecodedBlock,
  chaincodeName: string,
  after: EventCheckpoint | undefined,
): Generator<LedgerEvent> {
  for (const [transactionIndex, tx] of block.transactions.entries()) {
    if (after && isAtOrBefore(block.number, transactionIndex, after)) continue;
    if (tx.validationCode !== protocol.TxValidationCode.VALID || tx.event?.chaincodeId !== chaincodeName) continue;
    yield {
      blockNumber: block.number,
      transactionIndex,
      transactionId: tx.txId,
      eventName: tx.event.eventName,
      payload: tx.event.payload,
    };
  }
}

function isAtOrBefore(blockNumber: bigint, transactionIndex: number, checkpoint: EventCheckpoint): boolean {
  return (
    blockNumber < checkpoint.blockNumber ||
    (blockNumber === checkpoint.blockNumber && transactionIndex <= checkpoint.transactionIndex)
  );
}

/** The error message and each peer's detail message (where a chaincode's own error text arrives). */
function messagesOf(err: GatewayError): string[] {
  return [...err.details.map((d) => d.message), err.message];
}

/**
 * fabric-gateway's errors → the gateway's ledger errors, in one place, for Fabric and devnet alike (devnet
 * answers with a Fabric peer's codes and texts):
 * - a chaincode's JSON error (`{"code":…}`) in any peer's message → {@link ChaincodeRejection}, with the
 *   chaincode's message only (no peer addresses or MSP detail);
 * - endorsing peers that disagree → {@link EndorsementMismatch} (safe to retry);
 * - the channel refusing the creator's certificate → a FORBIDDEN {@link ChaincodeRejection} (final);
 * - any other chaincode error status (a contract-api refusal such as a malformed call, or a chaincode that
 *   crashed) → an INTERNAL {@link ChaincodeRejection}: not the caller's to fix, not worth retrying, and its
 *   text never leaves the server;
 * - UNAVAILABLE or DEADLINE_EXCEEDED at any stage, and any failure to submit or to learn the commit
 *   status → {@link LedgerUnavailable} with the transaction ID: the outcome is unknown and the caller
 *   looks the transaction up later;
 * - anything else unchanged.
 */
function translateError(err: unknown, knownTransactionId?: string): unknown {
  if (!(err instanceof GatewayError)) return err;
  const transactionId = transactionIdOf(err) ?? knownTransactionId;
  const messages = messagesOf(err);
  for (const message of messages) {
    const parsed = parseChaincodeError(message);
    if (parsed) return new ChaincodeRejection(parsed.code, parsed.message, parsed.details, transactionId);
  }
  if (messages.some((m) => ENDORSEMENT_MISMATCH.test(m))) {
    return new EndorsementMismatch('the endorsing peers returned different results', transactionId, { cause: err });
  }
  // The gateway's own identity lacking access is a misconfiguration, not a transient: an internal error.
  if (err.code === (grpc.status.PERMISSION_DENIED as number)) return err;
  if (messages.some((m) => ACCESS_DENIED.test(m))) {
    return new ChaincodeRejection(
      'FORBIDDEN',
      'the network does not accept this identity (an unknown, expired or revoked certificate)',
      undefined,
      transactionId,
    );
  }
  const chaincodeFailure = messages.find((m) => CHAINCODE_RESPONSE.test(m));
  if (chaincodeFailure !== undefined) {
    return new ChaincodeRejection('INTERNAL', chaincodeFailure, undefined, transactionId);
  }
  // Anything else the gateway reports is the network's, not the caller's: unreachable or late nodes,
  // a commit status not known yet, or endorsing peers that discovery cannot find yet ("no combination of
  // peers can be derived", right after a network starts). Retryable; the outcome may be unknown.
  const stage = stageOf(err);
  const outcome = transactionId ? `; the outcome of transaction ${transactionId} is unknown` : '';
  return new LedgerUnavailable(`${stage} failed with ${grpcCodeName(err.code)}${outcome}`, transactionId, {
    cause: err,
  });
}

function transactionIdOf(err: GatewayError): string | undefined {
  const id = (err as GatewayError & { transactionId?: unknown }).transactionId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function grpcCodeName(code: number): string {
  return (grpc.status as Record<number, string | undefined>)[code] ?? `gRPC code ${code}`;
}

function stageOf(err: GatewayError): string {
  switch (err.name) {
    case 'EndorseError':
      return 'endorsement';
    case 'SubmitError':
      return 'submission to the orderer';
    case 'CommitStatusError':
      return 'the commit status request';
    default:
      return 'the ledger call';
  }
}
