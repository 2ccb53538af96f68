import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ProblemError } from '../http/problem';
import type { Principal } from './principal';

/** The cookie that carries a browser's session token (HttpOnly, SameSite=Strict, Secure over TLS). */
export const SESSION_COOKIE = 'alliance_session';
/** The header a request authenticated by its session cookie must carry on anything but a read. */
export const CSRF_HEADER = 'x-csrf-token';

/** A browser session: the principal of the credential it was exchanged for, until it ends. */
export interface Session {
  readonly principal: Principal;
  /** Sent back in {@link CSRF_HEADER} on every non-read request made with the cookie. */
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface SessionStoreOptions {
  /** How long a session lasts from sign-in (never longer than its credential, see {@link SessionStore.create}). */
  readonly ttlMs: number;
  /** Open sessions kept at most; the oldest end first beyond it. */
  readonly maxSessions?: number;
  /** A principal whose credential or identity was revoked: its sessions end at their next use. */
  readonly isRevoked?: (principal: Principal) => boolean;
  /** The clock (tests move it). */
  readonly now?: () => number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Browser sessions, in memory: an API key or JWT is exchanged once for a random token kept in an HttpOnly
 * cookie, so that a page (and its `EventSource`) authenticates without ever holding the credential. Only
 * the token's SHA-256 is kept; a session ends when signed out, at its expiry, when its credential expires,
 * or when {@link SessionStoreOptions.isRevoked} says its principal was revoked. A restart ends them all.
 */
export class SessionStore {
  readonly ttlMs: number;
  readonly #maxSessions: number;
  readonly #isRevoked: (principal: Principal) => boolean;
  readonly #now: () => number;
  /** By SHA-256 of the token, oldest first (Map keeps insertion order). */
  readonly #sessions = new Map<string, Session>();

  constructor(options: Readonly<SessionStoreOptions>) {
    this.ttlMs = options.ttlMs;
    this.#maxSessions = options.maxSessions ?? 10_000;
    this.#isRevoked = options.isRevoked ?? (() => false);
    this.#now = options.now ?? Date.now;
  }

  /** Opens a session for `principal`; it ends at the TTL or at `notAfter` (a token's expiry), whichever is first. */
  create(principal: Principal, notAfter?: Date): { token: string; session: Session } {
    const now = this.#now();
    this.#prune(now);
    while (this.#sessions.size >= this.#maxSessions) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
    const expiresAt = Math.min(now + this.ttlMs, notAfter?.getTime() ?? Infinity);
    const token = randomBytes(32).toString('base64url');
    const session: Session = {
      principal,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: new Date(now),
      expiresAt: new Date(expiresAt),
    };
    this.#sessions.set(digest(token), session);
    return { token, session };
  }

  /** The open session of `token`; an expired or revoked one ends here and is undefined. */
  find(token: string): Session | undefined {
    const key = digest(token);
    const session = this.#sessions.get(key);
    if (!session) return undefined;
    if (session.expiresAt.getTime() <= this.#now() || this.#isRevoked(session.principal)) {
      this.#sessions.delete(key);
      return undefined;
    }
    return session;
  }

  /** Ends the session of `token` (sign-out); false when there was none. */
  end(token: string): boolean {
    return this.#sessions.delete(digest(token));
  }

  /** Ends every session whose principal matches, e.g. all of a revoked key; answers how many. */
  endWhere(matches: (principal: Principal) => boolean): number {
    let ended = 0;
    for (const [key, session] of this.#sessions) {
      if (matches(session.principal)) {
        this.#sessions.delete(key);
        ended += 1;
      }
    }
    return ended;
  }

  /** Open sessions (expired ones not yet pruned included). */
  get size(): number {
    return this.#sessions.size;
  }

  #prune(now: number): void {
    for (const [key, session] of this.#sessions) {
      if (session.expiresAt.getTime() <= now) this.#sessions.delete(key);
    }
  }
}

/** The session token a request's cookie carries, if any. */
export function sessionTokenOf(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/**
 * Authenticates a request by its session cookie: the principal of an open session, undefined without a
 * cookie or with one of an ended session. A non-read request must also carry the session's CSRF token in
 * {@link CSRF_HEADER} (403 otherwise): SameSite=Strict keeps other sites' requests from carrying the cookie,
 * and the header is what a cross-site form or image can never send.
 */
export function authenticateSession(req: Request, sessions: SessionStore): Principal | undefined {
  const token = sessionTokenOf(req);
  const session = token === undefined ? undefined : sessions.find(token);
  if (!session) return undefined;
  if (!SAFE_METHODS.has(req.method) && !sameSecret(req.get(CSRF_HEADER), session.csrfToken)) {
    throw new ProblemError('FORBIDDEN', `a request authenticated by its session cookie must send ${CSRF_HEADER}`);
  }
  req.session = session;
  return session.principal;
}

/** The Set-Cookie value of a new session: HttpOnly, SameSite=Strict, Path=/, Secure when served over TLS. */
export function sessionCookie(token: string, session: Session, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((session.expiresAt.getTime() - session.createdAt.getTime()) / 1000));
  return cookie(token, maxAge, secure);
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return cookie('', 0, secure);
}

function cookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The browser session that authenticated this request, when it came with a session cookie. */
    session?: Session;
  }
}
