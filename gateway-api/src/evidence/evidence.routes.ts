import { evaluatePage } from '../common/pagination.schemas';
import { chaincodeCall } from '../common/chaincode-call';
import { withBlockNumber } from '../common/block-number';
import { segment, stringAt } from '../common/location';
import { ProblemError } from '../http/problem';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  AnchorBatchBody,
  AnchoredBatch,
  Batch,
  BatchParams,
  Evidence,
  EvidencePage,
  EvidenceProof,
  HashParams,
  ListEvidenceQuery,
  RegisterEvidenceBody,
  Verification,
} from './evidence.schemas';

const tags = ['evidence'];

/**
 * Evidence hashes (contract `evidence`, DOMAIN.md §5). Uploading a file (which the gateway stores and
 * registers) and verifying a file are multipart endpoints outside this table (evidence-upload.router.ts).
 */
export const evidenceRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/evidence',
    operationId: 'registerEvidence',
    summary: 'Register the SHA-256 of a document kept off chain (any member; the caller owns it)',
    description:
      'Chaincode `evidence:RegisterEvidence`. A hash registered before, by anyone, answers 409 CONFLICT whose ' +
      '`details` name the original record (`txId`, `owner`, `registeredAt`). To have the gateway keep the file ' +
      'too, upload it to `POST /evidence/files`.',
    tags,
    body: RegisterEvidenceBody,
    successStatus: 201,
    response: Evidence,
    transaction: ({ body }) => chaincodeCall('evidence:RegisterEvidence', body),
    location: ({ body }) => `/evidence/${body.hash}`,
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/evidence',
    operationId: 'listEvidence',
    summary: "An owner's evidence (the owner, auditors), or every owner's with scope=all (auditors)",
    description: 'Chaincode `evidence:ListEvidence`, or `evidence:ListAllEvidence` with `scope=all`.',
    tags,
    query: ListEvidenceQuery,
    response: EvidencePage,
    handle: ({ transactions, principal, query }) => {
      const { scope, owner, ...paging } = query;
      if (scope === 'all') {
        if (owner !== undefined) {
          throw new ProblemError('VALIDATION_FAILED', 'scope=all lists every owner', {
            errors: [{ path: 'query.owner', message: 'not with scope=all' }],
          });
        }
        return evaluatePage(() => transactions.evaluate(principal, chaincodeCall('evidence:ListAllEvidence', paging)));
      }
      return evaluatePage(() =>
        transactions.evaluate(
          principal,
          chaincodeCall('evidence:ListEvidence', { ...(owner ? { owner } : {}), ...paging }),
        ),
      );
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/evidence/:hash',
    operationId: 'getEvidence',
    summary: 'The full evidence record: description, location, size (its owner, auditors)',
    description: 'Chaincode `evidence:GetEvidence`.',
    tags,
    params: HashParams,
    response: Evidence,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('evidence:GetEvidence', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/evidence/:hash/verification',
    operationId: 'verifyEvidenceHash',
    summary: 'Whether a hash is registered: by whom, when, in which transaction and block (any member)',
    description:
      'Chaincode `evidence:VerifyEvidence`, with the block number from the ledger. An unknown hash answers 200 ' +
      'with `registered: false`. To verify a file without hashing it yourself, `POST /evidence/file-verifications`.',
    tags,
    params: HashParams,
    response: Verification,
    handle: async ({ transactions, principal, params, ledger }) =>
      withBlockNumber(ledger, await transactions.evaluate(principal, chaincodeCall('evidence:VerifyEvidence', params))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/evidence/:hash/proof',
    operationId: 'getEvidenceProof',
    summary: 'The Merkle proof of a hash anchored in a batch (its owner, auditors), to check offline',
    description:
      'Chaincode `evidence:GetEvidenceProof`. Anyone can check it offline against the root on chain with ' +
      '`verifyMerkleProof(leaf, steps, root)` from `@allianceledger/contract`: leaves are SHA-256(0x00 ‖ hash), ' +
      'nodes SHA-256(0x01 ‖ left ‖ right) (RFC 6962), an odd node is promoted. A hash registered on its own ' +
      'answers 409 ILLEGAL_STATE.',
    tags,
    params: HashParams,
    response: EvidenceProof,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('evidence:GetEvidenceProof', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/evidence-batches',
    operationId: 'anchorEvidenceBatch',
    summary: 'Anchor many hashes under one Merkle root in one transaction (any member)',
    description:
      'Chaincode `evidence:AnchorBatch`. Each hash also becomes an evidence record pointing at the batch, so it ' +
      'verifies like a single registration; a hash registered before answers 409 CONFLICT.',
    tags,
    body: AnchorBatchBody,
    successStatus: 201,
    response: AnchoredBatch,
    transaction: ({ body }) => chaincodeCall('evidence:AnchorBatch', body),
    location: (_input, data) => {
      const id = stringAt(data, 'batchId');
      return id === undefined ? undefined : `/evidence-batches/${segment(id)}`;
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/evidence-batches/:batchId',
    operationId: 'getEvidenceBatch',
    summary: 'A batch with its root and leaves (its owner, auditors)',
    description: 'Chaincode `evidence:GetBatch`.',
    tags,
    params: BatchParams,
    response: Batch,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('evidence:GetBatch', params)),
  }),
];
