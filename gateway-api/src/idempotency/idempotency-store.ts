import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** A response as the client first received it, replayed for a repeated request. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export type IdempotencyRecord =
  | {
      readonly state: 'pending';
      readonly fingerprint: string;
      readonly createdAt: number;
      /** Set before endorsement: the id to look for on the ledger after a failure or a crash. */
      readonly transactionId?: string;
      /** Set once endorsed and signed, before the orderer sees it: the endorsed result (base64)… */
      readonly result?: string;
      /** …and the signed transaction (base64), which a retry submits again when its outcome is unknown. */
      readonly signedTransaction?: string;
    }
  | {
      readonly state: 'completed';
      readonly fingerprint: string;
      readonly createdAt: number;
      readonly response: StoredResponse;
    };

/** How long a record is kept: a retry with the same key is expected within this window. */
export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Idempotency records on disk, one small JSON file per key (named by the key's SHA-256), so that a replay
 * works across gateway restarts. A record is written to a temporary file and renamed into place, so a
 * reader sees the old record or the new one, never half of one. Records older than the retention window
 * are swept at open and then hourly. Plain files keep the gateway free of native bindings: a deployment on
 * a real network loads no LevelDB (see dependency.test.ts).
 */
export class IdempotencyStore {
  readonly #dir: string;
  readonly #retentionMs: number;
  readonly #sweeper: NodeJS.Timeout;

  private constructor(dir: string, retentionMs: number) {
    this.#dir = dir;
    this.#retentionMs = retentionMs;
    this.#sweeper = setInterval(
      () => {
        this.sweep().catch(() => undefined);
      },
      60 * 60 * 1000,
    );
    this.#sweeper.unref();
  }

  static async open(dir: string, options: { readonly retentionMs?: number } = {}): Promise<IdempotencyStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const store = new IdempotencyStore(dir, options.retentionMs ?? DEFAULT_RETENTION_MS);
    await store.sweep();
    return store;
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    try {
      return JSON.parse(await readFile(this.#fileOf(key), 'utf8')) as IdempotencyRecord;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async put(key: string, record: IdempotencyRecord): Promise<void> {
    const file = this.#fileOf(key);
    const tmp = `${file}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify(record), { mode: 0o600 });
    await rename(tmp, file);
  }

  async delete(key: string): Promise<void> {
    await rm(this.#fileOf(key), { force: true });
  }

  /** Deletes records created before the retention window, and temporary files of interrupted writes. */
  async sweep(now: number = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.#dir)) {
      const file = path.join(this.#dir, name);
      if (name.endsWith('.tmp')) {
        await rm(file, { force: true });
        continue;
      }
      const info = await stat(file).catch(() => undefined);
      if (info && now - info.mtimeMs > this.#retentionMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  close(): Promise<void> {
    clearInterval(this.#sweeper);
    return Promise.resolve();
  }

  #fileOf(key: string): string {
    return path.join(this.#dir, `${createHash('sha256').update(key, 'utf8').digest('hex')}.json`);
  }
}
