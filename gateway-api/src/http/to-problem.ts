import { SelfCustodyError } from '../auth/identity-registry';
import { CertificateAuthorityError, CsrError } from '../identities/identity-errors';
import { TransactionNotDeployed } from '../ledger/deployed-chaincode';
import { ChaincodeRejection, CommitRejection, EndorsementMismatch, LedgerUnavailable } from '../ledger/ledger-errors';
import { isProblemCode, ProblemError } from './problem';

/**
 * The one mapping from any failure to a problem: chaincode error codes map by name onto the problem
 * catalogue (same stable codes), ledger failures onto their own entries, and anything unexpected to
 * INTERNAL with no detail (the log has it).
 */
export function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof SelfCustodyError) {
    return new ProblemError(
      'SIGNATURE_REQUIRED',
      `${err.identity} keeps its own key, so the gateway cannot sign for it: prepare the transaction with ` +
        '?signing=offline and sign it on the device (docs/identity.md)',
    );
  }
  return ledgerProblem(err) ?? identityProblem(err) ?? httpProblem(err);
}

/** A CA's or a CSR's refusal as its problem; undefined for anything else. */
function identityProblem(err: unknown): ProblemError | undefined {
  if (err instanceof CsrError) {
    const code = {
      INVALID: 'CSR_INVALID',
      KEY_NOT_ACCEPTED: 'CSR_KEY_NOT_ACCEPTED',
      SUBJECT_MISMATCH: 'CSR_SUBJECT_MISMATCH',
    } as const;
    return new ProblemError(code[err.refusal], err.message);
  }
  if (!(err instanceof CertificateAuthorityError)) return undefined;
  const ca = { caName: err.caName, ...(err.caCode === undefined ? {} : { caCode: err.caCode }) };
  switch (err.failure) {
    case 'ALREADY_REGISTERED':
      return new ProblemError('IDENTITY_EXISTS', `${err.caName} has this enrollment ID registered already`, ca);
    case 'AUTHENTICATION_FAILED':
      return new ProblemError(
        'ENROLLMENT_REFUSED',
        `${err.caName} refused the enrollment secret: it was used at the CA already, or the identity was revoked there`,
        ca,
      );
    case 'BAD_CSR':
      return new ProblemError('CSR_INVALID', `${err.caName} refused the CSR: ${err.message}`, ca);
    case 'REFUSED':
      return new ProblemError('CERTIFICATE_AUTHORITY_REFUSED', err.message, ca);
    case 'UNREACHABLE':
      return new ProblemError('CERTIFICATE_AUTHORITY_UNAVAILABLE', `${err.caName} does not answer`, {
        ...ca,
        retryable: true,
      });
  }
}

/** A chaincode refusal or a ledger failure as its problem; undefined for anything else. */
function ledgerProblem(err: unknown): ProblemError | undefined {
  if (err instanceof ChaincodeRejection) {
    // An unexpected chaincode failure (a bug, INTERNAL) says nothing of itself: its message is for the
    // logs, where the request id leads; only the catalogue's refusals are the client's to read.
    if (err.code === 'INTERNAL' || !isProblemCode(err.code)) {
      return new ProblemError('INTERNAL', 'an internal error occurred');
    }
    return new ProblemError(err.code, err.message, {
      ...(err.details ? { details: err.details } : {}),
    });
  }
  if (err instanceof CommitRejection) {
    return new ProblemError('TRANSACTION_INVALIDATED', `the transaction was invalidated with ${err.validationCode}`, {
      transactionId: err.transactionId,
      validationCode: err.validationCode,
      blockNumber: err.blockNumber.toString(),
      retryable: true,
    });
  }
  if (err instanceof TransactionNotDeployed) {
    return new ProblemError('TRANSACTION_NOT_DEPLOYED', err.message, {
      transaction: err.transaction,
      deployed: { version: err.deployed.version, sequence: err.deployed.sequence.toString() },
    });
  }
  if (err instanceof EndorsementMismatch) {
    return new ProblemError('LEDGER_UNAVAILABLE', 'the endorsing peers disagreed; try again', { retryable: true });
  }
  if (err instanceof LedgerUnavailable) {
    return new ProblemError(
      'LEDGER_UNAVAILABLE',
      err.transactionId
        ? `the outcome of transaction ${err.transactionId} is not known yet; query it or retry with the same Idempotency-Key`
        : 'the ledger is not reachable',
      { ...(err.transactionId ? { transactionId: err.transactionId } : {}), retryable: true },
    );
  }
  return undefined;
}

/** Body-parser and router failures as their problems; anything else is INTERNAL with no detail. */
function httpProblem(err: unknown): ProblemError {
  const http = err as { status?: unknown; type?: unknown; code?: unknown };
  // The router could not percent-decode a path parameter (`%E0%A4%A`): the client's URL is malformed.
  if (err instanceof URIError && http.status === 400) {
    return new ProblemError('VALIDATION_FAILED', 'the path is not valid percent-encoding', {
      errors: [{ path: 'params', message: 'malformed percent-encoding' }],
    });
  }
  if (http.type === 'entity.too.large') return new ProblemError('PAYLOAD_TOO_LARGE');
  if (http.type === 'entity.parse.failed') return new ProblemError('VALIDATION_FAILED', 'the body is not valid JSON');
  if (http.type === 'charset.unsupported' || http.type === 'encoding.unsupported') {
    return new ProblemError('UNSUPPORTED_MEDIA_TYPE');
  }
  // zlib refused a body announced as gzip or deflate.
  if (http.status === 400 && typeof http.code === 'string' && http.code.startsWith('Z_')) {
    return new ProblemError('VALIDATION_FAILED', 'the body does not decode with its Content-Encoding');
  }
  return new ProblemError('INTERNAL', 'an internal error occurred');
}
