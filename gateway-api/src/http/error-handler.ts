import type { NextFunction, Request, Response } from 'express';
import { toProblem } from './to-problem';

/** The one error middleware: every failure leaves as `application/problem+json`, never a stack trace. */
export function problemHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const problem = toProblem(err);
  // The request's one log line (app.ts) carries the code, and for a server failure the error and its cause.
  res.locals.problemCode = problem.code;
  if (problem.status >= 500) res.err = err instanceof Error ? err : new Error(String(err));
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = problem.toBody(req.originalUrl);
  // A server failure names the request id, the key to the log line that holds the cause.
  res
    .status(problem.status)
    .type('application/problem+json')
    .json(problem.status >= 500 ? { ...body, requestId: req.id as string | number } : body);
}
