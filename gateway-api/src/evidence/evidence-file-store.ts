import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';

/** An upload being received: bytes go to a temporary file while they are hashed. */
export interface EvidenceUpload {
  write(chunk: Buffer): Promise<void>;
  /** Closes the temporary file; answers the SHA-256 (hex) and size of what was written. */
  finish(): Promise<{ readonly sha256: string; readonly size: number }>;
  /** Moves the finished file to its content address, `<dir>/<sha256>` (atomic rename). */
  keep(): Promise<void>;
  /** Deletes the temporary file (idempotent). */
  discard(): Promise<void>;
}

/**
 * The gateway's off-chain store of evidence originals, content-addressed: the file whose SHA-256 is
 * `h` lives at `<dir>/h`, so a name always says what the bytes are, the same document is stored once,
 * and anyone can re-hash a file against its name. Uploads are written to `<dir>/tmp/` first and renamed
 * into place only once complete, so a reader never sees a partial file.
 */
export class EvidenceFileStore {
  readonly dir: string;
  readonly maxBytes: number;
  readonly #tmp: string;

  private constructor(dir: string, maxBytes: number) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.#tmp = path.join(dir, 'tmp');
  }

  /** Opens (creating) the store at `dir`; files above `maxBytes` are refused by the upload routes. */
  static async open(options: Readonly<{ dir: string; maxBytes: number }>): Promise<EvidenceFileStore> {
    const store = new EvidenceFileStore(options.dir, options.maxBytes);
    await mkdir(store.dir, { recursive: true, mode: 0o700 });
    // Temporary files of uploads a previous process did not finish.
    await rm(store.#tmp, { recursive: true, force: true });
    await mkdir(store.#tmp, { mode: 0o700 });
    return store;
  }

  /** Starts receiving a file. */
  async upload(): Promise<EvidenceUpload> {
    const tmpPath = path.join(this.#tmp, randomUUID());
    const handle: FileHandle = await open(tmpPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let closed = false;
    let digest: string | undefined;
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    return {
      write: async (chunk) => {
        hash.update(chunk);
        size += chunk.length;
        await handle.write(chunk);
      },
      finish: async () => {
        await handle.sync();
        await close();
        digest = hash.digest('hex');
        return { sha256: digest, size };
      },
      keep: async () => {
        if (digest === undefined) throw new Error('keep() before finish()');
        await rename(tmpPath, this.#pathOf(digest));
      },
      discard: async () => {
        await close().catch(() => undefined);
        await rm(tmpPath, { force: true });
      },
    };
  }

  /** The stored file of `sha256`, or undefined when the gateway does not hold it. */
  async read(sha256: string): Promise<{ readonly size: number; readonly stream: () => ReadStream } | undefined> {
    const file = this.#pathOf(sha256);
    const info = await stat(file).catch(() => undefined);
    return info?.isFile() ? { size: info.size, stream: () => createReadStream(file) } : undefined;
  }

  #pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return path.join(this.dir, sha256);
  }
}
