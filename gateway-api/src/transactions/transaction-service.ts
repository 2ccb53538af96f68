import { setTimeout as sleep } from 'node:timers/promises';
import type { IdentityRegistry } from '../auth/identity-registry';
import type { Principal } from '../auth/principal';
import { TransactionNotDeployed, type DeployedChaincode } from '../ledger/deployed-chaincode';
import { ChaincodeRejection, CommitRejection, EndorsementMismatch, LedgerUnavailable } from '../ledger/ledger-errors';
import type {
  LedgerPort,
  SigningIdentity,
  SubmitHooks,
  TransactionRequest,
  TransactionStatus,
} from '../ledger/ledger-port';
import type { GatewayMetrics } from '../observability/metrics';

/** One chaincode call: the transaction name and its single JSON input object. */
export interface ChaincodeCall {
  /** e.g. `wallets:Transfer`. */
  readonly transaction: string;
  /** Serialized as the transaction's one JSON argument; omitted when undefined. */
  readonly input?: unknown;
  /** Private inputs (Fabric's transient map), each serialized as JSON. */
  readonly transient?: Readonly<Record<string, unknown>>;
}

export interface CommittedTransaction {
  readonly transactionId: string;
  readonly blockNumber: bigint;
  readonly result: unknown;
}

export interface PendingTransaction {
  readonly transactionId: string;
  readonly result: unknown;
}

/** Records a submit makes as it goes (each attempt reports again): see the ledger port. */
export type { SubmitHooks } from '../ledger/ledger-port';

export interface RetryPolicy {
  /** Attempts in all, including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
}

const RETRYABLE_CODES = new Set(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']);

/** How long a refused call waits for its organisation's peer to reach a block the gateway acknowledged. */
const CATCH_UP_MS = 3_000;

/**
 * How soon after the gateway acknowledged a commit a refusal is asked again even when the peer has caught
 * up by the time the gateway looks: it may have answered while it was still behind.
 */
const RECENT_COMMIT_MS = 2_000;

/**
 * Runs chaincode calls for a principal: signs as its member identity, waits for the commit, and
 * retries transactions that lost a concurrency race (MVCC or phantom conflict, or endorsements that
 * disagreed because peers were at different heights) a bounded number of times with jittered backoff.
 */
export class TransactionService {
  readonly #ledger: LedgerPort;
  readonly #identities: IdentityRegistry;
  readonly #metrics: GatewayMetrics;
  readonly #retry: RetryPolicy;
  readonly #commitTimeoutMs: number;
  readonly #deployed: DeployedChaincode | undefined;
  readonly #pending = new Map<string, Promise<TransactionStatus>>();
  /** The height the ledger had once the newest commit this gateway acknowledged was in (block + 1). */
  #acknowledgedHeight = 0n;
  /** When (by `#clock`) `#acknowledgedHeight` last rose. */
  #acknowledgedAt = 0;
  readonly #clock: () => number;

  constructor(
    options: Readonly<{
      ledger: LedgerPort;
      identities: IdentityRegistry;
      metrics: GatewayMetrics;
      retry?: RetryPolicy;
      commitTimeoutMs: number;
      /** When given, a call the deployed chaincode does not declare is refused before it is sent. */
      deployed?: DeployedChaincode;
      /** Milliseconds now (tests move it); `Date.now` by default. */
      clock?: () => number;
    }>,
  ) {
    this.#clock = options.clock ?? Date.now;
    this.#ledger = options.ledger;
    this.#identities = options.identities;
    this.#metrics = options.metrics;
    this.#retry = options.retry ?? { attempts: 4, baseDelayMs: 25 };
    this.#commitTimeoutMs = options.commitTimeoutMs;
    this.#deployed = options.deployed;
  }

  async evaluate(principal: Principal, call: ChaincodeCall): Promise<unknown> {
    const end = this.#metrics.ledgerEvaluateDuration.startTimer({ transaction: call.transaction });
    try {
      const request = await this.#request(principal, call);
      const bytes = await this.#afterCatchingUp(request.signer, () => this.#ledger.evaluate(request));
      end({ outcome: 'ok' });
      return parseChaincodeResult(bytes);
    } catch (err) {
      end({ outcome: outcomeOf(err) });
      throw err;
    }
  }

  /** Endorses and orders without waiting for the commit; `GET /transactions/{id}` reports it later. */
  async submitAsync(principal: Principal, call: ChaincodeCall, hooks: SubmitHooks = {}): Promise<PendingTransaction> {
    const submitted = await this.#ledger.submit(await this.#request(principal, call), hooks);
    // The status is followed for GET /transactions/{id}; nobody awaits it here.
    this.#track(submitted.transactionId, submitted.status()).catch(() => undefined);
    return { transactionId: submitted.transactionId, result: parseChaincodeResult(submitted.result) };
  }

