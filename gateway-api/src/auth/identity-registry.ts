import { msp } from '@allianceledger/devnet';
import type { SigningIdentity } from '../ledger/ledger-port';

/** Where one member identity's MSP folder is (devnet's or cryptogen's layout). */
export interface IdentityLocation {
  /** `MSP:user`, e.g. `EcommerceMSP:store1` — how API keys and tokens name the identity. */
  readonly name: string;
  readonly mspId: string;
  readonly mspDir: string;
}

/**
 * The member identities the gateway holds and signs with. Identities are loaded from their MSP
 * folders on first use and kept; the gateway never invents one.
 */
export class IdentityRegistry {
  readonly #locations: ReadonlyMap<string, IdentityLocation>;
  readonly #loaded = new Map<string, Promise<SigningIdentity>>();

  constructor(locations: readonly IdentityLocation[]) {
    this.#locations = new Map(locations.map((l) => [l.name, l]));
  }

  has(name: string): boolean {
    return this.#locations.has(name);
  }

  names(): string[] {
    return [...this.#locations.keys()];
  }

  /**
   * The organisation admin identities: those named `<MSP>:Admin`, as devnet and cryptogen name each org's
   * admin user (its certificate carries the admin OU).
   */
  adminNames(): string[] {
    return this.names().filter(isOrgAdminName);
  }

  signer(name: string): Promise<SigningIdentity> {
    let loaded = this.#loaded.get(name);
    if (!loaded) {
      const location = this.#locations.get(name);
      if (!location) return Promise.reject(new Error(`unknown identity ${name}`));
      loaded = msp.loadSigningIdentity(location.mspDir, location.mspId);
      this.#loaded.set(name, loaded);
    }
    return loaded;
  }
}

/** Whether an identity name is an organisation's admin user, `<MSP>:Admin`. */
export function isOrgAdminName(name: string): boolean {
  const colon = name.indexOf(':');
  return colon > 0 && name.slice(colon + 1) === 'Admin';
}
