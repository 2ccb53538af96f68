import { ConnectionError, ProblemError } from './errors';

/**
 * When and how often a request is sent again. The rule is docs/api.md's ("Idempotency"): a 503 or a 409
 * with `retryable: true` is sent again with the same `Idempotency-Key`, which gets exactly one outcome
 * whatever failed in between; so is a request whose connection broke. Only requests that are safe to repeat
 * are retried: reads, writes carrying an `Idempotency-Key`, and the steps of an offline-signed flow (kept by
 * transaction id). Anything else is reported at once.
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5; 1 turns retries off). */
  readonly maxAttempts?: number;
  /** The pause before the first retry, doubled each time, jittered (default 250 ms). */
  readonly initialDelayMs?: number;
  /** The longest pause (default 5 s); a `Retry-After` the gateway sends is honoured up to this too. */
  readonly maxDelayMs?: number;
}

/** What `RetryOptions` leave out, filled in. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialDelayMs: 250, maxDelayMs: 5_000 };

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...options };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be a whole number ≥ 1, not ${policy.maxAttempts}`);
  }
  if (policy.initialDelayMs < 0 || policy.maxDelayMs < policy.initialDelayMs) {
    throw new RangeError('retry delays must satisfy 0 ≤ initialDelayMs ≤ maxDelayMs');
  }
  return policy;
}

/** Whether a failure of a repeatable request may be retried. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ConnectionError) return true;
  if (!(error instanceof ProblemError)) return false;
  return error.status === 503 || (error.status === 409 && error.body.retryable === true);
}

/**
 * The pause before retry number `retry` (1 for the first): exponential with jitter (half of it random), or the gateway's
 * `Retry-After` when it sent one, never above `maxDelayMs`.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, error: unknown, random: () => number): number {
  if (error instanceof ProblemError && error.retryAfterSeconds !== undefined) {
    return Math.min(error.retryAfterSeconds * 1000, policy.maxDelayMs);
  }
  const ceiling = Math.min(policy.initialDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