  /** Endorses, orders and waits for a valid commit, retrying lost concurrency races. */
  async submit(principal: Principal, call: ChaincodeCall, hooks: SubmitHooks = {}): Promise<CommittedTransaction> {
    const request = await this.#request(principal, call);
    const end = this.#metrics.ledgerSubmitDuration.startTimer({ transaction: call.transaction });
    for (let attempt = 1; ; attempt++) {
      try {
        const submitted = await this.#afterCatchingUp(request.signer, () => this.#ledger.submit(request, hooks));
        const status = await this.#track(submitted.transactionId, submitted.status());
        if (status.valid) {
          end({ outcome: 'committed' });
          return {
            transactionId: status.transactionId,
            blockNumber: status.blockNumber,
            result: parseChaincodeResult(submitted.result),
          };
        }
        const rejection = new CommitRejection(status.transactionId, status.validationCode, status.blockNumber);
        if (!RETRYABLE_CODES.has(status.validationCode) || attempt >= this.#retry.attempts) throw rejection;
      } catch (err) {
        const retryable = err instanceof EndorsementMismatch && attempt < this.#retry.attempts;
        if (!retryable) {
          end({ outcome: outcomeOf(err) });
          throw err;
        }
      }
      await sleep(this.#retry.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }

  /**
   * Runs a ledger call; when the chaincode refuses it (a record not found, a state not yet reached) while
   * the signer's organisation's peer is behind a block this gateway already acknowledged to a client,
   * waits until that peer has caught up and runs it once more. A client that was told "committed" and then
   * asks through another organisation's peer must see its own write: Fabric's peers commit each block in
   * their own time, milliseconds apart. The peer may have caught up by the time the gateway looks, so a
   * refusal soon after an acknowledged commit is asked again too. A refusal writes nothing, so running it
   * again is safe.
   */
  async #afterCatchingUp<T>(signer: SigningIdentity, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof ChaincodeRejection) || this.#acknowledgedHeight === 0n) throw err;
      const recent = this.#clock() - this.#acknowledgedAt < RECENT_COMMIT_MS;
      const peer = await this.#awaitHeight(signer, this.#acknowledgedHeight);
      if (peer === 'caught-up' || (peer === 'never-behind' && recent)) return call();
      throw err;
    }
  }

  /** Whether the signer's peer was behind `height` and has reached it now, was never behind, or is still behind. */
  async #awaitHeight(signer: SigningIdentity, height: bigint): Promise<'caught-up' | 'never-behind' | 'still-behind'> {
    const deadline = Date.now() + CATCH_UP_MS;
    let behind = false;
    for (;;) {
      const seen = await this.#ledger.heightSeenBy(signer).catch(() => height);
      if (seen >= height) return behind ? 'caught-up' : 'never-behind';
      behind = true;
      if (Date.now() > deadline) return 'still-behind';
      await sleep(25);
    }
  }

  /** A transaction this gateway submitted and has not yet seen committed. */
  isPending(transactionId: string): boolean {
    return this.#pending.has(transactionId);
  }

  /**
   * Refuses a transaction the deployed chaincode does not declare ({@link TransactionNotDeployed}),
   * before anything is sent; also for calls prepared for a creator who signs them on its device.
   */
  async requireDeployed(transaction: string): Promise<void> {
    await this.#deployed?.require(transaction);
  }

  async #request(principal: Principal, call: ChaincodeCall): Promise<Parameters<LedgerPort['submit']>[0]> {
    await this.requireDeployed(call.transaction);
    const signer = await this.#identities.signer(principal.identity);
    return { signer, ...requestOf(call) };
  }

  /**
   * Follows the commit of a transaction submitted another way (a transaction its creator signed on its
   * device), as this service follows its own: for `GET /transactions/{id}` and read-your-writes.
   */
  follow(transactionId: string, status: Promise<TransactionStatus>): Promise<TransactionStatus> {
    return this.#track(transactionId, status);
  }

  #track(transactionId: string, status: Promise<TransactionStatus>): Promise<TransactionStatus> {
    const timed = withTimeout(status, this.#commitTimeoutMs, transactionId);
    timed.then(
      (s) => {
        if (s.valid && s.blockNumber + 1n > this.#acknowledgedHeight) {
          this.#acknowledgedHeight = s.blockNumber + 1n;
          this.#acknowledgedAt = this.#clock();
        }
      },
      () => undefined,
    );
    this.#pending.set(transactionId, timed);
    const forget = (): void => {
      this.#pending.delete(transactionId);
    };
    timed.then(forget, forget);
    return timed;
  }
}

/** A chaincode call as the ledger takes it: the one JSON argument, and the transient map's JSON values. */
export function requestOf(call: ChaincodeCall): Omit<TransactionRequest, 'signer'> {
  const transient = call.transient
    ? Object.fromEntries(Object.entries(call.transient).map(([k, v]) => [k, Buffer.from(JSON.stringify(v), 'utf8')]))
    : undefined;
  return {
    transaction: call.transaction,
    arguments: call.input === undefined ? [] : [JSON.stringify(call.input)],
    ...(transient ? { transientData: transient } : {}),
  };
}

/**
 * Chaincode bytes (a transaction result or an event payload) as JSON when they are JSON, else as text;
 * empty bytes are null.
 */
export function parseChaincodeResult(bytes: Uint8Array): unknown {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function outcomeOf(err: unknown): string {
  if (err instanceof ChaincodeRejection) return `rejected:${err.code}`;
  if (err instanceof CommitRejection) return `invalid:${err.validationCode}`;
  if (err instanceof LedgerUnavailable) return 'unavailable';
  if (err instanceof TransactionNotDeployed) return 'not-deployed';
  return 'error';
}

async function withTimeout<T>(promise: Promise<T>, ms: number, transactionId: string): Promise<T> {
  const controller = new AbortController();
  try {
    return await Promise.race([
      promise,
      sleep(ms, undefined, { signal: controller.signal }).then(() => {
        throw new LedgerUnavailable(`no commit status for ${transactionId} within ${ms} ms`, transactionId);
      }),
    ]);
  } finally {
    controller.abort();
  }
}
