import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import type { Principal } from './principal';

const StoredKey = z.strictObject({
  id: z.string().regex(/^[a-z0-9]{8,32}$/),
  label: z.string(),
  identity: z.string(),
  /** SHA-256 (hex) of the whole key; keys are 256-bit random, so a fast hash is enough. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
const StoredKeys = z.array(StoredKey);
type StoredKey = z.infer<typeof StoredKey>;

/** An API key as given to a client once, at creation. */
export interface IssuedApiKey {
  readonly id: string;
  readonly label: string;
  readonly identity: string;
  readonly key: string;
}

const KEY_PATTERN = /^alk_([a-z0-9]{8,32})_([A-Za-z0-9_-]{43})$/;

/**
 * API keys stored hashed in a JSON file (`api-keys.json`). A key reads `alk_<id>_<secret>`: the id
 * finds the record, the hash of the whole key authenticates it in constant time.
 */
export class ApiKeyStore {
  readonly #file: string;
  #keys: Map<string, StoredKey>;

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

  get size(): number {
    return this.#keys.size;
  }

  /** Creates a key for `identity` and persists its hash; the plaintext is returned only here. */
  async issue(identity: string, label: string): Promise<IssuedApiKey> {
    const id = randomBytes(8).toString('hex');
    const key = `alk_${id}_${randomBytes(32).toString('base64url')}`;
    const record: StoredKey = { id, label, identity, sha256: sha256(key) };
    this.#keys.set(id, record);
    await this.#save();
    return { id, label, identity, key };
  }

  /** The principal for a presented key, or undefined when the key is unknown or wrong. */
  authenticate(presented: string): Principal | undefined {
    const m = KEY_PATTERN.exec(presented);
    const record = m?.[1] ? this.#keys.get(m[1]) : undefined;
    if (!record) return undefined;
    const expected = Buffer.from(record.sha256, 'hex');
    const actual = Buffer.from(sha256(presented), 'hex');
    return timingSafeEqual(expected, actual) ? { id: `key:${record.id}`, identity: record.identity } : undefined;
  }

  async #save(): Promise<void> {
    await mkdir(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    const tmp = `${this.#file}.tmp`;
    await writeFile(tmp, JSON.stringify([...this.#keys.values()], null, 2) + '\n', { mode: 0o600 });
    await rename(tmp, this.#file);
    await chmod(this.#file, 0o600);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
