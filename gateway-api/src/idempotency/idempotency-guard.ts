import { createHash } from 'node:crypto';
import { canonicalJson } from '@allianceledger/contract';
import type { Principal } from '../auth/principal';
import { ProblemError } from '../http/problem';
import { toProblem } from '../http/to-problem';
import { LedgerUnavailable } from '../ledger/ledger-errors';
import type { LedgerPort, SubmitHooks, TransactionStatus } from '../ledger/ledger-port';
import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from './idempotency-store';

/** What the guard records while a request's transaction is under way (the ledger port's submit hooks). */
export type IdempotentExecution = Required<SubmitHooks>;

/**
 * Rebuilds the response of a request whose transaction committed while the gateway was down, from
 * the transaction id, block and endorsed result. Undefined when the route cannot rebuild it.
 */
export type Recover = (committed: { transactionId: string; blockNumber: bigint; result: string }) => StoredResponse;

/**
 * `Idempotency-Key` semantics for POSTs: the same key and body give the same response and at most one
 * ledger transaction, also across restarts and failures mid-flight; the same key with another body is
 * refused (422); a duplicate while the first is still running in this gateway is refused (409).
 *
 * Exactly once rests on two records made before the step they guard: the transaction id, known before
 * endorsement, and the signed transaction, before it leaves for the orderer. A retry of a request whose
 * outcome is not known settles it from the ledger:
 * - its transaction committed → that outcome is the response (replayed);
 * - committed invalid, or never signed (so never sent) → nothing was written: the request runs again;
 * - not on the ledger but signed → the same signed bytes are submitted again: Fabric commits a
 *   transaction id once, so either this copy commits or the first did (this one is then DUPLICATE_TXID),
 *   and either way the response is the one commit's;
 * - the ledger cannot say (unreachable, the resubmission unanswered) → 409 IDEMPOTENCY_IN_PROGRESS,
 *   retryable: nothing is run again while the outcome is unknown.
 */
export class IdempotencyGuard {
  readonly #store: IdempotencyStore;
  readonly #ledger: LedgerPort;
  readonly #inFlight = new Set<string>();
  /** How long a resubmitted transaction may take to commit (the commit timeout). */
  readonly #commitTimeoutMs: number;

  constructor(options: Readonly<{ store: IdempotencyStore; ledger: LedgerPort; commitTimeoutMs: number }>) {
    this.#store = options.store;
    this.#ledger = options.ledger;
    this.#commitTimeoutMs = options.commitTimeoutMs;
  }

  /**
   * The scope of a caller's keys: its credential (`key:<id>`, `jwt:<sub>`) and the identity it acts as.
   * Two tokens with the same `sub` mapped to different identities are different callers and never share
   * a record. JSON keeps the two parts apart whatever characters a `sub` holds.
   */
  static scope(principal: Principal): string {
    return JSON.stringify([principal.id, principal.identity]);
  }

  /**
   * What makes two requests "the same": method, path and the body in canonical JSON, so that the same
   * body with its keys in another order is the same request. Computed on a validated body.
   */
  static fingerprint(method: string, path: string, body: unknown): string {
    return createHash('sha256')
      .update(`${method} ${path}\n${canonicalJson(body ?? null)}`)
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
          onPrepared: (transactionId) =>
            this.#store.put(key, { state: 'pending', fingerprint, createdAt, transactionId }),
          onSigned: (transactionId, signedTransaction, result) =>
            this.#store.put(key, {
              state: 'pending',
              fingerprint,
              createdAt,
              transactionId,
              result: Buffer.from(result).toString('base64'),
              signedTransaction: Buffer.from(signedTransaction).toString('base64'),
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
        // A transaction that was signed may have reached the orderer: its record stays for the retry.
        if (!(await this.#wasSigned(key))) await this.#store.delete(key);
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
      return this.#settle(key, existing, recover);
    }
    return undefined;
  }

  /** Settles a request whose outcome was not known, from the ledger (see the class's rules). */
  async #settle(
    key: string,
    record: Extract<IdempotencyRecord, { state: 'pending' }>,
    recover: Recover,
  ): Promise<StoredResponse | undefined> {
    const transactionId = record.transactionId ?? '';
    const unknown = (why: string): ProblemError =>
      new ProblemError(
        'IDEMPOTENCY_IN_PROGRESS',
        `the outcome of transaction ${transactionId} is not known yet: ${why}`,
        {
          transactionId,
          retryable: true,
        },
      );
    let status: TransactionStatus | undefined;
    try {
      status = await this.#ledger.transactionStatus(transactionId);
      if (!status && record.signedTransaction !== undefined) {
        status = await this.#resubmit(record.signedTransaction);
      }
    } catch (err) {
      if (err instanceof LedgerUnavailable) throw unknown('the ledger did not answer; retry with the same key');
      throw err;
    }
    if (status?.valid) {
      const response = recover({ transactionId, blockNumber: status.blockNumber, result: record.result ?? '' });
      await this.#complete(key, record.fingerprint, record.createdAt, response);
      return response;
    }
    // Invalid in a block (its id can never commit again), or never signed and so never sent: nothing
    // was written, so the request runs again as a new transaction.
    return undefined;
  }

  /**
   * Submits the signed transaction again and answers the outcome of its transaction id: this copy's,
   * or — when it is a duplicate — the first copy's, which committed meanwhile.
   */
  async #resubmit(signedTransaction: string): Promise<TransactionStatus | undefined> {
    const submitted = await this.#ledger.resubmit(Buffer.from(signedTransaction, 'base64'));
    const status = await withTimeout(submitted.status(), this.#commitTimeoutMs, submitted.transactionId);
    if (status.validationCode !== 'DUPLICATE_TXID') return status;
    return this.#ledger.transactionStatus(submitted.transactionId);
  }

  async #wasSigned(key: string): Promise<boolean> {
    const record = await this.#store.get(key);
    return record?.state === 'pending' && record.signedTransaction !== undefined;
  }

  async #complete(key: string, fingerprint: string, createdAt: number, response: StoredResponse): Promise<void> {
    await this.#store.put(key, { state: 'completed', fingerprint, createdAt, response });
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, transactionId: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(new LedgerUnavailable(`no commit status for ${transactionId} within ${ms} ms`, transactionId));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
