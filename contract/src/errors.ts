/**
 * The chaincode's error catalogue: stable codes, each with the one HTTP status a client maps it to.
 * A refused transaction's message is the JSON {@link ErrorBody}; codes never change meaning.
 */

/** Every code a transaction may fail with. */
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
  /** An oracle feed's round has k reports or more, but fewer than k fresh ones: its value may not be used. */
  STALE_VALUE: 'STALE_VALUE',
  /** An oracle feed's round has fewer than k reports of the feed's oracles: it has no value yet. */
  NO_QUORUM: 'NO_QUORUM',
  /** The feature is designed but not built yet. */
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
  /** Anything else: a bug or a ledger failure. */
  INTERNAL: 'INTERNAL',
} as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The HTTP status of each chaincode error code (docs/chaincode.md, "Error codes"). */
export const ERROR_HTTP_STATUS = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  INSUFFICIENT_FUNDS: 422,
  ILLEGAL_STATE: 409,
  STALE_VALUE: 409,
  NO_QUORUM: 409,
  NOT_IMPLEMENTED: 501,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

/** Structured context of an error; values are plain JSON. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** The JSON body carried in a refused transaction's message. */
export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: ErrorDetails;
}

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** Whether `code` is one of the catalogue's codes. */
export function isErrorCode(code: string): code is ErrorCode {
  return CODES.has(code);
}

/**
 * Reads an {@link ErrorBody} back from a chaincode error message (as the gateway or a test receives it);
 * undefined when the message did not come from the catalogue (e.g. contract-api's own errors).
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
  if (typeof code !== 'string' || !isErrorCode(code) || typeof text !== 'string') return undefined;
  const body: ErrorBody = { code, message: text };
  return typeof details === 'object' && details !== null ? { ...body, details: details as ErrorDetails } : body;
}
