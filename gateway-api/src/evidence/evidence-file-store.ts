import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';

/** An upload being received: bytes go to a temporary file while they are hashed. */
export interface EvidenceUpload {
  /** Appends a chunk; {@link EvidenceQuotaExceeded} when it would take the store beyond its quota. */
  write(chunk: Buffer): Promise<void>;
  /** Closes the temporary file; answers the SHA-256 (hex) and size of what was written. */
  finish(): Promise<{ readonly sha256: string; readonly size: number }>;
  /**
   * Moves the finished file into the folder of `owner` — the party the chain records as the evidence's
   * registrant, who uploaded it — as `<dir>/<ownerKey(owner)>/<sha256>` (atomic rename).
   */
  keep(owner: string): Promise<void>;
  /** Deletes the temporary file (idempotent). */
  discard(): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The store would exceed its quota: the upload is refused and nothing of it is kept. */
export class EvidenceQuotaExceeded extends Error {
  override readonly name = 'EvidenceQuotaExceeded';
  readonly quotaBytes: number;
  readonly usedBytes: number;

  constructor(quotaBytes: number, usedBytes: number) {
    super(`the evidence store holds ${usedBytes} of its ${quotaBytes} bytes; this file does not fit`);
    this.quotaBytes = quotaBytes;
    this.usedBytes = usedBytes;
  }
}

/** The folder name of an owner's originals: the SHA-256 (hex) of its party id, a fixed-length safe name. */
export function ownerKey(owner: string): string {
  return createHash('sha256').update(owner, 'utf8').digest('hex');
}

/**
 * The gateway's off-chain store of evidence originals, one folder per owner: the file whose SHA-256 is `h`,
 * uploaded by the party that registered `h` on chain, lives at `<dir>/<ownerKey(owner)>/h`. A folder
 * holds only what its owner uploaded, so bytes another party sent for the same hash can never be served
 * as the owner's; a name always says what the bytes are, and anyone can re-hash a file against its name.
 * Uploads are written to `<dir>/tmp/` first and renamed into place only once complete, so a reader never
 * sees a partial file.
 *
 * The originals together may take at most `quotaBytes`. Uploads in progress count as they arrive, so
 * concurrent uploads cannot overshoot together, and an upload that does not fit is refused before the
 * routes register anything. What is stored is summed at open, so the quota holds across restarts.
 *
 * Files of the earlier flat layout (`<dir>/<sha256>`) are not read (nor counted): {@link legacyFiles}
 * counts them so that the gateway can say so at start.
 */
export class EvidenceFileStore {
  readonly dir: string;
  readonly maxBytes: number;
  readonly quotaBytes: number;
  /** Files found in the earlier flat layout, which this store neither serves nor moves. */
  readonly legacyFiles: number;
  readonly #tmp: string;
  /** Bytes of the stored originals. */
  #used: number;
  /** Bytes received so far by uploads not yet kept or discarded. */
  #pending = 0;

  private constructor(
    options: Readonly<{ dir: string; maxBytes: number; quotaBytes: number }>,
    used: number,
    legacyFiles: number,
  ) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes;
    this.quotaBytes = options.quotaBytes;
    this.legacyFiles = legacyFiles;
    this.#used = used;
    this.#tmp = path.join(options.dir, 'tmp');
  }

  /**
   * Opens (creating) the store at `dir` and sums what it holds; files above `maxBytes` are refused by the
   * upload routes, and uploads that would take the store beyond `quotaBytes` by {@link EvidenceUpload.write}.
   */
  static async open(
    options: Readonly<{ dir: string; maxBytes: number; quotaBytes: number }>,
  ): Promise<EvidenceFileStore> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    let legacyFiles = 0;
    let used = 0;
    for (const entry of await readdir(options.dir, { withFileTypes: true })) {
      if (!SHA256_HEX.test(entry.name)) continue;
      if (entry.isFile()) legacyFiles++;
      if (!entry.isDirectory()) continue;
      const folder = path.join(options.dir, entry.name);
      for (const file of await readdir(folder, { withFileTypes: true })) {
        if (file.isFile() && SHA256_HEX.test(file.name)) used += (await stat(path.join(folder, file.name))).size;
      }
    }
    const store = new EvidenceFileStore(options, used, legacyFiles);
    // Temporary files of uploads a previous process did not finish.
    await rm(store.#tmp, { recursive: true, force: true });
    await mkdir(store.#tmp, { mode: 0o700 });
    return store;
  }

  /** Bytes the stored originals take (what the quota is measured against). */
  get usedBytes(): number {
    return this.#used;
  }

  /** Starts receiving a file. */
  async upload(): Promise<EvidenceUpload> {
    const tmpPath = path.join(this.#tmp, randomUUID());
    const handle: FileHandle = await open(tmpPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let closed = false;
    /** Kept or discarded: its bytes no longer count as pending. */
    let settled = false;
    let digest: string | undefined;
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    const settle = (): void => {
      if (settled) return;
      settled = true;
      this.#pending -= size;
    };
    return {
      write: async (chunk) => {
        if (settled) throw new Error('write() after keep() or discard()');
        if (this.#used + this.#pending + chunk.length > this.quotaBytes) {
          throw new EvidenceQuotaExceeded(this.quotaBytes, this.#used);
        }
        this.#pending += chunk.length;
        size += chunk.length;
        hash.update(chunk);
        await handle.write(chunk);
      },
      finish: async () => {
        await handle.sync();
        await close();
        digest = hash.digest('hex');
        return { sha256: digest, size };
      },
      keep: async (owner) => {
        if (digest === undefined) throw new Error('keep() before finish()');
        const target = this.#pathOf(owner, digest);
        await mkdir(path.dirname(target), { mode: 0o700 }).catch((err: unknown) => {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        });
        // The same uploader sending the same document again replaces identical bytes: counted once.
        const replaced = (await stat(target).catch(() => undefined))?.size ?? 0;
        await rename(tmpPath, target);
        settle();
        this.#used += size - replaced;
      },
      discard: async () => {
        settle();
        await close().catch(() => undefined);
        await rm(tmpPath, { force: true });
      },
    };
  }

  /** The file `sha256` that `owner` uploaded, or undefined when the gateway does not hold it. */
  async read(
    owner: string,
    sha256: string,
  ): Promise<{ readonly size: number; readonly stream: () => ReadStream } | undefined> {
    const file = this.#pathOf(owner, sha256);
    const info = await stat(file).catch(() => undefined);
    return info?.isFile() ? { size: info.size, stream: () => createReadStream(file) } : undefined;
  }

  #pathOf(owner: string, sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return path.join(this.dir, ownerKey(owner), sha256);
  }
}
