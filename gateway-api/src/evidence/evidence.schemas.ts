import { MAX_BATCH_LEAVES, type BatchRecord, type EvidenceRecord } from '@allianceledger/chaincode';
import { z } from 'zod';
import type { Describes, Expect } from '../common/chaincode-result';
import { PartyId, Sha256Hex, text, Timestamp, TxId } from '../common/ids.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

/** Evidence categories: `contract`, `invoice`, `delivery-note`, `meter-report`… */
export const Category = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, '1–64 lower-case letters, digits, ".", "_" or "-"')
  .describe('A short lower-case label: `contract`, `invoice`, `delivery-note`, `meter-report`, …');

export const BatchRef = z
  .object({
    batchId: TxId.describe('The transaction that anchored the batch'),
    index: z.number().int().describe('Position of the hash among the leaves, from 0'),
    leafCount: z.number().int(),
    root: Sha256Hex.describe('The Merkle root anchored on chain'),
  })
  .meta({ id: 'BatchRef' });

/** A registered document digest. */
export const Evidence = z
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

export type EvidenceMatchesChaincode = Expect<Describes<z.infer<typeof Evidence>, EvidenceRecord>>;

export const EvidencePage = pageOf(Evidence).meta({ id: 'EvidencePage' });

export const Batch = z
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

export type BatchMatchesChaincode = Expect<Describes<z.infer<typeof Batch>, BatchRecord>>;

export const AnchoredBatch = Batch.omit({ leaves: true }).meta({ id: 'AnchoredBatch' });

/** What anyone may learn about a hash: registered or not, by whom, when, in which transaction and block. */
export const Verification = z
  .object({
    hash: Sha256Hex,
    registered: z.boolean(),
    owner: PartyId.optional(),
    registeredAt: Timestamp.optional(),
    txId: TxId.optional(),
    blockNumber: z.string().optional().describe('The block of `txId`, from the ledger'),
    batch: BatchRef.optional(),
  })
  .meta({ id: 'EvidenceVerification' });

export const MerkleStep = z
  .object({
    position: z.enum(['left', 'right']).describe('Where the sibling stands'),
    hash: Sha256Hex.describe('The sibling node hash'),
  })
  .meta({ id: 'MerkleStep' });

export const EvidenceProof = z
  .object({
    batchId: TxId,
    leaf: Sha256Hex,
    index: z.number().int(),
    leafCount: z.number().int(),
    root: Sha256Hex,
    steps: z.array(MerkleStep).describe('From the leaf up; check with `verifyMerkleProof(leaf, steps, root)`'),
  })
  .meta({ id: 'EvidenceProof' });

export const RegisterEvidenceBody = z.strictObject({
  hash: Sha256Hex,
  category: Category,
  description: text(1024).optional(),
  location: text(1024).optional(),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  mediaType: text(128).optional(),
  filename: text(256).optional(),
});

export const AnchorBatchBody = z.strictObject({
  leaves: z
    .array(Sha256Hex)
    .min(1)
    .max(MAX_BATCH_LEAVES)
    .describe(`1–${MAX_BATCH_LEAVES} distinct SHA-256 hashes, none registered yet, in tree order`),
  category: Category,
  description: text(1024).optional(),
  location: text(1024).optional(),
});

export const HashParams = z.strictObject({ hash: Sha256Hex });
export const BatchParams = z.strictObject({ batchId: TxId });

export const ListEvidenceQuery = z.strictObject({
  scope: z
    .enum(['owner', 'all'])
    .optional()
    .describe("owner (default): one owner's evidence; all: every owner's, by hash (auditors)"),
  owner: PartyId.optional().describe('scope=owner: the owner (default: the caller; auditors may name anyone)'),
  ...Paging,
});
