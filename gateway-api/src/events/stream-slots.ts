import type { Request, Response } from 'express';
import { ProblemError } from '../http/problem';

/** What a client refused a stream is told to wait before trying again, in seconds. */
export const STREAM_RETRY_AFTER_SECONDS = 5;

/**
 * Open event streams per credential, at most `maxPerCredential` each: a stream holds a connection, a
 * ledger event iterator and a heartbeat for as long as the client stays, so one credential must not
 * hold them all.
 */
export class StreamSlots {
  readonly maxPerCredential: number;
  readonly #open = new Map<string, number>();

  constructor(options: Readonly<{ maxPerCredential: number }>) {
    this.maxPerCredential = options.maxPerCredential;
  }

  /** Takes a slot for `credential`: its release (safe to call twice), or undefined when all are taken. */
  tryAcquire(credential: string): (() => void) | undefined {
    const open = this.#open.get(credential) ?? 0;
    if (open >= this.maxPerCredential) return undefined;
    this.#open.set(credential, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(credential) ?? 1) - 1;
      if (left > 0) this.#open.set(credential, left);
      else this.#open.delete(credential);
    };
  }

  /** How many streams `credential` has open. */
  openCount(credential: string): number {
    return this.#open.get(credential) ?? 0;
  }
}

/**
 * Wraps a streaming handler: beyond the caller's cap, 429 `TOO_MANY_STREAMS` with `Retry-After`; the slot
 * is freed when the response closes, however it ends (finished, refused, or the client gone).
 */
export function limitStreams(
  slots: StreamSlots,
  handler: (req: Request, res: Response) => Promise<void>,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const principal = req.principal;
    if (!principal) throw new ProblemError('UNAUTHENTICATED');
    const release = slots.tryAcquire(principal.id);
    if (!release) {
      res.setHeader('retry-after', String(STREAM_RETRY_AFTER_SECONDS));
      throw new ProblemError(
        'TOO_MANY_STREAMS',
        `at most ${slots.maxPerCredential} open event streams per credential; close one, then retry`,
      );
    }
    res.once('close', release);
    await handler(req, res);
  };
}
