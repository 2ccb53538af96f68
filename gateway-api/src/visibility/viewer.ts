import { chaincodeCall } from '../common/chaincode-call';
import { clientIdOf, nodeOUOf } from '@allianceledger/fabric-protocol';
import type { IdentityRegistry } from '../auth/identity-registry';
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
 * own identity), so the gateway applies the chaincode's idea of the caller and never its own. For an
 * identity that keeps its own key (the gateway cannot sign as it), the party id comes from its certificate
 * exactly as the chaincode computes it, and its member record from its organisation's admin
 * (`members:GetMember`). Answers are kept `ttlMs`: a role change or suspension reaches the gateway's
 * filters within that time.
 */
export class ViewerDirectory {
  readonly #transactions: TransactionService;
  readonly #identities: IdentityRegistry | undefined;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { readonly at: number; readonly viewer: Promise<Viewer> }>();

  constructor(options: Readonly<{ transactions: TransactionService; identities?: IdentityRegistry; ttlMs?: number }>) {
    this.#transactions = options.transactions;
    this.#identities = options.identities;
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
    if (this.#identities?.custody(principal.identity) === 'self') return this.#resolveSelfCustody(principal);
    const who = (await this.#transactions.evaluate(principal, chaincodeCall('members:WhoAmI', {}))) as WhoAmIAnswer;
    return {
      party: who.caller.party,
      mspId: who.caller.mspId,
      isOrgAdmin: who.caller.isOrgAdmin,
      roles: who.member?.status === 'ACTIVE' ? who.member.roles : [],
    };
  }

  async #resolveSelfCustody(principal: Principal): Promise<Viewer> {
    const identities = this.#identities;
    if (!identities) throw new Error('no identity registry');
    const { mspId, credentials } = await identities.identity(principal.identity);
    const certificatePem = Buffer.from(credentials).toString('utf8');
    const party = `${mspId}::${clientIdOf(certificatePem)}`;
    const member = (await this.#transactions
      .evaluate(
        { id: 'gateway', identity: `${mspId}:Admin` },
        { transaction: 'members:GetMember', input: { member: party } },
      )
      .catch(() => null)) as { readonly roles: readonly string[]; readonly status: string } | null;
    return {
      party,
      mspId,
      isOrgAdmin: nodeOUOf(certificatePem) === 'admin',
      roles: member?.status === 'ACTIVE' ? member.roles : [],
    };
  }
}
