import { ErrorCode, type ErrorDetails } from '@allianceledger/contract';

/**
 * The chaincode's one error type. The catalogue of codes is the contract's (`ErrorCode`, with their
 * HTTP statuses); fabric-contract-api turns a thrown error into a chaincode response whose message is
 * `error.message`, and that message is all a client ever sees — so it is the JSON `ErrorBody`.
 */
export { ErrorCode, parseErrorMessage, type ErrorBody, type ErrorDetails } from '@allianceledger/contract';

/**
 * The only error chaincode code throws. Its `message` is the JSON `ErrorBody`.
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
