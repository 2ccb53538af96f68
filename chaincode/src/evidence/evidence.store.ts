import type { BatchRecord, BatchRef, EvidenceRecord } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { compositeKey, getOptional, getOrThrow, put } from '../lib/ledger';
import { saveRecord } from '../lib/records';

/** Key type of evidence records: `evidence` + [sha256]. One record per hash, ever. */
export const EVIDENCE_KEY = 'evidence';
/** Index of an owner's evidence: `evidence~owner` + [owner, sha256]. */
export const EVIDENCE_BY_OWNER = 'evidence~owner';
/** Key type of Merkle batches: `evidence~batch` + [batchId]. */
export const BATCH_KEY = 'evidence~batch';

export type { BatchRecord, BatchRef, EvidenceRecord };

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

const BY_OWNER = [{ type: EVIDENCE_BY_OWNER, attributes: (r: EvidenceRecord) => [r.owner] }];

/** Writes a new evidence record and its owner index row. */
export async function saveEvidence(ctx: Context, record: EvidenceRecord): Promise<void> {
  await saveRecord(ctx, evidenceKey(ctx, record.hash), record.hash, record, undefined, BY_OWNER);
}

/** A batch; NOT_FOUND otherwise. */
export function loadBatch(ctx: Context, batchId: string): Promise<BatchRecord> {
  return getOrThrow<BatchRecord>(ctx, compositeKey(ctx, BATCH_KEY, [batchId]), 'evidence batch', batchId);
}

/** Writes a batch record. */
export async function saveBatch(ctx: Context, record: BatchRecord): Promise<void> {
  await put(ctx, compositeKey(ctx, BATCH_KEY, [record.batchId]), record);
}
