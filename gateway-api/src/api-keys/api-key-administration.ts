import { ApiKeyError, type ApiKeyInfo, type ApiKeyStore, type IssuedApiKey } from '../auth/api-key-store';
import type { IdentityRegistry } from '../auth/identity-registry';
import type { Principal } from '../auth/principal';
import { ProblemError } from '../http/problem';
import type { OnboardingStore } from '../identities/onboarding-store';
import { mspOf, requireOrgAdmin } from '../identities/org-admin';
import type { ViewerDirectory } from '../visibility/viewer';

/** What API key administration works with. */
export interface ApiKeyAdministrationOptions {
  readonly apiKeys: ApiKeyStore;
  readonly identities: IdentityRegistry;
  readonly onboarding: OnboardingStore;
  readonly viewers: ViewerDirectory;
}

/**
 * API keys over REST: an organisation's administrators issue, list, rotate and revoke the keys of their
 * organisation's identities (configured or enrolled). A key's secret is shown once, when it is issued.
 */
export class ApiKeyAdministration {
  readonly #o: ApiKeyAdministrationOptions;

  constructor(options: Readonly<ApiKeyAdministrationOptions>) {
    this.#o = options;
  }

  /** A new key for an active identity of the caller's organisation. */
  async issue(principal: Principal, request: { identity: string; label: string }): Promise<IssuedApiKey> {
    await requireOrgAdmin(this.#o.viewers, principal, mspOf(request.identity));
    this.#requireActive(request.identity);
    return this.#o.apiKeys.issue(request.identity, request.label);
  }

  /** The keys of one identity, or of every identity of the caller's organisation; never their secrets. */
  async list(principal: Principal, identity: string | undefined): Promise<ApiKeyInfo[]> {
    if (identity !== undefined) {
      await requireOrgAdmin(this.#o.viewers, principal, mspOf(identity));
      return this.#o.apiKeys.list((k) => k === identity);
    }
    const viewer = await this.#o.viewers.viewerOf(principal);
    await requireOrgAdmin(this.#o.viewers, principal, viewer.mspId);
    return this.#o.apiKeys.list((k) => mspOf(k) === viewer.mspId);
  }

  /** A new key in place of `id`, which is refused from now on. */
  async rotate(principal: Principal, id: string): Promise<{ apiKey: IssuedApiKey; previous: ApiKeyInfo }> {
    const key = await this.#administered(principal, id);
    this.#requireActive(key.identity);
    const { issued, previous } = await this.#o.apiKeys.rotate(id).catch(rethrow);
    return { apiKey: issued, previous };
  }

  async revoke(principal: Principal, id: string): Promise<ApiKeyInfo> {
    await this.#administered(principal, id);
    return this.#o.apiKeys.revoke(id).catch(rethrow);
  }

  /** The key, when the caller administers its identity's organisation. */
  async #administered(principal: Principal, id: string): Promise<ApiKeyInfo> {
    const key = this.#o.apiKeys.get(id);
    if (!key) throw new ProblemError('API_KEY_NOT_FOUND', `no API key ${id}`);
    await requireOrgAdmin(this.#o.viewers, principal, mspOf(key.identity));
    return key;
  }

  #requireActive(identity: string): void {
    if (this.#o.onboarding.get(identity) !== undefined && this.#o.identities.describe(identity) === undefined) {
      throw new ProblemError('IDENTITY_NOT_ACTIVE', `${identity} has not enrolled yet`);
    }
    const known = this.#o.identities.describe(identity);
    if (!known) throw new ProblemError('IDENTITY_NOT_FOUND', `no identity ${identity}`);
    if (known.status !== 'ACTIVE') throw new ProblemError('IDENTITY_NOT_ACTIVE', `${identity} is ${known.status}`);
  }
}

function rethrow(err: unknown): never {
  if (err instanceof ApiKeyError) {
    throw err.reason === 'NOT_FOUND'
      ? new ProblemError('API_KEY_NOT_FOUND', err.message)
      : new ProblemError('API_KEY_REVOKED', err.message);
  }
  throw err;
}
