import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  loadSigningIdentity,
  newMessageSigner,
  privateKeyFromPem,
  type Identity,
  type SigningIdentity,
} from '@allianceledger/fabric-protocol';
import { z } from 'zod';

/** Where one member identity's MSP folder is (devnet's or cryptogen's layout). */
export interface IdentityLocation {
  /** `MSP:user`, e.g. `EcommerceMSP:store1` — how API keys and tokens name the identity. */
  readonly name: string;
  readonly mspId: string;
  readonly mspDir: string;
}

/**
 * Who holds an identity's private key: the gateway (custodial: it signs for the identity), or the
 * identity's own device (self-custody: the gateway holds only its certificate and can never sign as it;
 * every transaction is signed on the device — see docs/identity.md).
 */
export type Custody = 'custodial' | 'self';

/** An identity the gateway knows, as listed by the identity API. */
export interface KnownIdentity {
  readonly name: string;
  readonly mspId: string;
  readonly custody: Custody;
  readonly status: 'ACTIVE' | 'REVOKED';
  /** Where it came from: the operator's connection file, or enrolment through the gateway. */
  readonly source: 'configured' | 'enrolled';
  readonly enrolledAt?: string;
  readonly revokedAt?: string;
}

/** The gateway cannot sign as a self-custody identity: it holds no key for it. */
export class SelfCustodyError extends Error {
  override readonly name = 'SelfCustodyError';
  constructor(readonly identity: string) {
    super(`${identity} keeps its own key: the gateway cannot sign as it (sign on the device: docs/identity.md)`);
  }
}

/** What the registry keeps of an enrolled identity (`<dir>/<MSP>/<user>.json`, 0600). */
const EnrolledRecord = z.strictObject({
  name: z.string(),
  mspId: z.string(),
  custody: z.enum(['custodial', 'self']),
  certificatePem: z.string(),
  /** Custodial identities only: PKCS#8 PEM. */
  privateKeyPem: z.string().optional(),
  status: z.enum(['ACTIVE', 'REVOKED']),
  enrolledAt: z.string(),
  revokedAt: z.string().optional(),
});
type EnrolledRecord = z.infer<typeof EnrolledRecord>;

/** Identity names: `<MSP>:<user>`, the user part as Fabric CA enrollment ids allow. */
export const IDENTITY_NAME = /^([A-Za-z0-9]+):([A-Za-z0-9][A-Za-z0-9._@-]{0,63})$/;

/**
 * The member identities the gateway knows: those of the operator's connection file (MSP folders it reads,
 * custodial) and those enrolled through the gateway, custodial or self-custody, kept under `dir`. Signing
 * identities are loaded on first use and kept; a revoked identity is known but refused.
 */
export class IdentityRegistry {
  readonly #locations: ReadonlyMap<string, IdentityLocation>;
  readonly #enrolled = new Map<string, EnrolledRecord>();
  readonly #signers = new Map<string, Promise<SigningIdentity>>();
  readonly #dir: string | undefined;

  private constructor(locations: readonly IdentityLocation[], dir: string | undefined) {
    this.#locations = new Map(locations.map((l) => [l.name, l]));
    this.#dir = dir;
  }

  /** The configured identities, and those enrolled earlier under `dir` (none without one). */
  static async open(locations: readonly IdentityLocation[], dir?: string): Promise<IdentityRegistry> {
    const registry = new IdentityRegistry(locations, dir);
    if (dir !== undefined && existsSync(dir)) {
      for (const msp of await readdir(dir)) {
        for (const file of await readdir(path.join(dir, msp))) {
          if (!file.endsWith('.json')) continue;
          const record = EnrolledRecord.parse(JSON.parse(await readFile(path.join(dir, msp, file), 'utf8')));
          registry.#enrolled.set(record.name, record);
        }
      }
    }
    return registry;
  }

  has(name: string): boolean {
    return this.#locations.has(name) || this.#enrolled.has(name);
  }

  /** Known and not revoked. */
  isActive(name: string): boolean {
    return this.#locations.has(name) || this.#enrolled.get(name)?.status === 'ACTIVE';
  }

