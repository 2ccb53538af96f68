/**
 * Ledger failures as the gateway's routes see them, independent of the adapter. The HTTP mapping of
 * each lives in one table (http/problem-catalogue.ts).
 */

/** The chaincode refused the transaction with one of its stable error codes (nothing was written). */
export class ChaincodeRejection extends Error {
  override readonly name = 'ChaincodeRejection';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> | undefined,
    readonly transactionId: string | undefined,
  ) {
    super(message);
  }
}

/** The transaction was ordered but judged invalid (e.g. MVCC_READ_CONFLICT): nothing was written. */
export class CommitRejection extends Error {
  override readonly name = 'CommitRejection';
  constructor(
    readonly transactionId: string,
    readonly validationCode: string,
    readonly blockNumber: bigint,
  ) {
    super(`transaction ${transactionId} was not committed: ${validationCode}`);
  }
}

/** The ledger could not be reached or did not answer in time; the outcome may be unknown. */
export class LedgerUnavailable extends Error {
  override readonly name = 'LedgerUnavailable';
  constructor(
    message: string,
    readonly transactionId?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Reads the chaincode's machine-readable error out of a failure message. Our chaincode throws
 * `{"code": "...", "message": "...", "details": {...}}`; fabric-contract-api passes it on as the
 * response message, and a Fabric peer wraps it ("chaincode response 500, {...}").
 */
export function parseChaincodeError(
  message: string,
): { code: string; message: string; details?: Record<string, unknown> } | undefined {
  const start = message.indexOf('{"code"');
  if (start < 0) return undefined;
  for (let end = message.lastIndexOf('}'); end > start; end = message.lastIndexOf('}', end - 1)) {
    try {
      const parsed = JSON.parse(message.slice(start, end + 1)) as unknown;
      if (isChaincodeError(parsed)) return parsed;
    } catch {
      // try a shorter candidate
    }
  }
  return undefined;
}

function isChaincodeError(v: unknown): v is { code: string; message: string; details?: Record<string, unknown> } {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.code === 'string' && typeof o.message === 'string';
}

/**
 * Endorsing peers returned different results (typically peers at different block heights under
 * contention): nothing was ordered, and the transaction may simply be tried again.
 */
export class EndorsementMismatch extends Error {
  override readonly name = 'EndorsementMismatch';
  constructor(
    message: string,
    readonly transactionId: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
