import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import type { Principal } from './principal';

/**
 * One stored key. Fields added after the first version are optional, so files written before them load
 * as they are (no migration): such a key simply has no `createdAt`.
 */
const StoredKey = z.strictObject({
  id: z.string().regex(/^[a-z0-9]{8,32}$/),
  label: z.string(),
  identity: z.string(),
  /** SHA-256 (hex) of the whole key; keys are 256-bit random, so a fast hash is enough. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string().optional(),
  /** Kept in memory at every use; written out at most once a minute (and at close). */
  lastUsedAt: z.string().optional(),
  /** From then on the key is refused. */
  revokedAt: z.string().optional(),
  /** The key this one replaced by rotation. */
  rotatedFrom: z.string().optional(),
  /** The key that replaced this one by rotation. */
  replacedBy: z.string().optional(),
});
const StoredKeys = z.array(StoredKey);
type StoredKey = z.infer<typeof StoredKey>;

/** What the gateway tells about a key: everything but its secret (and its hash). */
export type ApiKeyInfo = Omit<StoredKey, 'sha256'>;

/** An API key as given to a client once, at creation. */
export interface IssuedApiKey {
  readonly id: string;
  readonly label: string;
  readonly identity: string;
  readonly createdAt: string;
  readonly key: string;
}

/** A presented key that matches a stored one: whom it stands for, and whether it still counts. */
export interface ApiKeyMatch {
  readonly principal: Principal;
  readonly revokedAt?: string;
}

/** The key asked for does not exist (or, for rotation, no longer counts). */
export class ApiKeyError extends Error {
  override readonly name = 'ApiKeyError';
  constructor(
    readonly id: string,
    readonly reason: 'NOT_FOUND' | 'REVOKED',
  ) {
    super(reason === 'NOT_FOUND' ? `no API key ${id}` : `API key ${id} is revoked`);
  }
}

const KEY_PATTERN = /^alk_([a-z0-9]{8,32})_([A-Za-z0-9_-]{43})$/;
/** How often a changed `lastUsedAt` is written out. */
const LAST_USED_FLUSH_MS = 60_000;

/**
 * API keys stored hashed in a JSON file (`api-keys.json`). A key reads `alk_<id>_<secret>`: the id
 * finds the record, the hash of the whole key authenticates it in constant time. A revoked key stays in
 * the file (its id and dates, for the listing), and is refused.
 */
export class ApiKeyStore {
  readonly #file: string;
  readonly #keys: Map<string, StoredKey>;
  /** The SHA-256 of each key, as bytes (a record's hash never changes). */
  readonly #digests = new Map<string, Buffer>();
  /** Uses not yet folded into the records' `lastUsedAt` (folded before any read or write of a record). */
  readonly #lastUsed = new Map<string, Date>();
  #saving: Promise<void> = Promise.resolve();
  #flush: NodeJS.Timeout | undefined;
  #dirty = false;

  private constructor(file: string, keys: StoredKey[]) {
    this.#file = file;
    this.#keys = new Map(keys.map((k) => [k.id, k]));
  }

