import { types } from 'node:util';
import type { JWTPayload } from 'jose';
import { ProblemError } from '../http/problem';
import type { Principal } from './principal';

/** How bearer tokens are checked: a shared HS256 secret, an OIDC provider's keys (JWKS), or both. */
export interface JwtOptions {
  /** HS256 tokens signed with this secret (`GATEWAY_JWT_SECRET`, ≥ 32 characters). */
  readonly secret?: string;
  /**
   * RS256 and ES256 tokens signed by an identity provider whose public keys are published at `url`
   * (`GATEWAY_JWT_JWKS_URL`); such a token must carry `iss` = `issuer` and `aud` naming `audience`.
   */
  readonly jwks?: { readonly url: string; readonly issuer: string; readonly audience: string };
  /** The claim that names the member identity (`EcommerceMSP:store1`); `GATEWAY_JWT_IDENTITY_CLAIM`, default `identity`. */
  readonly identityClaim: string;
}

/** Verifies a bearer token; undefined for any token that is not valid. */
export interface JwtVerifier {
  verify(token: string): Promise<Principal | undefined>;
}

/** Algorithms of the identity provider's keys; HS256 is accepted only with the shared secret. */
const ASYMMETRIC = ['RS256', 'ES256'];

/**
 * A verifier for the configured kinds of token. Loads `jose` here, so a gateway without JWT never loads it.
 * Which key checks a token is decided by its header's `alg`: HS256 by the secret, RS256/ES256 by the
 * provider's JWKS (fetched on first use and when a token names a key id it does not hold, at most every
 * 30 s) — never one kind's key for the other's algorithm.
 *
 * A token must carry `sub`, `exp` and the identity claim. The principal is `jwt:<sub>` for an HS256 token
 * and `jwks:<sub>` for a provider's, so the two never share idempotency records or rate budgets.
 */
export async function openJwtVerifier(options: Readonly<JwtOptions>): Promise<JwtVerifier> {
  const jose = await import('jose');
  const secret = options.secret === undefined ? undefined : new TextEncoder().encode(options.secret);
  const jwks = options.jwks;
  const keySet = jwks
    ? jose.createRemoteJWKSet(new URL(jwks.url), { timeoutDuration: 5_000, cooldownDuration: 30_000 })
    : undefined;
  const principalOf = (payload: JWTPayload, prefix: string): Principal | undefined => {
    const identity = payload[options.identityClaim];
    if (typeof identity !== 'string' || typeof payload.sub !== 'string') return undefined;
    return { id: `${prefix}:${payload.sub}`, identity };
  };
  return {
    async verify(token) {
      let alg: string | undefined;
      try {
        alg = jose.decodeProtectedHeader(token).alg;
      } catch {
        return undefined;
      }
      try {
        if (alg === 'HS256' && secret) {
          const { payload } = await jose.jwtVerify(token, secret, {
            algorithms: ['HS256'],
            requiredClaims: ['sub', 'exp'],
          });
          return principalOf(payload, 'jwt');
        }
        if (alg !== undefined && ASYMMETRIC.includes(alg) && keySet && jwks) {
          const { payload } = await jose.jwtVerify(token, keySet, {
            algorithms: ASYMMETRIC,
            issuer: jwks.issuer,
            audience: jwks.audience,
            requiredClaims: ['sub', 'exp'],
          });
          return principalOf(payload, 'jwks');
        }
        return undefined;
      } catch (err) {
        // The provider's keys could not be fetched: the token may well be valid, so not a 401.
        if (isFetchFailure(err, jose.errors)) {
          throw new ProblemError('IDENTITY_PROVIDER_UNAVAILABLE', "the identity provider's keys could not be fetched", {
            retryable: true,
          });
        }
        return undefined;
      }
    },
  };
}

/**
 * Whether jose failed to fetch the provider's key set: a timeout, an invalid set, a status other than 200 or
 * a body that is not JSON (jose's generic error), or a network error (not a JOSE error at all).
 */
function isFetchFailure(err: unknown, errors: typeof import('jose').errors): boolean {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return true;
  // A network error comes from Node's own realm: `instanceof Error` need not hold for it (e.g. under Jest).
  if (!(err instanceof errors.JOSEError)) return types.isNativeError(err) || err instanceof Error;
  return err.code === 'ERR_JOSE_GENERIC';
}
