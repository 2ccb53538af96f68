import {
  AnchorBatchInput,
  AnchoredBatch as ChaincodeAnchoredBatch,
  BatchRecord,
  BatchRef as ChaincodeBatchRef,
  EvidenceProof as ChaincodeEvidenceProof,
  EvidenceRecord,
  ListEvidenceInput,
  MAX_BATCH_LEAVES,
  RegisterEvidenceInput,
  Sha256HexAnyCase,
  Verification as ChaincodeVerification,
} from '@allianceledger/contract';
import { z } from 'zod';
import { pageOf, Paging } from '../common/pagination.schemas';

/** Evidence over REST: the contract's inputs and records; digests may be written in either case. */

export const Category = RegisterEvidenceInput.shape.category;
export const BatchRef = ChaincodeBatchRef;
export const Evidence = EvidenceRecord;
export const EvidencePage = pageOf(EvidenceRecord).meta({ id: 'EvidencePage' });
export const Batch = BatchRecord;
export const AnchoredBatch = ChaincodeAnchoredBatch;
export const EvidenceProof = ChaincodeEvidenceProof;

/** The chaincode's verification, with the block of its transaction from the ledger. */
export const Verification = ChaincodeVerification.extend({
  blockNumber: z.string().optional().describe('The block of `txId`, from the ledger'),
}).meta({ id: 'EvidenceVerification' });

/** A verification of an uploaded file (`POST /evidence/file-verifications`), with the size of the file received. */
export const FileVerification = Verification.extend({
  size: z.number().int().nonnegative().describe('The size of the file received, in bytes'),
}).meta({ id: 'EvidenceFileVerification' });

export const RegisterEvidenceBody = RegisterEvidenceInput.extend({
  hash: Sha256HexAnyCase.describe("SHA-256 of the document's bytes (hex, either case; stored lower-case)"),
});
export const AnchorBatchBody = AnchorBatchInput.extend({
  leaves: z
    .array(Sha256HexAnyCase)
    .min(1)
    .max(MAX_BATCH_LEAVES)
    .describe(`1–${MAX_BATCH_LEAVES} distinct SHA-256 hashes (hex, either case), none registered yet, in tree order`),
});
export const HashParams = z.strictObject({ hash: Sha256HexAnyCase });
export const BatchParams = z.strictObject({ batchId: BatchRecord.shape.batchId });

export const ListEvidenceQuery = z.strictObject({
  scope: z
    .enum(['owner', 'all'])
    .optional()
    .describe("owner (default): one owner's evidence; all: every owner's, by hash (auditors)"),
  owner: ListEvidenceInput.shape.owner,
  ...Paging,
});
