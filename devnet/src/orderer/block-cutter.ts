/** How the orderer cuts blocks: Fabric's BatchSize.MaxMessageCount and BatchTimeout. */
export interface BatchOptions {
  /** Transactions per block at most. */
  readonly maxMessageCount: number;
  /** How long the first pending transaction waits for others before a smaller block is cut. */
  readonly batchTimeoutMs: number;
}

/**
 * Small blocks, cut quickly: a development ledger serves few clients at a time, and a block of about
 * half the concurrent clients keeps one block committing while the next fills.
 */
export const DEFAULT_BATCH: BatchOptions = { maxMessageCount: 50, batchTimeoutMs: 10 };

/**
 * Collects transactions in arrival order and hands them on in batches, one batch at a time: the next
 * batch is cut only once the consumer has finished the previous one (blocks commit strictly in order),
 * and transactions that arrive meanwhile wait in the queue.
 */
export class BlockCutter<T> {
  readonly #options: BatchOptions;
  readonly #consume: (batch: T[]) => Promise<void>;
  readonly #onError: (err: unknown, batch: T[]) => void;
  #pending: T[] = [];
  #timer: NodeJS.Timeout | undefined;
  #timedOut = false;
  #busy: Promise<void> | undefined;

  constructor(
    options: BatchOptions,
    consume: (batch: T[]) => Promise<void>,
    onError: (err: unknown, batch: T[]) => void,
  ) {
    if (!Number.isInteger(options.maxMessageCount) || options.maxMessageCount < 1) {
      throw new RangeError(`maxMessageCount must be a positive integer, got ${options.maxMessageCount}`);
    }
    if (!(options.batchTimeoutMs >= 0)) {
      throw new RangeError(`batchTimeoutMs must be ≥ 0, got ${options.batchTimeoutMs}`);
    }
    this.#options = options;
    this.#consume = consume;
    this.#onError = onError;
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  enqueue(item: T): void {
    this.#pending.push(item);
    if (this.#pending.length === 1) {
      this.#timedOut = false;
      this.#timer = setTimeout(() => {
        this.#timedOut = true;
        this.#pump();
      }, this.#options.batchTimeoutMs);
    }
    this.#pump();
  }

  /** Cuts whatever is pending now and resolves when every batch so far has been consumed. */
  async flush(): Promise<void> {
    while (this.#pending.length > 0 || this.#busy) {
      this.#timedOut = true;
      this.#pump();
      await this.#busy;
    }
  }

  #pump(): void {
    if (this.#busy || this.#pending.length === 0) return;
    if (this.#pending.length < this.#options.maxMessageCount && !this.#timedOut) return;
    const batch = this.#pending.splice(0, this.#options.maxMessageCount);
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timedOut = false;
    this.#busy = this.#consume(batch)
      .catch((err: unknown) => {
        this.#onError(err, batch);
      })
      .finally(() => {
        this.#busy = undefined;
        if (this.#pending.length > 0 && this.#timer === undefined) {
          // Whatever queued up during the commit has waited long enough: cut it as soon as it is full or due.
          this.#timer = setTimeout(() => {
            this.#timedOut = true;
            this.#pump();
          }, this.#options.batchTimeoutMs);
        }
        this.#pump();
      });
  }
}
