import type { Context } from 'fabric-contract-api';
import { compositeKey, getOptional, getOrThrow, put, putIndex } from '../lib/ledger';
import type { PartyId } from '../lib/party';

/** Key type of evidence records: `evidence` + [sha256]. One record per hash, ever. */
export const EVIDENCE_KEY = 'evidence';
/** Index of an owner's evidence: `evidence~owner` + [owner, sha256]. */
export const EVIDENCE_BY_OWNER = 'evidence~owner';
/** Key type of Merkle batches: `evidence~batch` + [batchId]. */
export const BATCH_KEY = 'evidence~batch';

/** Where a hash anchored in a batch sits: enough to check its proof against the root offline. */
export interface BatchRef {
  readonly batchId: string;
  readonly index: number;
  readonly leafCount: number;
  readonly root: string;
}

/** A registered document digest (DOMAIN.md §5). The document itself stays off chain. */
export interface EvidenceRecord {
  /** Lower-case hex SHA-256 of the document. */
  readonly hash: string;
  readonly owner: PartyId;
  readonly category: string;
  readonly description?: string;
  /** Where the original is kept off chain (the gateway's content-addressed store, a URI…). */
  readonly location?: string;
  /** Size of the document in bytes. */
  readonly size?: number;
  readonly mediaType?: string;
  readonly filename?: string;
  /** The transaction that registered it (its block number comes from the ledger, not the chaincode). */
  readonly txId: string;
  readonly registeredAt: string;
  /** Set when the hash was anchored as a leaf of a Merkle batch. */
  readonly batch?: BatchRef;
}

/** Many hashes anchored under one Merkle root in one transaction (see merkle.ts). */
export interface BatchRecord {
  /** The id of the transaction that anchored it. */
  readonly batchId: string;
  readonly owner: PartyId;
  readonly category: string;
  readonly description?: string;
  readonly location?: string;
  readonly root: string;
  readonly leafCount: number;
  /** The leaves in tree order, so that proofs can be served from the ledger too. */
  readonly leaves: readonly string[];
  readonly anchoredAt: string;
}

/** Key of the evidence record of a hash. */
export function evidenceKey(ctx: Context, hash: string): string {
  return compositeKey(ctx, EVIDENCE_KEY, [hash]);
}

/** The evidence record of a hash, or undefined when it was never registered. */
export function findEvidence(ctx: Context, hash: string): Promise<EvidenceRecord | undefined> {
  return getOptional<EvidenceRecord>(ctx, evidenceKey(ctx, hash));
}

/** The evidence record of a hash; NOT_FOUND otherwise. */
export function loadEvidence(ctx: Context, hash: string): Promise<EvidenceRecord> {
  return getOrThrow<EvidenceRecord>(ctx, evidenceKey(ctx, hash), 'evidence', hash);
}

/** Writes a new evidence record and its owner index row. */
export async function saveEvidence(ctx: Context, record: EvidenceRecord): Promise<void> {
  await put(ctx, evidenceKey(ctx, record.hash), record);
  await putIndex(ctx, EVIDENCE_BY_OWNER, [record.owner, record.hash]);
}

/** A batch; NOT_FOUND otherwise. */
export function loadBatch(ctx: Context, batchId: string): Promise<BatchRecord> {
  return getOrThrow<BatchRecord>(ctx, compositeKey(ctx, BATCH_KEY, [batchId]), 'evidence batch', batchId);
}

/** Writes a batch record. */
export async function saveBatch(ctx: Context, record: BatchRecord): Promise<void> {
  await put(ctx, compositeKey(ctx, BATCH_KEY, [record.batchId]), record);
}
