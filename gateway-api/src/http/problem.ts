import { ERROR_HTTP_STATUS, type ErrorCode } from '@allianceledger/contract';

/**
 * Errors as RFC 9457 problem details (`application/problem+json`) with stable codes. Every failure a
 * client can see is one entry of this catalogue; routes throw `ProblemError`, and the error middleware
 * renders it. Nothing else decides an HTTP status for an error.
 */

/** One entry of the catalogue: its status, its title, and what a typical one says (for the docs). */
export interface ProblemSpec {
  readonly status: number;
  readonly title: string;
  readonly example: string;
}

/**
 * The chaincode's codes, each with the status the contract gives it (`ERROR_HTTP_STATUS`). Typed as a
 * record over the contract's `ErrorCode`, so a code the chaincode adds fails to compile until it is here.
 */
const CHAINCODE_PROBLEMS = {
  INVALID_ARGUMENT: {
    status: ERROR_HTTP_STATUS.INVALID_ARGUMENT,
    title: 'The ledger refused the input',
    example: 'amountToPay must not exceed the settlement amount',
  },
  FORBIDDEN: { status: ERROR_HTTP_STATUS.FORBIDDEN, title: 'Not allowed', example: 'caller may not ConfirmReceipt' },
  NOT_FOUND: { status: ERROR_HTTP_STATUS.NOT_FOUND, title: 'Not found', example: 'settlement not found' },
  CONFLICT: {
    status: ERROR_HTTP_STATUS.CONFLICT,
    title: 'Conflict with the current state',
    example: 'account already exists',
  },
  ILLEGAL_STATE: {
    status: ERROR_HTTP_STATUS.ILLEGAL_STATE,
    title: 'The resource is not in a state that allows this',
    example: 'order in state PLACED does not allow SHIP',
  },
  INSUFFICIENT_FUNDS: {
    status: ERROR_HTTP_STATUS.INSUFFICIENT_FUNDS,
    title: 'Insufficient funds',
    example: 'available balance does not cover the amount',
  },
  STALE_VALUE: {
    status: ERROR_HTTP_STATUS.STALE_VALUE,
    title: 'The oracle value is stale',
    example: 'feed usd-cny round 2026-11-30T19 has 1 fresh report of the 2 it needs',
  },
  NO_QUORUM: {
    status: ERROR_HTTP_STATUS.NO_QUORUM,
    title: 'The oracle round is short of its quorum',
    example: 'feed logistics round 3f… has 1 report of the 2 it needs',
  },
  INTERNAL: { status: ERROR_HTTP_STATUS.INTERNAL, title: 'Internal error', example: 'an internal error occurred' },
  NOT_IMPLEMENTED: {
    status: ERROR_HTTP_STATUS.NOT_IMPLEMENTED,
    title: 'Not implemented yet',
    example: 'this operation is designed but not built yet',
  },
} as const satisfies Record<ErrorCode, ProblemSpec>;

/** The gateway's own codes. */
const GATEWAY_PROBLEMS = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid', example: 'the body is not valid' },
  UNAUTHENTICATED: {
    status: 401,
    title: 'Authentication is required',
    example: 'send X-API-Key or Authorization: Bearer',
  },
  SIGNATURE_REQUIRED: {
    status: 403,
    title: 'This identity signs on its own device',
    example: 'EcommerceMSP:buyer9 keeps its own key: prepare the transaction with ?signing=offline',
  },
  SIGNATURE_INVALID: {
    status: 400,
    title: "The signature does not verify against the identity's certificate",
    example: "the signature does not verify against EcommerceMSP:buyer9's certificate",
  },
  OFFLINE_STEP_DONE: {
    status: 409,
    title: 'This step of an offline-signed transaction was done already',
    example: 'transaction 3f… is COMMITTED: not submitted again',
  },
  OFFLINE_STEP_EXPIRED: {
    status: 410,
    title: 'The prepared step expired before its signature came',
    example: 'the signature for 3f… came too late: prepare again',
  },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such resource', example: 'no route GET /api/v1/nothing' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed', example: 'DELETE is not allowed here' },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    title: 'A request with this Idempotency-Key is still in progress',
    example: 'a request with this Idempotency-Key is still running',
  },
  TRANSACTION_INVALIDATED: {
    status: 409,
    title: 'The transaction was ordered but not committed',
    example: 'the transaction was invalidated with MVCC_READ_CONFLICT',
  },
  TRANSACTION_NOT_DEPLOYED: {
    status: 409,
    title: 'The chaincode deployed on the channel does not have this transaction',
    example:
      'the chaincode deployed on the channel (alliance version 1.0, sequence 1) has no transaction memo:SetSettlementMemo: ' +
      'it needs a newer version of the chaincode',
  },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large', example: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported media type',
    example: 'send the body as application/json',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'The Idempotency-Key was used with a different request',
    example: 'this Idempotency-Key was already used with a different method, path or body',
  },
  RATE_LIMITED: { status: 429, title: 'Too many requests', example: 'try again after Retry-After seconds' },
  TOO_MANY_STREAMS: {
    status: 429,
    title: 'Too many open event streams',
    example: 'this credential holds 5 event streams already',
  },
  LEDGER_UNAVAILABLE: {
    status: 503,
    title: 'The ledger is unavailable',
    example: 'the ledger is not reachable',
  },
  IDENTITY_PROVIDER_UNAVAILABLE: {
    status: 503,
    title: "The identity provider's keys could not be fetched",
    example: "the identity provider's keys could not be fetched",
  },
  LEDGER_TIMEOUT: {
    status: 504,
    title: 'The ledger did not answer in time',
    example: 'the ledger did not answer in time',
  },
  STORAGE_QUOTA_EXCEEDED: {
    status: 507,
    title: 'The evidence store is full',
    example: 'the evidence store quota would be exceeded',
  },
} as const satisfies Record<string, ProblemSpec>;

