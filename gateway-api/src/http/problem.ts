/**
 * Errors as RFC 9457 problem details (`application/problem+json`) with stable codes. Every failure a
 * client can see is one entry of this catalogue; routes throw `ProblemError`, and the error middleware
 * renders it. Nothing else decides an HTTP status for an error.
 */
export const PROBLEMS = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  INVALID_ARGUMENT: { status: 400, title: 'The ledger refused the input' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such resource' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONFLICT: { status: 409, title: 'Conflict with the current state' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  ILLEGAL_STATE: { status: 409, title: 'The resource is not in a state that allows this' },
  TRANSACTION_INVALIDATED: { status: 409, title: 'The transaction was ordered but not committed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was used with a different request' },
  INSUFFICIENT_FUNDS: { status: 422, title: 'Insufficient funds' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  TOO_MANY_STREAMS: { status: 429, title: 'Too many open event streams' },
  INTERNAL: { status: 500, title: 'Internal error' },
  NOT_IMPLEMENTED: { status: 501, title: 'Not implemented yet' },
  LEDGER_UNAVAILABLE: { status: 503, title: 'The ledger is unavailable' },
  LEDGER_TIMEOUT: { status: 504, title: 'The ledger did not answer in time' },
  STORAGE_QUOTA_EXCEEDED: { status: 507, title: 'The evidence store is full' },
} as const satisfies Record<string, { status: number; title: string }>;

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
