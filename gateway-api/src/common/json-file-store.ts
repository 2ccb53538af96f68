import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Small records on disk, one JSON file per key (named by the key's SHA-256), kept across gateway restarts.
 * A record is written to a temporary file and renamed into place, so a reader sees the old record or the
 * new one, never half of one. Records older than the retention window are swept at open and then every
 * sweep interval. Plain files keep the gateway free of native bindings: a deployment on a real network
 * loads no LevelDB (see dependency.test.ts).
 */
export class JsonFileStore<T> {
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

  static async open<T>(dir: string, options: { readonly retentionMs: number }): Promise<JsonFileStore<T>> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const store = new JsonFileStore<T>(dir, options.retentionMs);
    await store.sweep();
    return store;
  }

  async get(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.#fileOf(key), 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async put(key: string, record: T): Promise<void> {
    const file = this.#fileOf(key);
    const tmp = `${file}.${randomUUID()}.tmp`;
    // Decoded inputs may hold bigint amounts: kept as their canonical decimal strings.
    const json = JSON.stringify(record, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    await writeFile(tmp, json, { mode: 0o600 });
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
