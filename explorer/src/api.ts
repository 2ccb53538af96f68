/** The gateway's REST API as the explorer calls it: same origin, the session cookie, the CSRF header. */

const BASE = '/api/v1';

/** A problem+json answer (or a failure to reach the gateway). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the gateway says of the signed-in session. */
export interface SessionInfo {
  readonly identity: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly csrfToken: string;
  readonly csrfHeader: string;
}

let session: SessionInfo | undefined;
const signedOutListeners = new Set<() => void>();

/** Called when the gateway answers 401: the session ended (signed out elsewhere, expired, revoked). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export function currentSession(): SessionInfo | undefined {
  return session;
}

async function request<T>(method: string, path: string, headers: Record<string, string> = {}): Promise<T> {
  const csrf = session && method !== 'GET' ? { [session.csrfHeader]: session.csrfToken } : {};
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}`, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...csrf, ...headers },
    });
  } catch {
    throw new ApiError(0, 'UNREACHABLE', 'the gateway does not answer');
  }
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const problem = (body ?? {}) as { code?: string; detail?: string; title?: string };
    if (res.status === 401 && session) {
      session = undefined;
      for (const listener of signedOutListeners) listener();
    }
    throw new ApiError(res.status, problem.code ?? 'ERROR', problem.detail ?? problem.title ?? `HTTP ${res.status}`);
  }
  return body as T;
}

/** GET, parsed. */
export function get<T>(path: string): Promise<T> {
  return request<T>('GET', path);
}

/**
 * Exchanges an API key (or a JWT) for a session cookie; the credential is sent once, here, and not kept.
 */
export async function signIn(credential: string): Promise<SessionInfo> {
  const trimmed = credential.trim();
  const header: Record<string, string> = /^[\w-]+\.[\w-]+\.[\w-]+$/.test(trimmed)
    ? { authorization: `Bearer ${trimmed}` }
    : { 'x-api-key': trimmed };
  session = undefined;
  session = await request<SessionInfo>('POST', '/sessions', header);
  return session;
}

/** The session the cookie stands for, if any (after a reload). */
export async function resumeSession(): Promise<SessionInfo | undefined> {
  try {
    session = await request<SessionInfo>('GET', '/sessions/current');
  } catch {
    session = undefined;
  }
  return session;
}

export async function signOut(): Promise<void> {
  try {
    await request<undefined>('DELETE', '/sessions/current');
  } finally {
    session = undefined;
  }
}

/**
 * `EventSource` on the event stream, after `after` (`<block>:<index>`); the session cookie authenticates it.
 * `named=false`: each event arrives as a plain `message` (a named one would reach only a listener for its name).
 */
export function events(after: string | undefined): EventSource {
  const query = new URLSearchParams({ named: 'false', ...(after ? { after } : {}) });
  return new EventSource(`${BASE}/events?${query.toString()}`);
}
