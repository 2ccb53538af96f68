/**
 * The CA's registry, kept as two JSON files in its folder (0600, the folder 0700): the registered identities
 * (`identities.json`: type, affiliation, attributes, maximum enrollments, a scrypt hash of the secret, how
 * many times it enrolled, whether it is revoked) and every certificate issued (`certificates.json`: serial,
 * AKI, owner, status). Each change rewrites the file it touches through a temporary file and a rename.
 * One process owns a registry: the files are not locked.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { isErrno } from '@allianceledger/fabric-protocol';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** An attribute of an identity, as Fabric CA registers it (`ecert`: put in certificates by default). */
export interface CaAttribute {
  readonly name: string;
  readonly value: string;
  readonly ecert?: boolean;
}

export interface IdentityRecord {
  readonly id: string;
  readonly type: string;
  readonly affiliation: string;
  readonly attrs: readonly CaAttribute[];
  /** -1: unlimited. */
  readonly maxEnrollments: number;
  /** `scrypt$<salt hex>$<hash hex>` */
  readonly secretHash: string;
  /** Successful enrollments so far (Fabric CA's `state`). */
  readonly enrollments: number;
  readonly revoked: boolean;
  readonly failedLoginAttempts: number;
}

export interface CertificateRecord {
  /** Lowercase hex, no leading zeros (Fabric CA's form). */
  readonly serial: string;
  /** Lowercase hex of the authority key identifier, no leading zeros. */
  readonly aki: string;
  readonly id: string;
  readonly pem: string;
  readonly notAfter: string;
  readonly status: 'good' | 'revoked';
  readonly revokedAt?: string;
  /** RFC 5280 reason code. */
  readonly reason?: number;
}

const SCRYPT_KEY_LENGTH = 32;

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, SCRYPT_KEY_LENGTH);
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export async function secretMatches(secret: string, secretHash: string): Promise<boolean> {
  const [scheme, salt, hash] = secretHash.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) {
    return false;
  }
  const expected = Buffer.from(hash, 'hex');
  const actual = await scrypt(secret, Buffer.from(salt, 'hex'), expected.length);
  return timingSafeEqual(expected, actual);
}

/** Identities and certificates of one CA, persisted in `dir`. */
export class CaRegistry {
  readonly #dir: string;
  readonly #identities: Map<string, IdentityRecord>;
  readonly #certificates: Map<string, CertificateRecord>;
  #writes: Promise<void> = Promise.resolve();

  private constructor(dir: string, identities: IdentityRecord[], certificates: CertificateRecord[]) {
    this.#dir = dir;
    this.#identities = new Map(identities.map((i) => [i.id, i]));
    this.#certificates = new Map(certificates.map((c) => [certificateKey(c.serial, c.aki), c]));
  }

  /** Opens (or creates) the registry in `dir`. */
  static async open(dir: string): Promise<CaRegistry> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    return new CaRegistry(
      dir,
      await readJsonArray<IdentityRecord>(path.join(dir, IDENTITIES_FILE)),
      await readJsonArray<CertificateRecord>(path.join(dir, CERTIFICATES_FILE)),
    );
  }

  identity(id: string): IdentityRecord | undefined {
    return this.#identities.get(id);
  }

  identities(): IdentityRecord[] {
    return [...this.#identities.values()];
  }

  /** Adds a new identity; false (and nothing written) when the ID is taken. */
  async addIdentity(record: IdentityRecord): Promise<boolean> {
    if (this.#identities.has(record.id)) {
      return false;
    }
    this.#identities.set(record.id, record);
    await this.#save(IDENTITIES_FILE);
    return true;
  }

  async updateIdentity(id: string, change: Partial<Omit<IdentityRecord, 'id'>>): Promise<IdentityRecord> {
    const current = this.#identities.get(id);
    if (current === undefined) {
      throw new Error(`identity ${id} is not registered`);
    }
    const updated = { ...current, ...change };
    this.#identities.set(id, updated);
    await this.#save(IDENTITIES_FILE);
    return updated;
  }

  certificate(serial: string, aki: string): CertificateRecord | undefined {
    return this.#certificates.get(certificateKey(serial, aki));
  }

  certificates(): CertificateRecord[] {
    return [...this.#certificates.values()];
  }

  async addCertificate(record: CertificateRecord): Promise<void> {
    this.#certificates.set(certificateKey(record.serial, record.aki), record);
    await this.#save(CERTIFICATES_FILE);
  }

  /** Marks the given certificates revoked (those still good); returns the ones it changed. */
  async revokeCertificates(
    records: readonly CertificateRecord[],
    reason: number,
    at: Date,
  ): Promise<CertificateRecord[]> {
    const revoked: CertificateRecord[] = [];
    for (const record of records) {
      const key = certificateKey(record.serial, record.aki);
      const current = this.#certificates.get(key);
      if (current?.status !== 'good') {
        continue;
      }
      const updated: CertificateRecord = { ...current, status: 'revoked', revokedAt: at.toISOString(), reason };
      this.#certificates.set(key, updated);
      revoked.push(updated);
    }
    if (revoked.length > 0) {
      await this.#save(CERTIFICATES_FILE);
    }
    return revoked;
  }

  /** Writes one file from the in-memory state, after any write already under way. */
  #save(file: string): Promise<void> {
    const content = (): string =>
      JSON.stringify(file === IDENTITIES_FILE ? this.identities() : this.certificates(), undefined, 2) + '\n';
    const write = this.#writes.then(() => writeFileAtomically(path.join(this.#dir, file), content()));
    this.#writes = write.catch(() => undefined);
    return write;
  }
}

const IDENTITIES_FILE = 'identities.json';
const CERTIFICATES_FILE = 'certificates.json';

function certificateKey(serial: string, aki: string): string {
  return `${serial}/${aki}`;
}

async function readJsonArray<T>(file: string): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    if (isErrno(error, 'ENOENT')) {
      return [];
    }
    throw error;
  }
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) {
    throw new Error(`${file} does not hold a JSON array`);
  }
  return parsed as T[];
}

async function writeFileAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
