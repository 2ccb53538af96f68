import type { DuePage } from '@allianceledger/chaincode';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal';
import { ChaincodeRejection, CommitRejection } from '../ledger/ledger-errors';
import type { GatewayMetrics } from '../observability/metrics';
import type { TransactionService } from '../transactions/transaction-service';

export interface KeeperOptions {
  readonly transactions: TransactionService;
  /** The identity the keeper signs with (any identity the channel accepts). */
  readonly identity: string;
  /** Pause between rounds. */
  readonly intervalMs: number;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** Deadlines acted on at once in a round. */
  readonly concurrency?: number;
}

/** What /readyz reports of the keeper. */
export interface KeeperState {
  readonly enabled: true;
  readonly identity: string;
  readonly intervalMs: number;
  /** `ok` after a clean round, `failing` while rounds fail (the ledger unreachable), `starting` before the first. */
  readonly status: 'starting' | 'ok' | 'failing';
  readonly lastRoundAt?: string;
  /** Seconds the oldest passed deadline had waited when the last round read the index. */
  readonly lagSeconds: number;
  /** Deadlines acted on by this keeper since it started. */
  readonly fired: number;
  readonly lastError?: string;
}

/** The outcome of one round. */
export interface RoundResult {
  /** Passed deadlines the round read. */
  readonly due: number;
  /** Acted on by this keeper. */
  readonly fired: number;
  /** Already acted on by someone else (another keeper, a client): the chaincode refused a second time. */
  readonly alreadyDone: number;
  /** Left for the next round (a lost race or an unreachable ledger). */
  readonly deferred: number;
}

/** Refusals that mean another actor already closed the record: the deadline needs nothing more. */
const DONE_CODES = new Set(['ILLEGAL_STATE', 'NOT_FOUND']);
/** Pages read per round at most, so one round stays bounded however much is due. */
const MAX_PAGES_PER_ROUND = 10;

/**
 * The keeper (DOMAIN.md §3 step 5): submits the deadline-driven transactions by itself. Each round it
 * reads the chaincode's deadline index (`keeper:ListDue`, what has passed by the transaction time, oldest
 * first) and submits the transaction each entry names — SettleExpired for a settlement past its time
 * limit, MarkOverdue for a receivable past due. It keeps no state of its own, so it survives restarts,
 * and any number of keepers (one per institution's gateway) may run: the chaincode refuses a second
 * release of the same record, which the keeper counts as done.
 */
export class Keeper {
  readonly #transactions: TransactionService;
  readonly #principal: Principal;
  readonly #intervalMs: number;
  readonly #metrics: GatewayMetrics;
  readonly #logger: Logger;
  readonly #concurrency: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  #state: KeeperState;

  constructor(options: Readonly<KeeperOptions>) {
    this.#transactions = options.transactions;
    this.#principal = { id: 'keeper', identity: options.identity };
    this.#intervalMs = options.intervalMs;
    this.#metrics = options.metrics;
    this.#logger = options.logger.child({ component: 'keeper' });
    this.#concurrency = options.concurrency ?? 8;
    this.#state = {
      enabled: true,
      identity: options.identity,
      intervalMs: options.intervalMs,
      status: 'starting',
      lagSeconds: 0,
      fired: 0,
    };
  }

  /** Starts the rounds: the first right away, then one `intervalMs` after each ends. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops after the round under way, if any. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  state(): KeeperState {
    return this.#state;
  }

  /** One round: read what is due and act on it. */
  async runOnce(): Promise<RoundResult> {
    const totals = { due: 0, fired: 0, alreadyDone: 0, deferred: 0 };
    let bookmark = '';
    for (let pages = 0; pages < MAX_PAGES_PER_ROUND; pages++) {
      const page = (await this.#transactions.evaluate(this.#principal, {
        transaction: 'keeper:ListDue',
        input: bookmark === '' ? {} : { bookmark },
      })) as DuePage;
      if (pages === 0) this.#recordLag(page);
      totals.due += page.items.length;
      for (let i = 0; i < page.items.length; i += this.#concurrency) {
        const outcomes = await Promise.all(page.items.slice(i, i + this.#concurrency).map((d) => this.#act(d)));
        for (const o of outcomes) totals[o]++;
      }
      bookmark = page.bookmark;
      if (bookmark === '') break;
    }
    return totals;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.#round().finally(() => {
        this.#running = undefined;
        this.#schedule(this.#intervalMs);
      });
    }, delayMs);
    this.#timer.unref();
  }

  async #round(): Promise<void> {
    try {
      const result = await this.runOnce();
      const { lastError: _cleared, ...rest } = this.#state;
      this.#state = { ...rest, status: 'ok', lastRoundAt: new Date().toISOString(), fired: rest.fired + result.fired };
      this.#metrics.keeperRounds.inc({ outcome: 'ok' });
      if (result.due > 0) this.#logger.info(result, 'keeper round');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.#state = { ...this.#state, status: 'failing', lastRoundAt: new Date().toISOString(), lastError: message };
      this.#metrics.keeperRounds.inc({ outcome: 'failed' });
      this.#logger.warn({ err }, 'keeper round failed');
    }
  }

  #recordLag(page: DuePage): void {
    const oldest = page.items[0];
    const lag = oldest ? Math.max(0, (Date.parse(page.asOf) - Date.parse(oldest.dueAt)) / 1000) : 0;
    this.#state = { ...this.#state, lagSeconds: lag };
    this.#metrics.keeperLag.set(lag);
  }

  async #act(due: DuePage['items'][number]): Promise<keyof RoundResult> {
    try {
      await this.#transactions.submit(this.#principal, { transaction: due.transaction, input: due.input });
      this.#metrics.keeperActions.inc({ kind: due.kind, outcome: 'fired' });
      return 'fired';
    } catch (err) {
      if (err instanceof ChaincodeRejection && DONE_CODES.has(err.code)) {
        this.#metrics.keeperActions.inc({ kind: due.kind, outcome: 'already_done' });
        return 'alreadyDone';
      }
      this.#metrics.keeperActions.inc({ kind: due.kind, outcome: 'deferred' });
      if (err instanceof ChaincodeRejection) {
        // Refused for another reason (e.g. the keeper's identity not accepted): an operator must look.
        this.#logger.warn({ kind: due.kind, ref: due.ref, code: err.code, err }, 'deadline refused by the chaincode');
      } else {
        // A lost race (MVCC) or an unreachable ledger: the index still lists it while it is still due.
        const reason = err instanceof CommitRejection ? err.validationCode : err instanceof Error ? err.name : 'error';
        this.#logger.debug({ kind: due.kind, ref: due.ref, reason }, 'deadline deferred to the next round');
      }
      return 'deferred';
    }
  }
}
