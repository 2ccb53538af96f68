import { jwtVerify } from 'jose';
import type { Principal } from './principal';

/**
 * Verifies HS256 bearer tokens. A token must carry `sub`, `exp` and an `identity` claim naming the
 * member identity (`EcommerceMSP:store1`) the gateway signs with for this caller.
 */
export class JwtVerifier {
  readonly #secret: Uint8Array;

  constructor(secret: string) {
    this.#secret = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.#secret, {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
      });
      const identity = payload.identity;
      if (typeof identity !== 'string' || typeof payload.sub !== 'string') return undefined;
      return { id: `jwt:${payload.sub}`, identity };
    } catch {
      return undefined;
    }
  }
}
