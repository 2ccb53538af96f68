import { JsonFileStore } from '../common/json-file-store';

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

/** Idempotency records on disk (plain JSON files), so that a replay works across gateway restarts. */
export type IdempotencyStore = JsonFileStore<IdempotencyRecord>;

/** Opens the idempotency records under `dir`, keeping each for `retentionMs` (24 h by default). */
export function openIdempotencyStore(dir: string, retentionMs = DEFAULT_RETENTION_MS): Promise<IdempotencyStore> {
  return JsonFileStore.open<IdempotencyRecord>(dir, { retentionMs });
}
