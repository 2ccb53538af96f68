/**
 * Wakes readers when the chain grows, so that streams replay stored blocks and then follow new ones
 * with no gap and no duplicate: a reader always asks for "block n" by number.
 */
export class BlockFeed {
  #waiters: (() => void)[] = [];
  #closed = false;

  /** Called after each block is committed. */
  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  close(): void {
    this.#closed = true;
    this.notify();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves at the next commit, at close, or when the signal aborts. */
  next(signal?: AbortSignal): Promise<void> {
    if (this.#closed || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.#waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
