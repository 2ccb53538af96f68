import express, { type Request, type Response, type Router } from 'express';
import { ProblemError } from '../http/problem';
import {
  clearedSessionCookie,
  CSRF_HEADER,
  sessionCookie,
  sessionTokenOf,
  type Session,
  type SessionStore,
} from '../auth/session';

/** What the gateway tells a browser about its session. */
export interface SessionView {
  readonly identity: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** Send it back in `X-CSRF-Token` on every request that is not a read. */
  readonly csrfToken: string;
  readonly csrfHeader: string;
}

/**
 * Browser sign-in, mounted behind authentication:
 *
 * - `POST /sessions` with an API key or a JWT (never with a session cookie): 201, the session, and its
 *   cookie (HttpOnly, SameSite=Strict, Secure when served over TLS). A JWT's session ends no later than the
 *   token expires.
 * - `GET /sessions/current`: the session the cookie stands for (404 for a request that came with no session).
 * - `DELETE /sessions/current`: signs out (with the CSRF header, like every non-read); 204, and the cookie is
 *   cleared.
 */
export function sessionsRouter(sessions: SessionStore): Router {
  const router = express.Router();
  router.post('/sessions', (req: Request, res: Response) => {
    const principal = req.principal;
    if (!principal) throw new ProblemError('UNAUTHENTICATED');
    if (req.session) {
      throw new ProblemError('FORBIDDEN', 'a session is opened with an API key or a token, not with another session');
    }
    const { token, session } = sessions.create(principal, bearerExpiry(req));
    res.setHeader('set-cookie', sessionCookie(token, session, req.secure));
    res.setHeader('cache-control', 'no-store');
    res.status(201).json(view(session));
  });
  router.get('/sessions/current', (req: Request, res: Response) => {
    const session = req.session;
    if (!session) throw new ProblemError('NOT_FOUND', 'this request came with no session cookie');
    res.setHeader('cache-control', 'no-store');
    res.json(view(session));
  });
  router.delete('/sessions/current', (req: Request, res: Response) => {
    const token = sessionTokenOf(req);
    if (!req.session || token === undefined) {
      throw new ProblemError('NOT_FOUND', 'this request came with no session cookie');
    }
    sessions.end(token);
    res.setHeader('set-cookie', clearedSessionCookie(req.secure));
    res.status(204).end();
  });
  return router;
}

function view(session: Session): SessionView {
  return {
    identity: session.principal.identity,
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    csrfToken: session.csrfToken,
    csrfHeader: CSRF_HEADER,
  };
}

/** A bearer token's expiry (it was verified already), so that no session outlives it. */
function bearerExpiry(req: Request): Date | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!bearer || req.get('x-api-key')) return undefined;
  // The token was verified by authentication already; only its `exp` claim is read here (without jose,
  // which a gateway without JWT never loads).
  const payload = bearer.split('.')[1] ?? '';
  const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
  return typeof exp === 'number' ? new Date(exp * 1000) : undefined;
}
