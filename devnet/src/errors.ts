import { validationCodeName } from './protocol';

/**
 * The endorsing peer refused the proposal, or the chaincode returned an error response (status ≥ 400).
 * Mirrors `@hyperledger/fabric-gateway`'s EndorseError: nothing was written.
 */
export class EndorseError extends Error {
  override readonly name = 'EndorseError';
  readonly transactionId: string;
  /** The chaincode response status (500 for a thrown error), or 0 when the peer refused the proposal. */
  readonly status: number;

  constructor(transactionId: string, status: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.transactionId = transactionId;
    this.status = status;
  }
}

/**
 * The transaction was ordered into a block but judged invalid (e.g. MVCC_READ_CONFLICT): its writes
 * were not applied. Mirrors `@hyperledger/fabric-gateway`'s CommitError.
 */
export class CommitError extends Error {
  override readonly name = 'CommitError';
  readonly transactionId: string;
  readonly code: number;
  readonly codeName: string;
  readonly blockNumber: bigint;

  constructor(transactionId: string, code: number, blockNumber: bigint) {
    const codeName = validationCodeName(code);
    super(`Transaction ${transactionId} failed to commit with status code ${code} (${codeName})`);
    this.transactionId = transactionId;
    this.code = code;
    this.codeName = codeName;
    this.blockNumber = blockNumber;
  }
}

/**
 * The ordering service refused the transaction (Fabric's Broadcast answered a status other than SUCCESS):
 * it was not ordered, so it will never commit. Mirrors `@hyperledger/fabric-gateway`'s SubmitError.
 */
export class SubmitError extends Error {
  override readonly name = 'SubmitError';
  readonly transactionId: string;
  /** The orderer's common.Status, e.g. 403 (FORBIDDEN). */
  readonly status: number;

  constructor(transactionId: string, status: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.transactionId = transactionId;
    this.status = status;
  }
}

/** Another process (a running devnet, `devnet serve`) holds the ledger's LevelDB lock. */
export class LedgerLockedError extends Error {
  override readonly name = 'LedgerLockedError';
  readonly dataDir: string;

  constructor(dataDir: string, options?: ErrorOptions) {
    super(`the ledger in ${dataDir} is locked by another process (a running devnet?)`, options);
    this.dataDir = dataDir;
  }
}

/** The ledger was closed or is closing; the request was not carried out. */
export class LedgerClosedError extends Error {
  override readonly name = 'LedgerClosedError';
}
