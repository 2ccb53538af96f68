import { mkdir } from 'node:fs/promises';
import { ClassicLevel } from 'classic-level';

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

/** Idempotency records on disk (LevelDB), so that a replay works across gateway restarts. */
export class IdempotencyStore {
  readonly #db: ClassicLevel;

  private constructor(db: ClassicLevel) {
    this.#db = db;
  }

  static async open(dir: string): Promise<IdempotencyStore> {
    // LevelDB creates its files with the default mode; the directory keeps them to the gateway's user.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const db = new ClassicLevel<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    await db.open();
    return new IdempotencyStore(db);
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const v = await this.#db.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as IdempotencyRecord);
  }

  async put(key: string, record: IdempotencyRecord): Promise<void> {
    await this.#db.put(key, JSON.stringify(record));
  }

  async delete(key: string): Promise<void> {
    await this.#db.del(key);
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}
