import {
  AnchorBatchInput,
  BatchRefInput,
  HashRefInput,
  ListEvidenceInput,
  PagingInput,
  RegisterEvidenceInput,
  Role,
  type AnchoredBatch,
  type EvidenceProof,
  type Verification,
} from '@allianceledger/contract';
import { authorize, callerOf, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, emit, EventName } from '../lib/events';
import type { Page } from '../lib/ledger';
import { listByIndex, listStored } from '../lib/records';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { merkleProof, merkleRoot } from './merkle';
import {
  EVIDENCE_BY_OWNER,
  EVIDENCE_KEY,
  findEvidence,
  loadBatch,
  loadEvidence,
  saveBatch,
  saveEvidence,
  type BatchRecord,
  type EvidenceRecord,
} from './evidence.store';
import { withParties } from '../members/handle.store';

/** Most leaves one batch may anchor (the contract's). */
export { MAX_BATCH_LEAVES } from '@allianceledger/contract';
export type { AnchoredBatch, EvidenceProof, Verification };

async function ensureNew(ctx: AllianceContext, hash: string): Promise<void> {
  const original = await findEvidence(ctx, hash);
  if (original) {
    throw fail.conflict('this hash is already registered', {
      hash,
      txId: original.txId,
      owner: original.owner,
      registeredAt: original.registeredAt,
      ...(original.batch ? { batchId: original.batch.batchId } : {}),
    });
  }
}

/**
 * RegisterEvidence: any active member registers the SHA-256 of a document it owns; registering the
 * same hash again (by anyone) is a CONFLICT naming the original record.
 */
export async function registerEvidence(ctx: AllianceContext, input: string): Promise<EvidenceRecord> {
  const req = parseInput(input, RegisterEvidenceInput);
  const { caller } = await authorize(ctx, 'RegisterEvidence', [grant.member()]);
  await ensureNew(ctx, req.hash);
  const record: EvidenceRecord = {
    ...req,
    owner: caller.party,
    txId: ctx.stub.getTxID(),
    registeredAt: txTime(ctx).iso,
  };
  await saveEvidence(ctx, record);
  // The digest and who registered it are what verification shows any member; the description and the
  // original's location stay with the owner's record.
  emit(ctx, EventName.EVIDENCE_REGISTERED, audience([record.owner]), {
    hash: record.hash,
    owner: record.owner,
    category: record.category,
    txId: record.txId,
    registeredAt: record.registeredAt,
  });
  return record;
}

/**
 * AnchorBatch: anchors many hashes under one Merkle root in one transaction. Each hash also gets its
 * own evidence record pointing at the batch, so it verifies like a single registration and can never
 * be registered twice.
 */
export async function anchorBatch(ctx: AllianceContext, input: string): Promise<AnchoredBatch> {
  const req = parseInput(input, AnchorBatchInput);
  if (new Set(req.leaves).size !== req.leaves.length) {
    throw fail.invalid('a batch must not repeat a hash', { field: 'input.leaves' });
  }
  const { caller } = await authorize(ctx, 'AnchorBatch', [grant.member()]);
  for (const leaf of req.leaves) await ensureNew(ctx, leaf);
  const batchId = ctx.stub.getTxID();
  const now = txTime(ctx).iso;
  const root = merkleRoot(req.leaves);
  const { leaves, ...described } = req;
  const batch: BatchRecord = {
    ...described,
    batchId,
    owner: caller.party,
    root,
    leafCount: leaves.length,
    leaves,
    anchoredAt: now,
  };
  await saveBatch(ctx, batch);
  for (const [index, hash] of leaves.entries()) {
    await saveEvidence(ctx, {
      ...described,
      hash,
      owner: caller.party,
      txId: batchId,
      registeredAt: now,
      batch: { batchId, index, leafCount: leaves.length, root },
    });
  }
  const { leaves: _omitted, ...anchored } = batch;
  emit(ctx, EventName.EVIDENCE_BATCH_ANCHORED, audience([batch.owner]), {
    batchId: batch.batchId,
    owner: batch.owner,
    category: batch.category,
    root: batch.root,
    leafCount: batch.leafCount,
    anchoredAt: batch.anchoredAt,
  });
  return anchored;
}

/** VerifyEvidence: whether a hash is registered, by whom, when and in which transaction — for any member. */
export async function verifyEvidence(ctx: AllianceContext, input: string): Promise<Verification> {
  const req = parseInput(input, HashRefInput);
  await authorize(ctx, 'VerifyEvidence', [grant.member(), grant.orgAdmin()]);
  const record = await findEvidence(ctx, req.hash);
  if (!record) return { hash: req.hash, registered: false };
  return {
    hash: req.hash,
    registered: true,
    owner: record.owner,
    registeredAt: record.registeredAt,
    txId: record.txId,
    ...(record.batch ? { batch: record.batch } : {}),
  };
}

/** GetEvidence: the full record (description, location, size) for its owner and auditors. */
export async function getEvidence(ctx: AllianceContext, input: string): Promise<EvidenceRecord> {
  const req = parseInput(input, HashRefInput);
  const record = await loadEvidence(ctx, req.hash);
  await authorize(ctx, 'GetEvidence', [grant.member(record.owner), grant.role(Role.AUDITOR)]);
  return record;
}

/** GetEvidenceProof: the Merkle proof of an anchored hash, for its owner and auditors, to hand to anyone. */
export async function getEvidenceProof(ctx: AllianceContext, input: string): Promise<EvidenceProof> {
  const req = parseInput(input, HashRefInput);
  const record = await loadEvidence(ctx, req.hash);
  await authorize(ctx, 'GetEvidenceProof', [grant.member(record.owner), grant.role(Role.AUDITOR)]);
  if (!record.batch) {
    throw fail.illegalState('this hash was registered on its own, not in a batch', { hash: req.hash });
  }
  const batch = await loadBatch(ctx, record.batch.batchId);
  return { batchId: batch.batchId, ...merkleProof(batch.leaves, record.batch.index) };
}

/** GetBatch: a batch with its leaves, for its owner and auditors. */
export async function getBatch(ctx: AllianceContext, input: string): Promise<BatchRecord> {
  const req = parseInput(input, BatchRefInput);
  const batch = await loadBatch(ctx, req.batchId);
  await authorize(ctx, 'GetBatch', [grant.member(batch.owner), grant.role(Role.AUDITOR)]);
  return batch;
}

/** ListEvidence: an owner's evidence — the caller's own by default; any owner's for an auditor. */
export async function listEvidence(ctx: AllianceContext, input: string): Promise<Page<EvidenceRecord>> {
  const req = await withParties(ctx, parseInput(input, ListEvidenceInput), ['owner']);
  const owner = req.owner ?? callerOf(ctx).party;
  await authorize(ctx, 'ListEvidence', [grant.member(owner), grant.role(Role.AUDITOR)]);
  return listByIndex(ctx, EVIDENCE_BY_OWNER, [owner], pageRequest(req), (hash) => loadEvidence(ctx, hash));
}

/** ListAllEvidence: every owner's evidence, by hash — auditors only. */
export async function listAllEvidence(ctx: AllianceContext, input: string): Promise<Page<EvidenceRecord>> {
  const req = parseInput(input, PagingInput);
  await authorize(ctx, 'ListAllEvidence', [grant.role(Role.AUDITOR)]);
  return listStored<EvidenceRecord>(ctx, EVIDENCE_KEY, [], pageRequest(req));
}