  names(): string[] {
    return [...this.#locations.keys(), ...this.#enrolled.keys()];
  }

  /**
   * The organisation admin identities: those named `<MSP>:Admin`, as devnet and cryptogen name each org's
   * admin user (its certificate carries the admin OU).
   */
  adminNames(): string[] {
    return [...this.#locations.keys()].filter(isOrgAdminName);
  }

  custody(name: string): Custody {
    return this.#enrolled.get(name)?.custody ?? 'custodial';
  }

  describe(name: string): KnownIdentity | undefined {
    const location = this.#locations.get(name);
    if (location) {
      return { name, mspId: location.mspId, custody: 'custodial', status: 'ACTIVE', source: 'configured' };
    }
    const r = this.#enrolled.get(name);
    return r
      ? {
          name,
          mspId: r.mspId,
          custody: r.custody,
          status: r.status,
          source: 'enrolled',
          enrolledAt: r.enrolledAt,
          ...(r.revokedAt ? { revokedAt: r.revokedAt } : {}),
        }
      : undefined;
  }

  /** Every identity of one organisation. */
  list(mspId: string): KnownIdentity[] {
    return this.names()
      .map((n) => this.describe(n))
      .filter((i): i is KnownIdentity => i?.mspId === mspId);
  }

  /** The identity as a proposal names its creator (MSP id and certificate), whoever holds its key. */
  async identity(name: string): Promise<Identity> {
    const enrolled = this.#enrolled.get(name);
    if (enrolled) return { mspId: enrolled.mspId, credentials: Buffer.from(enrolled.certificatePem) };
    return (await this.signer(name)).identity;
  }

  /** Signs as a custodial identity; rejects with {@link SelfCustodyError} for a self-custody one. */
  signer(name: string): Promise<SigningIdentity> {
    let loaded = this.#signers.get(name);
    if (!loaded) {
      loaded = this.#loadSigner(name);
      this.#signers.set(name, loaded);
      loaded.catch(() => this.#signers.delete(name));
    }
    return loaded;
  }

  /** Adds an identity enrolled through the gateway; the private key only for a custodial one. */
  async addEnrolled(entry: {
    readonly name: string;
    readonly mspId: string;
    readonly certificatePem: string;
    readonly privateKeyPem?: string;
    readonly enrolledAt: string;
  }): Promise<KnownIdentity> {
    if (this.#locations.has(entry.name)) throw new Error(`${entry.name} is configured, not enrolled`);
    const record: EnrolledRecord = {
      ...entry,
      custody: entry.privateKeyPem === undefined ? 'self' : 'custodial',
      status: 'ACTIVE',
    };
    await this.#save(record);
    this.#enrolled.set(record.name, record);
    this.#signers.delete(record.name);
    const known = this.describe(record.name);
    if (!known) throw new Error(`${record.name} was not kept`);
    return known;
  }

  /**
   * Marks an enrolled identity revoked: known, but refused from now on. A custodial identity's private key
   * is deleted with it: its certificate is revoked at the CA, which will not enroll it again.
   */
  async revoke(name: string, at: string): Promise<void> {
    const record = this.#enrolled.get(name);
    if (!record) throw new Error(`${name} is not an enrolled identity`);
    if (record.status === 'REVOKED') return;
    const { privateKeyPem: _deleted, ...kept } = record;
    const revoked: EnrolledRecord = { ...kept, status: 'REVOKED', revokedAt: at };
    await this.#save(revoked);
    this.#enrolled.set(name, revoked);
    this.#signers.delete(name);
  }

  async #loadSigner(name: string): Promise<SigningIdentity> {
    const location = this.#locations.get(name);
    if (location) return loadSigningIdentity(location.mspDir, location.mspId);
    const record = this.#enrolled.get(name);
    if (!record) throw new Error(`unknown identity ${name}`);
    if (record.privateKeyPem === undefined) throw new SelfCustodyError(name);
    return {
      identity: { mspId: record.mspId, credentials: Buffer.from(record.certificatePem) },
      signer: newMessageSigner(privateKeyFromPem(record.privateKeyPem)),
      hash: 'none',
    };
  }

  async #save(record: EnrolledRecord): Promise<void> {
    if (this.#dir === undefined) throw new Error('this registry keeps no enrolled identities');
    const parsed = IDENTITY_NAME.exec(record.name);
    if (!parsed) throw new Error(`not an identity name: ${record.name}`);
    const folder = path.join(this.#dir, record.mspId);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const file = path.join(folder, `${parsed[2] ?? ''}.json`);
    const tmp = `${file}.tmp`;
    await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, file);
    await chmod(file, 0o600);
  }
}

/** Whether an identity name is an organisation's admin user, `<MSP>:Admin`. */
export function isOrgAdminName(name: string): boolean {
  const colon = name.indexOf(':');
  return colon > 0 && name.slice(colon + 1) === 'Admin';
}
