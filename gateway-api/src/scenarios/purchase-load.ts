import { randomUUID } from 'node:crypto';
import type { Response, Test } from 'supertest';
import type { Alliance, Identity } from './alliance-bootstrap';

/** What clients saw while the load ran: every REST request and how it ended. */
export interface LoadReport {
  /** Requests sent, retries included. */
  readonly requests: number;
  /** Requests answered with an error (each retry of a request counts again). */
  readonly failed: number;
  /** Requests that failed and then succeeded on a retry with the same Idempotency-Key. */
  readonly recovered: number;
  /** Requests that never succeeded: the figure an upgrade nobody notices keeps at 0. */
  readonly unrecovered: number;
  /** Purchases completed: requested, acknowledged, shipped and confirmed. */
  readonly completed: number;
  /** The errors seen, `<step> <status> <code> [<validation code>]`, for the report. */
  readonly errors: readonly string[];
  /** Settlement numbers of the completed purchases. */
  readonly settlements: readonly string[];
}

export interface PurchaseLoadOptions {
  readonly buyer: Identity;
  /**
   * One account per worker, each running its purchases: a payment debits the buyer's account (a debit
   * reads the balance), so workers sharing one would conflict with each other (MVCC) whatever else
   * happens. The store's account is shared: credits are written blind.
   */
  readonly buyerAccountIds: readonly string[];
  readonly store: Identity;
  readonly storeAccountId: string;
  /** The amount of each purchase (minor units). */
  readonly amount: string;
  /** Attempts per request, the first included, when the answer says `retryable`. */
  readonly attempts?: number;
}

/**
 * Clients paying and confirming through the REST gateway, as an institution's apps do: each worker runs
 * whole purchases (request with payment, the store's acknowledgement and shipment, the buyer's
 * confirmation) one after the other until stopped. A request answered with a retryable problem (503, a
 * transaction invalidated by a conflict) is sent again with the same Idempotency-Key, as a client
 * following the API's advice would; every outcome is counted.
 */
export class PurchaseLoad {
  readonly #alliance: Alliance;
  readonly #options: PurchaseLoadOptions;
  #running = false;
  #workers: Promise<void>[] = [];
  #requests = 0;
  #failed = 0;
  #recovered = 0;
  #unrecovered = 0;
  readonly #errors: string[] = [];
  readonly #settlements: string[] = [];

  constructor(alliance: Alliance, options: PurchaseLoadOptions) {
    this.#alliance = alliance;
    this.#options = options;
  }

  start(): void {
    this.#running = true;
    this.#workers = this.#options.buyerAccountIds.map((account) => this.#work(account));
  }

  /** Lets each worker finish its purchase, then reports. */
  async stop(): Promise<LoadReport> {
    this.#running = false;
    await Promise.all(this.#workers);
    return {
      requests: this.#requests,
      failed: this.#failed,
      recovered: this.#recovered,
      unrecovered: this.#unrecovered,
      completed: this.#settlements.length,
      errors: [...this.#errors],
      settlements: [...this.#settlements],
    };
  }

  async #work(buyerAccountId: string): Promise<void> {
    while (this.#running) {
      await this.#purchase(buyerAccountId).catch(() => undefined); // counted as unrecovered where it failed
    }
  }

  async #purchase(buyerAccountId: string): Promise<void> {
    const { buyer, store, storeAccountId, amount } = this.#options;
    const storeOrderNo = this.#alliance.uniqueId(`${storeAccountId}-load`);
    const requested = await this.#send('request', () =>
      this.#alliance.as(buyer).post('/settlements', {
        storeOrderNo,
        buyerAccountId,
        storeAccountId,
        currency: this.#alliance.currency,
        amount,
        order: this.#alliance.snapshot(storeOrderNo, amount),
      }),
    );
    const { settlementNo } = (requested.body as { data: { settlement: { settlementNo: string } } }).data.settlement;
    const path = `/settlements/${settlementNo}`;
    await this.#send('acknowledge', () => this.#alliance.as(store).post(`${path}/payment-acknowledgement`));
    await this.#send('ship', () =>
      this.#alliance.as(store).post(`${path}/shipment`, { carrier: 'SF Express', trackingNo: storeOrderNo }),
    );
    await this.#send('confirm', () => this.#alliance.as(buyer).post(`${path}/confirmation`, { amountToPay: amount }));
    this.#settlements.push(settlementNo);
  }

  /** Sends a write until it succeeds or its answer is not retryable; throws when it never succeeded. */
  async #send(step: string, request: () => Test): Promise<Response> {
    const key = randomUUID();
    const attempts = this.#options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      this.#requests++;
      const res = await request().set('idempotency-key', key);
      if (res.status < 300) {
        if (attempt > 1) this.#recovered++;
        return res;
      }
      this.#failed++;
      const body = res.body as { code?: string; validationCode?: string; retryable?: boolean };
      this.#errors.push([step, res.status, body.code, body.validationCode].filter((w) => w !== undefined).join(' '));
      if (body.retryable !== true || attempt >= attempts) {
        this.#unrecovered++;
        throw new Error(`${step} failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
  }
}
