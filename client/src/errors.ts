import type { ProblemBody } from './api-types';

/** A field the gateway refused, with the path of the part it is in (`body.order.items.0.quantity`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** What identifies the request an error belongs to. */
export interface RequestInfo {
  readonly method: string;
  /** The URL asked for, without credentials. */
  readonly url: string;
}

/** The problem codes the gateway documents, or another code a newer gateway may send. */
export type ProblemCode = ProblemBody['code'] | (string & {});

/**
 * The gateway refused or failed a request: its `application/problem+json` answer (docs/api.md, "Errors"),
 * after any automatic retries. A non-problem error answer (e.g. Node's plain 408) is one too, with code
 * `HTTP_<status>`.
 *
 * @example
 * ```ts
 * try {
 *   await client.transfers.create({ fromAccountId, toAccountId, currency: 'CNY', amount: '100' });
 * } catch (err) {
 *   if (err instanceof ProblemError && err.code === 'INSUFFICIENT_FUNDS') console.error(err.detail);
 *   else throw err;
 * }
 * ```
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  /** The HTTP status. */
  readonly status: number;
  /** The stable problem code, e.g. `INSUFFICIENT_FUNDS`. */
  readonly code: ProblemCode;
  readonly title: string | undefined;
  /** What went wrong, in plain words. */
  readonly detail: string | undefined;
  /** The fields refused, for `VALIDATION_FAILED`. */
  readonly errors: readonly FieldError[];
  /** The ledger transaction the problem is about, when there is one (e.g. a 503 whose outcome is unknown). */
  readonly transactionId: string | undefined;
  /**
   * Whether the same request may be sent again with the same `Idempotency-Key`: the gateway says so
   * (`retryable: true`, e.g. 409 `IDEMPOTENCY_IN_PROGRESS`), or the status is 503 (outcome unknown).
   */
  readonly retryable: boolean;
  /** Seconds to wait, from `Retry-After`, when the gateway sent it. */
  readonly retryAfterSeconds: number | undefined;
  /** The whole problem body, with any code-specific fields (`stage`, `validationCode`, …). */
  readonly body: Readonly<Record<string, unknown>>;
  readonly request: RequestInfo;

  constructor(
    options: Readonly<{
      status: number;
      body: Readonly<Record<string, unknown>>;
      request: RequestInfo;
      retryAfterSeconds?: number;
    }>,
  ) {
    const { status, body } = options;
    const code = typeof body.code === 'string' ? body.code : `HTTP_${status}`;
    const detail = typeof body.detail === 'string' ? body.detail : undefined;
    const title = typeof body.title === 'string' ? body.title : undefined;
    super(`${code} (${status}): ${detail ?? title ?? 'the gateway refused the request'}`);
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? body.errors.filter(isFieldError) : [];
    this.transactionId = typeof body.transactionId === 'string' ? body.transactionId : undefined;
    this.retryable = body.retryable === true || status === 503;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.body = body;
    this.request = options.request;
  }
}

/**
 * The gateway could not be reached, or the connection broke before an answer arrived. For a write the
 * outcome is unknown: send it again with the same `Idempotency-Key` (the client does, while retries last).
 */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  readonly request: RequestInfo;

  constructor(request: RequestInfo, options: Readonly<{ cause: unknown }>) {
    super(`${request.method} ${request.url}: the gateway did not answer (${describe(options.cause)})`, {
      cause: options.cause,
    });
    this.request = request;
  }
}

/** The step of an offline-signed flow whose digest was being signed. */
export type SigningStage = 'endorsement' | 'submission' | 'evaluation';

/**
 * The device did not sign: the signer failed, or what the gateway asked it to sign did not match the digest
 * it stated (the client hashes the bytes itself and refuses a mismatch). Nothing was sent on.
 */
export class SigningError extends Error {
  override readonly name = 'SigningError';
  /** The transaction (or query) being signed. */
  readonly transactionId: string;
  readonly stage: SigningStage;

  constructor(message: string, options: Readonly<{ transactionId: string; stage: SigningStage; cause?: unknown }>) {
    super(`${options.stage} of ${options.transactionId}: ${message}`, { cause: options.cause });
    this.transactionId = options.transactionId;
    this.stage = options.stage;
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { path, message } = value as Record<string, unknown>;
  return typeof path === 'string' && typeof message === 'string';
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${cause.message}${inner}`;
}
