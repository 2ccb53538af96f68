import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ProblemError } from './problem';

/**
 * Content codings a JSON body may arrive in. body-parser also decodes `br`, and `zstd` on newer Node
 * versions; the API accepts a fixed set so that what it accepts does not change with the runtime.
 */
export const JSON_BODY_ENCODINGS: readonly string[] = ['identity', 'gzip', 'deflate'];

/** Whether the request announces a body (a length above zero, or chunked transfer). */
export function hasBody(req: Request): boolean {
  return Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
}

/** A body must be JSON: anything else is refused before parsing. */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (hasBody(req) && !req.is('application/json')) {
    throw new ProblemError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
  }
  next();
}

/**
 * Refuses a body in a Content-Encoding outside `accepted` (415, naming them in the detail and in
 * `Accept-Encoding`) before anything reads it; one coding only, no lists. Without a body the header is
 * irrelevant and ignored.
 */
export function requireContentEncoding(accepted: readonly string[]): RequestHandler {
  const names = accepted.join(', ');
  return (req, res, next) => {
    const coding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
    if (hasBody(req) && !accepted.includes(coding)) {
      // RFC 9110 §15.5.16: a 415 for a content coding lists the codings accepted.
      res.setHeader('accept-encoding', names);
      throw new ProblemError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding must be one of: ${names}`, {
        acceptedEncodings: accepted,
      });
    }
    next();
  };
}
