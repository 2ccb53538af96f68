import { chaincodeCall } from '../common/chaincode-call';
import type { Principal } from '../auth/principal';
import type { TransactionService } from '../transactions/transaction-service';

/** Who is looking, as the chaincode sees it: what the visibility rules of events and views need. */
export interface Viewer {
  /** `<msp>::<x509 id>`, the chaincode's party id. */
  readonly party: string;
  readonly mspId: string;
  /** The certificate's NodeOU is `admin`. */
  readonly isOrgAdmin: boolean;
  /** The roles of an ACTIVE member record (none for a suspended or unregistered identity). */
  readonly roles: readonly string[];
}

interface WhoAmIAnswer {
  readonly caller: { readonly party: string; readonly mspId: string; readonly isOrgAdmin: boolean };
  readonly member: { readonly roles: readonly string[]; readonly status: string } | null;
}

/**
 * Resolves principals to viewers by asking the chaincode (`members:WhoAmI`, signed as the principal's
 * own identity), so the gateway applies the chaincode's idea of the caller and never its own. Answers
 * are kept `ttlMs`: a role change or suspension reaches the gateway's filters within that time.
 */
export class ViewerDirectory {
  readonly #transactions: TransactionService;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { readonly at: number; readonly viewer: Promise<Viewer> }>();

  constructor(options: Readonly<{ transactions: TransactionService; ttlMs?: number }>) {
    this.#transactions = options.transactions;
    this.#ttlMs = options.ttlMs ?? 30_000;
  }

  viewerOf(principal: Principal): Promise<Viewer> {
    const now = Date.now();
    const cached = this.#cache.get(principal.identity);
    if (cached && now - cached.at < this.#ttlMs) return cached.viewer;
    const viewer = this.#resolve(principal);
    this.#cache.set(principal.identity, { at: now, viewer });
    // A failed look-up is not remembered: the next call asks again.
    viewer.catch(() => {
      if (this.#cache.get(principal.identity)?.viewer === viewer) this.#cache.delete(principal.identity);
    });
    return viewer;
  }

  async #resolve(principal: Principal): Promise<Viewer> {
    const who = (await this.#transactions.evaluate(principal, chaincodeCall('members:WhoAmI', {}))) as WhoAmIAnswer;
    return {
      party: who.caller.party,
      mspId: who.caller.mspId,
      isOrgAdmin: who.caller.isOrgAdmin,
      roles: who.member?.status === 'ACTIVE' ? who.member.roles : [],
    };
  }
}
