import type { Identity, protocol, SigningIdentity as MspSigningIdentity } from '@allianceledger/fabric-protocol';

/** The identity a ledger call signs as: an MSP identity the gateway holds. */
export type SigningIdentity = MspSigningIdentity;

export interface TransactionRequest {
  /** The identity that signs the proposal and the transaction. */
  readonly signer: SigningIdentity;
  /** Fully qualified transaction name, e.g. `wallets:Transfer`. */
  readonly transaction: string;
  readonly arguments: readonly string[];
  /** Private inputs that reach the chaincode but never the ledger (Fabric's transient map). */
  readonly transientData?: Readonly<Record<string, Uint8Array>>;
}

/** Where a transaction is: committed with a validation code, or not (yet) on the ledger. */
export interface TransactionStatus {
  readonly transactionId: string;
  readonly blockNumber: bigint;
  /** Fabric's TxValidationCode name, e.g. VALID or MVCC_READ_CONFLICT. */
  readonly validationCode: string;
  readonly valid: boolean;
}

/**
 * What a submit reports as it goes, so that a caller can record it before the next step can happen:
 * exactly-once retries are built on it (idempotency/idempotency-guard.ts).
 */
export interface SubmitHooks {
  /** The transaction id, known before endorsement: nothing has reached a peer yet. */
  onPrepared?(transactionId: string): Promise<void>;
  /**
   * The endorsed transaction signed by its creator, before it is sent to the orderer: sending these
   * bytes again (`resubmit`) can never commit it twice — a second copy is recorded DUPLICATE_TXID.
   */
  onSigned?(transactionId: string, signedTransaction: Uint8Array, result: Uint8Array): Promise<void>;
}

/** A proposal built for a creator who signs it elsewhere (fabric-gateway's offline signing). */
export interface UnsignedProposal {
  readonly transactionId: string;
  /** The proposal as fabric-gateway serialises it, to be signed over `digest`. */
  readonly bytes: Uint8Array;
  /** SHA-256 of the proposal: what the creator signs (ECDSA P-256, DER, low-S). */
  readonly digest: Uint8Array;
}

/** An endorsed transaction waiting for its creator's signature. */
export interface UnsignedTransaction {
  readonly transactionId: string;
  readonly bytes: Uint8Array;
  readonly digest: Uint8Array;
  /** The chaincode's result from endorsement. */
  readonly result: Uint8Array;
}

/** A transaction endorsed and sent for ordering. */
export interface SubmittedTransaction {
  readonly transactionId: string;
  /** The chaincode's result from endorsement. */
  readonly result: Uint8Array;
  /** Resolves once the transaction's block is committed; rejects only when the status cannot be learned. */
  status(): Promise<TransactionStatus>;
}

export interface ChainInfo {
  readonly height: bigint;
  readonly currentBlockHash: string;
  readonly previousBlockHash: string;
}

/** What one gateway peer reports of the chain, or why it could not be asked. */
export interface PeerChainView {
  readonly mspId: string;
  /** `host:port` of the peer's gRPC endpoint. */
  readonly endpoint: string;
  readonly height?: bigint;
  /** Why the peer did not answer (unreachable, refused, late). */
  readonly error?: string;
}

/** A chaincode definition as `_lifecycle` QueryChaincodeDefinition reports it. */
export interface ChaincodeDefinition {
  readonly name: string;
  readonly version: string;
  readonly sequence: bigint;
  readonly endorsementPlugin: string;
  readonly validationPlugin: string;
  /** Organisations (MSP ids) whose approval the definition carries. */
  readonly approvals: Readonly<Record<string, boolean>>;
}

/** A chaincode event of a valid transaction, with its position on the chain. */
export interface LedgerEvent {
  readonly blockNumber: bigint;
  readonly transactionIndex: number;
  readonly transactionId: string;
  readonly eventName: string;
  readonly payload: Uint8Array;
}

/** A position to resume an event stream after: the last event a client has seen. */
export interface EventCheckpoint {
  readonly blockNumber: bigint;
  readonly transactionIndex: number;
}

/**
 * The one seam between the REST gateway and a ledger. Two adapters implement it: the embedded devnet
 * and a real Fabric network through @hyperledger/fabric-gateway. Failures are thrown as the errors
 * of `ledger-errors.ts`, so routes never see adapter-specific types.
 */
export interface LedgerPort {
  /** Human-readable name for logs and /readyz, e.g. `devnet` or `fabric`. */
  readonly kind: string;
  evaluate(request: TransactionRequest): Promise<Uint8Array>;
  /**
   * Endorses, signs and submits; resolves once the orderer accepted it (the commit is awaited through
   * `status()`). The hooks see the transaction id before endorsement and the signed transaction before
   * it leaves for the orderer.
   */
  submit(request: TransactionRequest, hooks?: SubmitHooks): Promise<SubmittedTransaction>;
  /**
   * Builds a proposal whose creator is `creator`, who holds the key and signs it (offline signing): the
   * gateway can neither sign it nor anything made from it.
   */
  prepare(creator: Identity, request: Omit<TransactionRequest, 'signer'>): Promise<UnsignedProposal>;
  /** Endorses a proposal its creator signed; the endorsed transaction goes back to be signed too. */
  endorseSigned(proposal: Uint8Array, signature: Uint8Array): Promise<UnsignedTransaction>;
  /** Evaluates a proposal its creator signed (a read). */
  evaluateSigned(proposal: Uint8Array, signature: Uint8Array): Promise<Uint8Array>;
  /** The signed transaction's bytes, as `onSigned` and {@link LedgerPort.resubmit} know them. */
  signedTransaction(transaction: Uint8Array, signature: Uint8Array): Uint8Array;
  /**
   * Sends a transaction signed earlier (the bytes `onSigned` received) to the orderer again. Fabric
   * commits a transaction id once: if the first copy was ordered, this one is recorded DUPLICATE_TXID and
   * the status reports the first's outcome.
   */
  resubmit(signedTransaction: Uint8Array): Promise<SubmittedTransaction>;
  transactionStatus(transactionId: string): Promise<TransactionStatus | undefined>;
  chainInfo(): Promise<ChainInfo>;
  /**
   * The block height of the peer that endorses and evaluates for `signer` (its organisation's): after a
   * commit reported by another organisation's peer, this one may not have the block yet.
   */
  heightSeenBy(signer: SigningIdentity): Promise<bigint>;
  block(blockNumber: bigint): Promise<protocol.DecodedBlock | undefined>;
  /** The block whose header hash is `hash` (64 hex digits), or undefined when no block has it. */
  blockByHash(hash: string): Promise<protocol.DecodedBlock | undefined>;
  /** Every block from `startBlock` on, replayed then live, until `signal` aborts. */
  blocks(startBlock: bigint, signal: AbortSignal): AsyncIterable<protocol.DecodedBlock>;
  /** The height each gateway peer reports, each asked on its own (one that fails says why). */
  peerChainViews(): Promise<PeerChainView[]>;
  /** The chaincode's definition on the channel (`_lifecycle` QueryChaincodeDefinition). */
  chaincodeDefinition(): Promise<ChaincodeDefinition>;
  /** The deployed chaincode's contract metadata (`org.hyperledger.fabric:GetMetadata`), parsed JSON. */
  contractMetadata(): Promise<unknown>;
  /** Chaincode events strictly after `after` (or from the first block), replayed then live, until `signal` aborts. */
  events(after: EventCheckpoint | undefined, signal: AbortSignal): AsyncIterable<LedgerEvent>;
  /** True when the ledger answers. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
