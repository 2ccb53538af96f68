import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Level, Logger } from 'pino';
// The request and response fields pino-http declares (`req.id`, `req.log`, `res.err`), which the
// middleware below fills in as pino-http did.
import type {} from 'pino-http';

/**
 * One concise line per request, when it ends:
 * `{"reqId":"…","identity":"EcommerceMSP:buyer1","tx":"b556…","ms":35,"msg":"POST /api/v1/transfers 201"}` —
 * the identity it acted as, the transaction it made (or the one whose outcome a 503 says is unknown), the
 * problem code of a refusal, and for a server failure the error with its cause. No headers, no bodies.
 *
 * The line pino-http wrote with this configuration (quiet request and response loggers, the same id, level
 * and fields), without its per-request work the gateway never used: two child loggers, one of them with the
 * whole request serialized and redacted. `req.log` (the request's child logger, with its `reqId`) is made
 * when a handler first uses it; a line below the logger's level costs nothing.
 */
export function requestLogger(logger: Logger): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const started = Date.now();
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', id);
    req.id = id;
    let log: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: true,
      get: () => (log ??= logger.child({ reqId: id })),
      set: (value: Logger) => {
        log = value;
      },
    });
    const done = (): void => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      const err =
        res.err ?? (res.statusCode >= 500 ? new Error(`failed with status code ${res.statusCode}`) : undefined);
      const level: Level = err ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line = { reqId: id, ...fields(req, res, Date.now() - started), ...(err ? { err } : {}) };
      logger[level](line, `${req.method} ${req.originalUrl} ${res.statusCode}`);
    };
    res.on('close', done);
    res.on('finish', done);
    next();
  };
}

function fields(req: Request, res: Response, ms: number): Record<string, unknown> {
  const locals = res.locals as Record<string, unknown>;
  return {
    ...(req.principal ? { identity: req.principal.identity } : {}),
    ...(typeof locals.transactionId === 'string' ? { tx: locals.transactionId } : {}),
    ...(typeof locals.problemCode === 'string' && res.statusCode < 500 ? { code: locals.problemCode } : {}),
    ms,
  };
}

/**
 * Notes the transaction id of any JSON answer that names one (a commit, a 202, a 503 whose outcome is unknown),
 * for the request's log line: every answer leaves through `res.json`, whichever router made it.
 */
export function noteTransactionIds(_req: Request, res: Response, next: NextFunction): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const tx = (body as { transactionId?: unknown } | null)?.transactionId;
    if (typeof tx === 'string') res.locals.transactionId = tx;
    return json(body);
  };
  next();
}
