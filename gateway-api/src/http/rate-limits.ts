import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type RateLimitInfo } from 'express-rate-limit';
import { ProblemError } from './problem';

const WINDOW_MS = 60_000;

/** Where each limiter leaves its state on the request (express-rate-limit's `requestPropertyName`). */
const CREDENTIAL_INFO = 'credentialRateLimit';
const ADDRESS_INFO = 'addressRateLimit';

type LimitedRequest = Request & { [CREDENTIAL_INFO]?: RateLimitInfo; [ADDRESS_INFO]?: RateLimitInfo };

/** The 429 problem, with `Retry-After` in seconds until the limiter's window resets. */
function refuse(property: typeof CREDENTIAL_INFO | typeof ADDRESS_INFO, detail: (seconds: number) => string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const reset = (req as LimitedRequest)[property]?.resetTime;
    const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : WINDOW_MS / 1000;
    res.setHeader('retry-after', String(seconds));
    next(new ProblemError('RATE_LIMITED', detail(seconds)));
  };
}

/** The client's address as the limiter key (IPv6 grouped by /56, as express-rate-limit recommends). */
function addressOf(req: Request): string {
  return ipKeyGenerator(req.ip ?? '');
}

/** After authentication: at most `perMinute` requests a minute per credential, with RateLimit headers. */
export function credentialRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    requestPropertyName: CREDENTIAL_INFO,
    keyGenerator: (req) => req.principal?.id ?? addressOf(req),
    handler: refuse(CREDENTIAL_INFO, (s) => `at most ${perMinute} requests a minute; retry in ${s} s`),
  });
}

/**
 * Rate limiting before authentication, by client address: an address whose requests failed authentication
 * more than `perMinute` times in the current minute is refused (429) before its credential is even looked
 * at, so floods of bad keys or tokens stop early.
 *
 * Every request counts as it arrives, and `authenticated` uncounts it as soon as its credential is accepted:
 * valid traffic from one address (many credentials behind one NAT) never uses this budget, and concurrent
 * bad requests cannot slip past the count.
 */
export function addressRateLimit(perMinute: number): { before: RequestHandler; authenticated: RequestHandler } {
  const store = new MemoryStore();
  const before = rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    // The credential limiter sends the RateLimit headers a client acts on; these would collide with them.
    standardHeaders: false,
    legacyHeaders: false,
    requestPropertyName: ADDRESS_INFO,
    store,
    keyGenerator: addressOf,
    handler: refuse(
      ADDRESS_INFO,
      (s) => `more than ${perMinute} requests a minute from this address failed authentication; retry in ${s} s`,
    ),
  });
  const authenticated: RequestHandler = (req, _res, next) => {
    const info = (req as LimitedRequest)[ADDRESS_INFO];
    // Not after the window reset: that would uncount a request of the next window.
    if (info && (info.resetTime === undefined || info.resetTime.getTime() > Date.now())) {
      store.decrement(info.key).then(() => {
        next();
      }, next);
      return;
    }
    next();
  };
  return { before, authenticated };
}
