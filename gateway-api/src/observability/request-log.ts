import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

type Res = ServerResponse & { locals?: Record<string, unknown> };
type Req = IncomingMessage & { principal?: { identity: string }; originalUrl?: string };

/**
 * One concise line per request, when it ends:
 * `{"reqId":"…","identity":"EcommerceMSP:buyer1","tx":"b556…","ms":35,"msg":"POST /api/v1/transfers 201"}` —
 * the identity it acted as, the transaction it made (or the one whose outcome a 503 says is unknown), the
 * problem code of a refusal, and for a server failure the error with its cause. No headers, no bodies.
 */
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res) =>
      `${req.method ?? ''} ${(req as Req).originalUrl ?? req.url ?? ''} ${res.statusCode}`,
    customErrorMessage: (req, res) =>
      `${req.method ?? ''} ${(req as Req).originalUrl ?? req.url ?? ''} ${res.statusCode}`,
    customSuccessObject: (req, res, val: { responseTime: number }) => fields(req, res, val.responseTime),
    customErrorObject: (req, res, err, val: { responseTime: number }) => ({
      ...fields(req, res, val.responseTime),
      err,
    }),
  });
}

function fields(req: Req, res: Res, ms: number): Record<string, unknown> {
  const locals = res.locals ?? {};
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
