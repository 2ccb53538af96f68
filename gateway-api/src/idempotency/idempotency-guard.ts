import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal';
import { ProblemError } from '../http/problem';
import { toProblem } from '../http/to-problem';
import type { LedgerPort } from '../ledger/ledger-port';
import type { IdempotencyStore, StoredResponse } from './idempotency-store';

export interface IdempotentExecution {
  /** Records the transaction id and endorsed result as soon as the ledger has them. */
  onSubmitted(transactionId: string, result: Uint8Array): Promise<void>;
}

/**
 * Rebuilds the response of a request whose transaction committed while the gateway was down, from
 * the transaction id, block and endorsed result. Undefined when the route cannot rebuild it.
 */
export type Recover = (committed: { transactionId: string; blockNumber: bigint; result: string }) => StoredResponse;

/**
 * `Idempotency-Key` semantics for POSTs: the same key and body give the same response and at most one
 * ledger transaction, also across restarts; the same key with another body is refused (422); a
 * duplicate while the first is still running is refused (409). A request the gateway was running when
 * it stopped is settled from the ledger: if its transaction committed, that outcome is the response.
 */
export class IdempotencyGuard {
  readonly #store: IdempotencyStore;
  readonly #ledger: LedgerPort;
  readonly #inFlight = new Set<string>();
  /** How long an unfinished transaction may still reach the ledger (the commit timeout). */
  readonly #settleWindowMs: number;

  constructor(options: Readonly<{ store: IdempotencyStore; ledger: LedgerPort; settleWindowMs: number }>) {
    this.#store = options.store;
    this.#ledger = options.ledger;
    this.#settleWindowMs = options.settleWindowMs;
  }

  /**
   * The scope of a caller's keys: its credential (`key:<id>`, `jwt:<sub>`) and the identity it acts as.
   * Two tokens with the same `sub` mapped to different identities are different callers and never share
   * a record. JSON keeps the two parts apart whatever characters a `sub` holds.
   */
  static scope(principal: Principal): string {
    return JSON.stringify([principal.id, principal.identity]);
  }

  static fingerprint(method: string, path: string, body: unknown): string {
    return createHash('sha256')
      .update(`${method} ${path}\n${JSON.stringify(body ?? null)}`)
      .digest('hex');
  }

  async run(
    scope: string,
    idempotencyKey: string,
    fingerprint: string,
    /** The request path, the problem `instance` of a refusal. */
    instance: string,
    execute: (execution: IdempotentExecution) => Promise<StoredResponse>,
    recover: Recover,
  ): Promise<StoredResponse & { replayed: boolean }> {
    const key = `${scope}\u0000${idempotencyKey}`;
    if (this.#inFlight.has(key)) {
      throw new ProblemError('IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is still running', {
        retryable: true,
      });
    }
    this.#inFlight.add(key);
    try {
      const replay = await this.#replay(key, fingerprint, recover);
      if (replay) return { ...replay, replayed: true };
      const createdAt = Date.now();
      await this.#store.put(key, { state: 'pending', fingerprint, createdAt });
      let response: StoredResponse;
      try {
        response = await execute({
          onSubmitted: (transactionId, result) =>
            this.#store.put(key, {
              state: 'pending',
              fingerprint,
              createdAt,
              transactionId,
              result: Buffer.from(result).toString('base64'),
            }),
        });
      } catch (err) {
        // Refusals that are the client's to fix are final: stored, and answered now exactly as replays
        // will answer them. An unavailable ledger or a lost race is not final.
        const problem = toProblem(err);
        if (problem.status < 500 && problem.extensions.retryable !== true) {
          const refusal: StoredResponse = {
            status: problem.status,
            headers: { 'content-type': 'application/problem+json' },
            body: problem.toBody(instance),
          };
          await this.#complete(key, fingerprint, createdAt, refusal);
          return { ...refusal, replayed: false };
        }
        if (!(await this.#hasTransaction(key))) await this.#store.delete(key);
        throw err;
      }
      if (response.status < 500) await this.#complete(key, fingerprint, createdAt, response);
      return { ...response, replayed: false };
    } finally {
      this.#inFlight.delete(key);
    }
  }

  /**
   * The earlier answer to this key, when there is one: the stored response, or the outcome of a
   * transaction an interrupted request submitted. 422 when the key came with another request.
   */
  async #replay(key: string, fingerprint: string, recover: Recover): Promise<StoredResponse | undefined> {
    const existing = await this.#store.get(key);
    if (existing && existing.fingerprint !== fingerprint) {
      throw new ProblemError(
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was already used with a different method, path or body',
      );
    }
    if (existing?.state === 'completed') return existing.response;
    if (existing?.state === 'pending' && existing.transactionId !== undefined) {
      return this.#settle(key, existing.transactionId, existing.result ?? '', existing.createdAt, recover);
    }
    return undefined;
  }

  /** Settles a request interrupted after submission from the ledger's record of its transaction. */
  async #settle(
    key: string,
    transactionId: string,
    result: string,
    createdAt: number,
    recover: Recover,
  ): Promise<StoredResponse | undefined> {
    const status = await this.#ledger.transactionStatus(transactionId);
    if (status?.valid) {
      const response = recover({ transactionId, blockNumber: status.blockNumber, result });
      const record = await this.#store.get(key);
      await this.#complete(key, record?.fingerprint ?? '', createdAt, response);
      return response;
    }
    if (!status && Date.now() - createdAt < this.#settleWindowMs) {
      // It may still be ordered: running it again now could pay twice.
      throw new ProblemError('IDEMPOTENCY_IN_PROGRESS', `transaction ${transactionId} has not reached the ledger yet`, {
        transactionId,
        retryable: true,
      });
    }
    // Invalidated, or never ordered: nothing was written, so the request runs again.
    return undefined;
  }

  async #hasTransaction(key: string): Promise<boolean> {
    const record = await this.#store.get(key);
    return record?.state === 'pending' && record.transactionId !== undefined;
  }

  async #complete(key: string, fingerprint: string, createdAt: number, response: StoredResponse): Promise<void> {
    await this.#store.put(key, { state: 'completed', fingerprint, createdAt, response });
  }
}
