/**
 * The chaincode's one error type and its catalogue of stable codes.
 *
 * fabric-contract-api turns a thrown error into a chaincode response with status 500 whose message is
 * `error.message`, and that message is all a client (the gateway) ever sees. So the message is
 * machine-readable JSON — `{"code":…,"message":…,"details":…}` — and codes never change meaning.
 */

/** Every code a transaction may fail with. The gateway maps each to one HTTP status. */
export const ErrorCode = {
  /** The input is malformed: bad JSON, unknown or missing field, bad amount. Nothing was read. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** A record the transaction refers to does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** The caller's certificate and the member registry do not allow this. */
  FORBIDDEN: 'FORBIDDEN',
  /** The record already exists, or the request contradicts an existing one. */
  CONFLICT: 'CONFLICT',
  /** The available balance does not cover the debit. */
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  /** The record's state does not allow this transition (or the time limit is not reached). */
  ILLEGAL_STATE: 'ILLEGAL_STATE',
  /** The feature is designed but not built yet. */
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
  /** Anything else: a bug or a ledger failure. */
  INTERNAL: 'INTERNAL',
} as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Structured context of an error; values are plain JSON. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** The JSON body carried in a {@link ChaincodeError}'s message. */
export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: ErrorDetails;
}

/**
 * The only error chaincode code throws. Its `message` is the JSON {@link ErrorBody}.
 *
 * @example
 * ```ts
 * throw new ChaincodeError('NOT_FOUND', 'settlement not found', { settlementNo });
 * ```
 */
export class ChaincodeError extends Error {
  override readonly name = 'ChaincodeError';
  readonly code: ErrorCode;
  /** The human-readable reason, without the JSON envelope. */
  readonly reason: string;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, reason: string, details?: ErrorDetails, options?: ErrorOptions) {
    super(
      JSON.stringify(details === undefined ? { code, message: reason } : { code, message: reason, details }),
      options,
    );
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
}

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/**
 * Reads an {@link ErrorBody} back from a chaincode error message (as the gateway or a test receives it);
 * undefined when the message did not come from a {@link ChaincodeError} (e.g. contract-api's own errors).
 */
export function parseErrorMessage(message: string): ErrorBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { code, message: text, details } = parsed as Record<string, unknown>;
  if (typeof code !== 'string' || !CODES.has(code) || typeof text !== 'string') return undefined;
  const body: ErrorBody = { code: code as ErrorCode, message: text };
  return typeof details === 'object' && details !== null ? { ...body, details: details as ErrorDetails } : body;
}

/** Shorthands for the common failures. */
export const fail = {
  invalid: (message: string, details?: ErrorDetails): ChaincodeError =>
    new ChaincodeError(ErrorCode.INVALID_ARGUMENT, message, details),
  notFound: (entity: string, id: string): ChaincodeError =>
    new ChaincodeError(ErrorCode.NOT_FOUND, `${entity} not found`, { entity, id }),
  forbidden: (message: string, details?: ErrorDetails): ChaincodeError =>
    new ChaincodeError(ErrorCode.FORBIDDEN, message, details),
  conflict: (message: string, details?: ErrorDetails): ChaincodeError =>
    new ChaincodeError(ErrorCode.CONFLICT, message, details),
  illegalState: (message: string, details?: ErrorDetails): ChaincodeError =>
    new ChaincodeError(ErrorCode.ILLEGAL_STATE, message, details),
};
