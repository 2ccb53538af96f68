import type { Identity } from '../scenarios/alliance-bootstrap';

/**
 * One REST call of a differential run, written once and sent to every target. Values that differ from
 * ledger to ledger are written as tokens that each target resolves against what it answered before:
 *
 * - `{{tx:N}}` — the transaction id of operation N's write on that target (settlement numbers, proposal,
 *   redemption, receivable, receipt and credit line ids are their creating transaction's id);
 * - `{{block:N}}` — the block number that write committed in;
 * - `{{party:EcommerceMSP:buyer1}}` — an identity's party id (each network issues its own certificates).
 *
 * The normaliser writes answers back in the same tokens, so an answer reads like the operation.
 */
export interface Operation {
  /** Position in the run, from 0: replaying the seed with more operations keeps it. */
  readonly index: number;
  /** What it exercises, e.g. `transfers.insufficient`, `settlements.request+snapshot`: the figures count by it. */
  readonly kind: string;
  /** The caller; `undefined` sends no credential. */
  readonly as: Identity | undefined;
  readonly method: 'GET' | 'POST';
  /** Below /api/v1, with tokens; party tokens in a path are percent-encoded when resolved. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** A JSON body (tokens allowed in any string). */
  readonly body?: unknown;
  /** `?async=true`: 202 after endorsement and ordering, then polled to its commit. */
  readonly async?: boolean;
  /** Sent as `Idempotency-Key` (a second operation with the same key and body is a replay). */
  readonly idempotencyKey?: string;
  /** The status the generator's model expects; outcomes are compared between ledgers, not with this. */
  readonly expect: number;
  /** A listing: paged with `pageSize` to the last page on each target and compared as a whole. */
  readonly listing?: ListingSpec;
  /** For a write: who reads its transaction (`GET /transactions/{id}`) as a non-party. */
  readonly nonParty?: Identity;
}

/** How the items of a listing are ordered. */
export interface ListingSpec {
  readonly pageSize: number;
  /**
   * `key` when items are ordered by ids the run chose (account ids, order numbers, hashes): the order
   * is compared. `set` when they are ordered by transaction ids or certificate names, which differ from
   * ledger to ledger: the pages' sizes and the multiset of items are compared.
   */
  readonly order: 'key' | 'set';
}

/** What the generator hands the runner: one operation, or operations sent at once. */
export type Step =
  | { readonly type: 'single'; readonly op: Operation }
  | { readonly type: 'concurrent'; readonly ops: readonly Operation[] };

/** One answer of one target, as the runner saw it. */
export interface Outcome {
  readonly status: number;
  readonly body: unknown;
  /** The `Location` header, if any. */
  readonly location?: string;
  /** For a listing: every page in order. */
  readonly pages?: readonly { readonly items: readonly unknown[]; readonly bookmark: string }[];
  /** The `Idempotent-Replayed` header, if any. */
  readonly replayed?: string;
  /** For `?async=true`: whether the transaction committed valid (`GET /transactions/{id}` once not PENDING). */
  readonly committed?: boolean;
}

/** A token for operation `index`'s transaction id. */
export function txToken(index: number): string {
  return `{{tx:${index}}}`;
}

/** A token for the block of operation `index`'s transaction. */
export function blockToken(index: number): string {
  return `{{block:${index}}}`;
}

/** A token for an identity's party id. */
export function partyToken(identity: Identity): string {
  return `{{party:${identity}}}`;
}
