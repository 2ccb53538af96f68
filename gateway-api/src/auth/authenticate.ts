import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from '../http/problem';
import type { ApiKeyStore } from './api-key-store';
import type { IdentityRegistry } from './identity-registry';
import type { JwtVerifier } from './jwt-verifier';
import type { Principal } from './principal';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/**
 * The one authentication check: `X-API-Key: <key>` or `Authorization: Bearer <jwt>`, mapped to a
 * member identity the gateway holds. Authorization itself stays on chain.
 */
export function authenticate(deps: {
  apiKeys: ApiKeyStore;
  jwt: JwtVerifier | undefined;
  identities: IdentityRegistry;
}): (req: Request, res: Response, next: NextFunction) => Promise<void> {
  return async (req, _res, next) => {
    const apiKey = req.get('x-api-key');
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const { principal, keyRevoked } = await credentialOf(apiKey, bearer, deps);
    if (!principal) {
      throw new ProblemError(
        'UNAUTHENTICATED',
        apiKey || bearer ? 'the credential is not valid' : 'send an X-API-Key header or an Authorization: Bearer token',
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

/** Whom the presented API key or token stands for, and whether that key was revoked. */
async function credentialOf(
  apiKey: string | undefined,
  bearer: string | undefined,
  deps: { apiKeys: ApiKeyStore; jwt: JwtVerifier | undefined },
): Promise<{ principal: Principal | undefined; keyRevoked: boolean }> {
  if (apiKey) {
    const match = deps.apiKeys.authenticate(apiKey);
    return { principal: match?.principal, keyRevoked: match?.revokedAt !== undefined };
  }
  if (bearer && deps.jwt) return { principal: await deps.jwt.verify(bearer), keyRevoked: false };
  return { principal: undefined, keyRevoked: false };
}
