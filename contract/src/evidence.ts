import { z } from 'zod';
import { pageOf, Paging, PartyId, PartyRef, RecordRef, Sha256Hex, text, Timestamp, TxId } from './primitives';

/** Most leaves one batch may anchor (the batch record keeps them all, within the 64 KiB input). */
export const MAX_BATCH_LEAVES = 256;

/** Evidence categories: short lower-case labels such as `contract`, `invoice`, `delivery-note`. */
export const Category = text(64, {
  pattern: /^[a-z0-9][a-z0-9._-]{0,63}$/,
  expected: '1–64 lower-case letters, digits, ".", "_" or "-"',
}).describe('A short lower-case label: `contract`, `invoice`, `delivery-note`, `meter-report`, …');

/** `evidence:RegisterEvidence`: the SHA-256 of a document the caller owns. */
export const RegisterEvidenceInput = z.strictObject({
  hash: Sha256Hex.describe("SHA-256 of the document's bytes"),
  category: Category,
  description: text(1024).optional(),
  location: text(1024).optional().describe('Where the original is kept off chain'),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('Bytes'),
  mediaType: text(128).optional(),
  filename: text(256).optional(),
});
/** `evidence:AnchorBatch`: many hashes under one Merkle root (distinct, none registered yet). */
export const AnchorBatchInput = z.strictObject({
  leaves: z
    .array(Sha256Hex)
    .min(1)
    .max(MAX_BATCH_LEAVES)
    .describe(`1–${MAX_BATCH_LEAVES} distinct SHA-256 hashes, none registered yet, in tree order`),
  category: Category,
  description: text(1024).optional(),
  location: text(1024).optional(),
});
/** `VerifyEvidence`, `GetEvidence`, `GetEvidenceProof`. */
export const HashRefInput = z.strictObject({ hash: Sha256Hex });
/** `evidence:GetBatch`. */
export const BatchRefInput = z.strictObject({ batchId: RecordRef });
/** `evidence:ListEvidence`: an owner's evidence (default: the caller's). */
export const ListEvidenceInput = z.strictObject({
  owner: PartyRef.optional().describe('The owner (default: the caller; auditors may name anyone)'),
  ...Paging,
});

/** Where a hash anchored in a batch sits: enough to check its proof against the root offline. */
export const BatchRef = z
  .object({
    batchId: TxId.describe('The transaction that anchored the batch'),
    index: z.number().int().describe('Position of the hash among the leaves, from 0'),
    leafCount: z.number().int(),
    root: Sha256Hex.describe('The Merkle root anchored on chain'),
  })
  .meta({ id: 'BatchRef' });
/** A batched hash's place. */
export type BatchRef = z.infer<typeof BatchRef>;

/** A registered document digest (DOMAIN.md §5). The document itself stays off chain. */
export const EvidenceRecord = z
  .object({
    hash: Sha256Hex.describe("SHA-256 of the document's bytes"),
    owner: PartyId,
    category: Category,
    description: z.string().optional(),
    location: z.string().optional().describe('Where the original is kept off chain'),
    size: z.number().int().optional().describe('Bytes'),
    mediaType: z.string().optional(),
    filename: z.string().optional(),
    txId: TxId.describe('The transaction that registered it'),
    registeredAt: Timestamp,
    batch: BatchRef.optional().describe('Set when the hash was anchored in a Merkle batch'),
  })
  .meta({ id: 'Evidence' });
/** A registered document digest. */
export type EvidenceRecord = z.infer<typeof EvidenceRecord>;

export const EvidencePage = pageOf(EvidenceRecord);

/** Many hashes anchored under one Merkle root in one transaction. */
export const BatchRecord = z
  .object({
    batchId: TxId,
    owner: PartyId,
    category: Category,
    description: z.string().optional(),
    location: z.string().optional(),
    root: Sha256Hex,
    leafCount: z.number().int(),
    leaves: z.array(Sha256Hex).describe('The anchored hashes, in tree order'),
    anchoredAt: Timestamp,
  })
  .meta({ id: 'EvidenceBatch' });
/** A Merkle batch. */
export type BatchRecord = z.infer<typeof BatchRecord>;

/** What AnchorBatch answers: the batch without its leaves (the caller sent them). */
export const AnchoredBatch = BatchRecord.omit({ leaves: true }).meta({ id: 'AnchoredBatch' });
/** What AnchorBatch answers. */
export type AnchoredBatch = z.infer<typeof AnchoredBatch>;

/** What VerifyEvidence answers: public facts only (description and location stay with owner and auditors). */
export const Verification = z
  .object({
    hash: Sha256Hex,
    registered: z.boolean(),
    owner: PartyId.optional(),
    registeredAt: Timestamp.optional(),
    txId: TxId.optional(),
    batch: BatchRef.optional(),
  })
  .meta({ id: 'ChaincodeVerification' });
/** What VerifyEvidence answers. */
export type Verification = z.infer<typeof Verification>;

/** One step of a Merkle proof: the sibling and where it stands. */
export const MerkleStep = z
  .object({
    position: z.enum(['left', 'right']).describe('Where the sibling stands'),
    hash: Sha256Hex.describe('The sibling node hash'),
  })
  .meta({ id: 'MerkleStep' });
/** One step of a Merkle proof. */
export type MerkleStep = z.infer<typeof MerkleStep>;

/** A Merkle proof of one leaf. */
export const MerkleProof = z.object({
  leaf: Sha256Hex,
  index: z.number().int(),
  leafCount: z.number().int(),
  root: Sha256Hex,
  steps: z.array(MerkleStep).describe('From the leaf up; check with `verifyMerkleProof(leaf, steps, root)`'),
});
/** A Merkle proof of one leaf. */
export type MerkleProof = z.infer<typeof MerkleProof>;

/** A Merkle proof of one anchored hash, with its batch. */
export const EvidenceProof = MerkleProof.extend({ batchId: TxId }).meta({ id: 'EvidenceProof' });
/** A Merkle proof of one anchored hash. */
export type EvidenceProof = z.infer<typeof EvidenceProof>;
