import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from '../http/problem';
import type { ApiKeyStore } from './api-key-store';
import type { IdentityRegistry } from './identity-registry';
import type { JwtVerifier } from './jwt-verifier';
import type { Principal } from './principal';
import { authenticateSession, type SessionStore } from './session';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/**
 * The one authentication check: `X-API-Key: <key>`, `Authorization: Bearer <jwt>` or a browser's session
 * cookie (see session.ts), mapped to a member identity the gateway holds. Authorization itself stays on chain.
 */
export function authenticate(deps: {
  apiKeys: ApiKeyStore;
  jwt: JwtVerifier | undefined;
  identities: IdentityRegistry;
  /** Browser sessions: a session cookie authenticates when no other credential is sent. */
  sessions?: SessionStore;
}): (req: Request, res: Response, next: NextFunction) => Promise<void> {
  return async (req, _res, next) => {
    const apiKey = req.get('x-api-key');
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const { principal, keyRevoked } = await credentialOf(req, apiKey, bearer, deps);
    if (!principal) {
      throw new ProblemError(
        'UNAUTHENTICATED',
        apiKey || bearer
          ? 'the credential is not valid'
          : 'send an X-API-Key header, an Authorization: Bearer token or a session cookie (POST /api/v1/sessions)',
      );
    }
    if (!deps.identities.has(principal.identity)) {
      throw new ProblemError('FORBIDDEN', 'the credential maps to an identity this gateway does not hold');
    }
    // A revoked identity is the stronger statement: its keys were revoked with it.
    if (!deps.identities.isActive(principal.identity)) {
      throw new ProblemError('FORBIDDEN', `the identity ${principal.identity} is revoked`);
    }
    if (keyRevoked) throw new ProblemError('UNAUTHENTICATED', 'this API key was revoked (or replaced by rotation)');
    req.principal = principal;
    next();
  };
}

/**
 * Whom the one credential a request carries stands for — an API key, else a bearer token, else a session
 * cookie — and whether that key was revoked.
 */
async function credentialOf(
  req: Request,
  apiKey: string | undefined,
  bearer: string | undefined,
  deps: { apiKeys: ApiKeyStore; jwt: JwtVerifier | undefined; sessions?: SessionStore },
): Promise<{ principal: Principal | undefined; keyRevoked: boolean }> {
  if (apiKey) {
    const match = deps.apiKeys.authenticate(apiKey);
    return { principal: match?.principal, keyRevoked: match?.revokedAt !== undefined };
  }
  if (bearer) return { principal: deps.jwt ? await deps.jwt.verify(bearer) : undefined, keyRevoked: false };
  return { principal: deps.sessions ? authenticateSession(req, deps.sessions) : undefined, keyRevoked: false };
}