  static async open(file: string): Promise<ApiKeyStore> {
    if (!existsSync(file)) return new ApiKeyStore(file, []);
    const parsed = StoredKeys.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a valid API key file: ${parsed.error.message}`);
    return new ApiKeyStore(file, parsed.data);
  }

  /** Every key ever issued, revoked ones included. */
  get size(): number {
    return this.#keys.size;
  }

  /** Creates a key for `identity` and persists its hash; the plaintext is returned only here. */
  async issue(identity: string, label: string, at: Date = new Date()): Promise<IssuedApiKey> {
    const issued = this.#newKey(identity, label, at);
    await this.#save();
    return issued;
  }

  /** The principal for a presented key (revoked or not), or undefined when the key is unknown or wrong. */
  authenticate(presented: string, at: Date = new Date()): ApiKeyMatch | undefined {
    const m = KEY_PATTERN.exec(presented);
    const record = m?.[1] ? this.#keys.get(m[1]) : undefined;
    if (!record) return undefined;
    let expected = this.#digests.get(record.id);
    if (!expected) {
      expected = Buffer.from(record.sha256, 'hex');
      this.#digests.set(record.id, expected);
    }
    if (!timingSafeEqual(expected, createHash('sha256').update(presented).digest())) return undefined;
    const principal = { id: `key:${record.id}`, identity: record.identity };
    if (record.revokedAt !== undefined) return { principal, revokedAt: record.revokedAt };
    this.#touch(record, at);
    return { principal };
  }

  get(id: string): ApiKeyInfo | undefined {
    this.#foldUses();
    const record = this.#keys.get(id);
    return record ? info(record) : undefined;
  }

  /** The keys of the identities `include` accepts, oldest first. */
  list(include: (identity: string) => boolean): ApiKeyInfo[] {
    this.#foldUses();
    return [...this.#keys.values()]
      .filter((k) => include(k.identity))
      .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''))
      .map(info);
  }

  /** Refuses the key from now on; revoking a revoked key changes nothing. */
  async revoke(id: string, at: Date = new Date()): Promise<ApiKeyInfo> {
    this.#foldUses();
    const record = this.#keys.get(id);
    if (!record) throw new ApiKeyError(id, 'NOT_FOUND');
    if (record.revokedAt === undefined) {
      this.#keys.set(id, { ...record, revokedAt: at.toISOString() });
      await this.#save();
    }
    return info(this.#keys.get(id) ?? record);
  }

  /** Revokes every key of an identity that still counts; answers how many. */
  async revokeAllOf(identity: string, at: Date = new Date()): Promise<number> {
    this.#foldUses();
    const active = [...this.#keys.values()].filter((k) => k.identity === identity && k.revokedAt === undefined);
    for (const k of active) this.#keys.set(k.id, { ...k, revokedAt: at.toISOString() });
    if (active.length > 0) await this.#save();
    return active.length;
  }

  /**
   * A new key for the same identity and label; the old one is refused from this moment on (no grace
   * period: a client that needs an overlap issues a second key first, switches, then revokes the first).
   */
  async rotate(id: string, at: Date = new Date()): Promise<{ issued: IssuedApiKey; previous: ApiKeyInfo }> {
    this.#foldUses();
    const record = this.#keys.get(id);
    if (!record) throw new ApiKeyError(id, 'NOT_FOUND');
    if (record.revokedAt !== undefined) throw new ApiKeyError(id, 'REVOKED');
    const issued = this.#newKey(record.identity, record.label, at, id);
    const previous = { ...record, revokedAt: at.toISOString(), replacedBy: issued.id };
    this.#keys.set(id, previous);
    await this.#save();
    return { issued, previous: info(previous) };
  }

  /** Writes a pending `lastUsedAt` and stops the timer. */
  async close(): Promise<void> {
    clearTimeout(this.#flush);
    this.#flush = undefined;
    if (this.#dirty) await this.#save();
    await this.#saving;
  }

  #newKey(identity: string, label: string, at: Date, rotatedFrom?: string): IssuedApiKey {
    const id = randomBytes(8).toString('hex');
    const key = `alk_${id}_${randomBytes(32).toString('base64url')}`;
    const createdAt = at.toISOString();
    const record: StoredKey = {
      id,
      label,
      identity,
      sha256: sha256(key),
      createdAt,
      ...(rotatedFrom === undefined ? {} : { rotatedFrom }),
    };
    this.#keys.set(id, record);
    return { id, label, identity, createdAt, key };
  }

  /** Records the use, written out within a minute (every request would be a write otherwise). */
  #touch(record: StoredKey, at: Date): void {
    this.#lastUsed.set(record.id, at);
    this.#dirty = true;
    if (this.#flush) return;
    this.#flush = setTimeout(() => {
      this.#flush = undefined;
      this.#save().catch(() => undefined);
    }, LAST_USED_FLUSH_MS);
    this.#flush.unref();
  }

  /** Each key's latest use into its record's `lastUsedAt`. */
  #foldUses(): void {
    for (const [id, at] of this.#lastUsed) {
      const record = this.#keys.get(id);
      if (record) this.#keys.set(id, { ...record, lastUsedAt: at.toISOString() });
    }
    this.#lastUsed.clear();
  }

  /** Writes one at a time, each the whole current state, to a temporary file renamed into place. */
  #save(): Promise<void> {
    const write = async (): Promise<void> => {
      this.#dirty = false;
      this.#foldUses();
      await mkdir(path.dirname(this.#file), { recursive: true, mode: 0o700 });
      const tmp = `${this.#file}.tmp`;
      await writeFile(tmp, JSON.stringify([...this.#keys.values()], null, 2) + '\n', { mode: 0o600 });
      await rename(tmp, this.#file);
      await chmod(this.#file, 0o600);
    };
    this.#saving = this.#saving.then(write, write);
    return this.#saving;
  }
}

function info(record: StoredKey): ApiKeyInfo {
  const { sha256: _hash, ...rest } = record;
  return rest;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