/**
 * The gateway's codes for identities and API keys (onboarding, enrollment, revocation, keys): answered by
 * the `/identities` and `/api-keys` operations only.
 */
const IDENTITY_PROBLEMS = {
  CSR_INVALID: {
    status: 400,
    title: 'The certificate signing request is not valid',
    example: 'not a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----)',
  },
  CSR_KEY_NOT_ACCEPTED: {
    status: 400,
    title: "The CSR's key is not an ECDSA P-256 key",
    example: "the CSR's key must be ECDSA P-256 (prime256v1), not rsa",
  },
  CSR_SUBJECT_MISMATCH: {
    status: 400,
    title: "The CSR's subject is not the identity's",
    example: "the CSR's subject must have CN=buyer9 (it has CN=buyer1)",
  },
  ENROLLMENT_SECRET_INVALID: {
    status: 401,
    title: 'The enrollment secret is not valid',
    example: 'send Authorization: Basic <enrollment ID>:<enrollment secret>',
  },
  ORG_ADMIN_REQUIRED: {
    status: 403,
    title: "Only an administrator of the identity's organisation may do this",
    example: 'EcommerceMSP:buyer1 is not an administrator of EcommerceMSP',
  },
  IDENTITY_NOT_FOUND: { status: 404, title: 'No such identity', example: 'no identity EcommerceMSP:buyer9' },
  API_KEY_NOT_FOUND: { status: 404, title: 'No such API key', example: 'no API key 3f9c2a…' },
  IDENTITY_EXISTS: {
    status: 409,
    title: 'The identity is registered already',
    example: 'EcommerceMSP:buyer9 is registered already',
  },
  IDENTITY_NOT_ACTIVE: {
    status: 409,
    title: 'The identity is not active',
    example: 'EcommerceMSP:buyer9 is REVOKED',
  },
  IDENTITY_NOT_MANAGED: {
    status: 409,
    title: "The identity comes from the operator's connection file",
    example: 'EcommerceMSP:buyer1 is configured, not enrolled through the gateway: revoke it at its CA',
  },
  API_KEY_REVOKED: { status: 409, title: 'The API key is revoked', example: 'API key 3f9c2a… is revoked' },
  ENROLLMENT_REFUSED: {
    status: 409,
    title: 'The CA refused the enrollment',
    example: "ca-ecommerce refused buyer9's enrollment secret: used at the CA already, or revoked there",
  },
  ENROLLMENT_EXPIRED: {
    status: 410,
    title: 'The enrollment secret expired',
    example: 'the enrollment secret of EcommerceMSP:buyer9 expired at 2030-01-02T00:00:00.000Z',
  },
  CERTIFICATE_AUTHORITY_REFUSED: {
    status: 502,
    title: "The organisation's CA refused the request",
    example: 'ca-ecommerce register: Authorization failure',
  },
  CERTIFICATE_AUTHORITY_UNAVAILABLE: {
    status: 503,
    title: "The organisation's CA is unavailable",
    example: 'ca-ecommerce does not answer',
  },
} as const satisfies Record<string, ProblemSpec>;

/** The codes only the identity and API key operations answer. */
export const IDENTITY_PROBLEM_CODES: ReadonlySet<string> = new Set(Object.keys(IDENTITY_PROBLEMS));

/** Every problem a client can see: the gateway's and the chaincode's codes. */
export const PROBLEMS = { ...GATEWAY_PROBLEMS, ...IDENTITY_PROBLEMS, ...CHAINCODE_PROBLEMS } as const;

export type ProblemCode = keyof typeof PROBLEMS;

/** One field that failed validation, with its path in the request (`body.order.items.0.quantity`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly transactionId?: string;
  readonly [extension: string]: unknown;
}

export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly code: ProblemCode;
  readonly status: number;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(code: ProblemCode, detail?: string, extensions: Readonly<Record<string, unknown>> = {}) {
    super(detail ?? PROBLEMS[code].title);
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.extensions = extensions;
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: `https://allianceledger.example/problems/${this.code.toLowerCase().replaceAll('_', '-')}`,
      title: PROBLEMS[this.code].title,
      status: this.status,
      code: this.code,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEMS, code);
}
