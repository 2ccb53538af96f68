import type { Request, Response } from 'express';
import { parseChaincodeResult } from '../transactions/transaction-service';
import { ProblemError } from '../http/problem';
import type { EventCheckpoint, LedgerPort } from '../ledger/ledger-port';
import { mayReadPayload } from '../visibility/audience';
import type { ViewerDirectory } from '../visibility/viewer';

const HEARTBEAT_MS = 15_000;

export interface EventStreamOptions {
  /**
   * Asked every `checkEveryMs` while the stream is open: false ends it (a browser session that was signed out,
   * expired, or whose principal was revoked).
   */
  readonly stillAuthorized?: (req: Request) => boolean;
  readonly checkEveryMs?: number;
}

/** `12:3` ⇄ block 12, transaction 3: the SSE event id and the resume checkpoint. */
export function formatEventId(c: EventCheckpoint): string {
  return `${c.blockNumber}:${c.transactionIndex}`;
}

export function parseEventId(text: string): EventCheckpoint {
  const m = /^(0|[1-9][0-9]*):(0|[1-9][0-9]*)$/.exec(text);
  if (!m?.[1] || !m[2]) {
    throw new ProblemError('VALIDATION_FAILED', 'Last-Event-ID must read <block>:<transactionIndex>', {
      errors: [{ path: 'headers.last-event-id', message: 'expected <block>:<transactionIndex>' }],
    });
  }
  return { blockNumber: BigInt(m[1]), transactionIndex: Number(m[2]) };
}

/**
 * `GET /api/v1/events`: chaincode events of committed transactions as Server-Sent Events. Each event's
 * id is its position on the chain; a client that reconnects with `Last-Event-ID` (or `?after=`)
 * resumes right after it, with no gap and no duplicate, because the stream is read back from the
 * blocks themselves. Every event is announced to every caller (name and position), but its payload
 * only to its audience and auditors (see visibility/audience.ts).
 */
export function eventStreamHandler(
  ledger: LedgerPort,
  viewers: ViewerDirectory,
  options: EventStreamOptions = {},
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const principal = req.principal;
    if (!principal) throw new ProblemError('UNAUTHENTICATED');
    // Resolved before the stream starts, so a ledger that cannot say who the caller is answers 503.
    await viewers.viewerOf(principal);
    const resumeFrom = req.get('last-event-id') ?? (typeof req.query.after === 'string' ? req.query.after : undefined);
    const after = resumeFrom === undefined || resumeFrom === '' ? undefined : parseEventId(resumeFrom);
    // `named=false`: no `event:` line, so that a browser's EventSource delivers every event to `onmessage`.
    const named = req.query.named !== 'false';
    const controller = new AbortController();
    req.on('close', () => {
      controller.abort();
    });
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write(': connected\n\n');
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const watch = watchAuthorization(req, controller, options);
    try {
      for await (const ev of ledger.events(after, controller.signal)) {
        const payload = parseChaincodeResult(ev.payload);
        const viewer = await viewers.viewerOf(principal);
        const data = {
          blockNumber: ev.blockNumber.toString(),
          transactionIndex: ev.transactionIndex,
          transactionId: ev.transactionId,
          eventName: ev.eventName,
          ...(mayReadPayload(viewer, payload) ? { payload } : {}),
        };
        const name = named ? `event: ${ev.eventName}\n` : '';
        res.write(`id: ${formatEventId(ev)}\n${name}data: ${JSON.stringify(data)}\n\n`);
      }
    } catch (err) {
      if (!controller.signal.aborted) {
        res.write(`event: error\ndata: ${JSON.stringify({ message: 'the event stream was interrupted' })}\n\n`);
        req.log.error({ err }, 'event stream failed');
      }
    } finally {
      clearInterval(heartbeat);
      clearInterval(watch);
      res.end();
    }
  };
}

/** Aborts the stream once `stillAuthorized` says no; the timer to clear when the stream ends (undefined: none). */
function watchAuthorization(
  req: Request,
  controller: AbortController,
  options: EventStreamOptions,
): NodeJS.Timeout | undefined {
  const { stillAuthorized } = options;
  if (!stillAuthorized) return undefined;
  return setInterval(() => {
    if (!stillAuthorized(req)) controller.abort();
  }, options.checkEveryMs ?? 5_000);
}
