import { ErrorCode, isTransactionName, TRANSACTIONS, TxId } from '@allianceledger/contract';
import { z } from 'zod';
import { ProblemError, type ProblemCode } from '../http/problem';
import { Answer, gatewayRoute, type Route } from '../http/route';

const tags = ['offline signing'];

/** What the chaincode may refuse when the device's proposal is endorsed or evaluated. */
const CHAINCODE: readonly ProblemCode[] = Object.values(ErrorCode);
/** A flow of this caller, not expired. */
const FLOW: readonly ProblemCode[] = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'OFFLINE_STEP_EXPIRED',
];
/** A step that takes the device's signature, once. */
const SIGNED_STEP: readonly ProblemCode[] = [...FLOW, 'SIGNATURE_INVALID', 'OFFLINE_STEP_DONE', 'LEDGER_UNAVAILABLE'];

/** A signature of the device: ECDSA P-256 over the digest the previous step answered, DER, low-S, base64. */
const Signature = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64')
  .describe('ECDSA P-256 signature over the digest of the previous step, DER-encoded, low-S, in base64');

const FlowParams = z.strictObject({ transactionId: TxId });
const SignatureBody = z.strictObject({ signature: Signature });
const SubmissionBody = z.strictObject({ signature: Signature.optional() });
const QueryBody = z.strictObject({
  transaction: z.string().min(1).max(64).describe('A read-only chaincode transaction, e.g. `wallets:GetBalance`'),
  input: z.record(z.string(), z.unknown()).describe("The transaction's one JSON input"),
});

/** A flow as the caller sees it: where it is, what to sign next and where to send the signature. */
export const OFFLINE_SIGNING_STEP = z
  .object({
    transactionId: TxId,
    kind: z.enum(['transaction', 'query']),
    stage: z.enum(['PROPOSED', 'ENDORSED', 'SUBMITTED', 'COMMITTED', 'INVALID', 'REFUSED', 'EVALUATED']),
    proposal: z.string().optional().describe('base64: the proposed transaction (fabric-gateway `Proposal.getBytes()`)'),
    transaction: z.string().optional().describe('base64: the endorsed transaction (`Transaction.getBytes()`)'),
    digest: z.string().optional().describe('base64 SHA-256: what the device signs next'),
    digestAlgorithm: z.literal('SHA-256').optional(),
    result: z.unknown().optional().describe("The chaincode's result from endorsement"),
    next: z.string().optional().describe('Where to POST the signature'),
    expiresAt: z.string(),
  })
  .meta({ id: 'OfflineSigningStep' });

/**
 * The steps after a write route's `?signing=offline`, and signed reads (docs/identity.md): the gateway
 * relays what the caller's device signs and never signs anything for it.
 */
export const offlineSigningRoutes: readonly Route[] = [
  gatewayRoute({
    kind: 'gateway',
    method: 'post',
    path: '/offline-transactions/:transactionId/endorsement',
    operationId: 'endorseOfflineTransaction',
    summary: "Send the device's signature of the proposal; the gateway has it endorsed",
    description:
      "The signature must verify against the caller's certificate (400 SIGNATURE_INVALID otherwise; nothing is " +
      'sent on). The answer is the endorsed transaction and its digest, to sign for the submission. An endorsed ' +
      'proposal cannot be endorsed again (409 OFFLINE_STEP_DONE); a proposal older than 15 minutes is gone (410).',
    tags,
    params: FlowParams,
    body: SignatureBody,
    successStatus: 200,
    problems: [...SIGNED_STEP, ...CHAINCODE],
    response: OFFLINE_SIGNING_STEP,
    handle: ({ services: { offlineSigning }, principal, params, body, baseUrl }) =>
      offlineSigning.endorse(principal, params.transactionId, body.signature, baseUrl),
  }),
  gatewayRoute({
    kind: 'gateway',
    method: 'post',
    path: '/offline-transactions/:transactionId/submission',
    operationId: 'submitOfflineTransaction',
    summary: "Send the device's signature of the endorsed transaction; the gateway submits it",
    description:
      "The answer is the write route's own: 200/201 `{transactionId, blockNumber, data}` once committed, or 202 " +
      'when the route was called with `?async=true`. When the outcome is unknown (503), submit again (the ' +
      'signature may then be left out): the same signed transaction is sent again and can commit only once. A ' +
      'committed or invalidated transaction is not submitted again (409 OFFLINE_STEP_DONE).',
    tags,
    params: FlowParams,
    body: SubmissionBody,
    successStatus: 200,
    otherSuccesses: {
      201: 'Committed: the write created a resource',
      202: 'Accepted: submitted, not yet committed (the write was called with `?async=true`)',
    },
    problems: [...SIGNED_STEP, 'TRANSACTION_INVALIDATED'],
    response: z.unknown(),
    handle: async ({ services: { offlineSigning }, principal, params, body, baseUrl }) => {
      const answer = await offlineSigning.submit(principal, params.transactionId, body.signature, baseUrl);
      return new Answer(answer.status, answer.body, answer.headers);
    },
  }),
  gatewayRoute({
    kind: 'gateway',
    method: 'get',
    path: '/offline-transactions/:transactionId',
    operationId: 'getOfflineTransaction',
    summary: 'Where an offline-signed transaction is',
    tags,
    params: FlowParams,
    successStatus: 200,
    problems: FLOW,
    response: OFFLINE_SIGNING_STEP,
    handle: ({ services: { offlineSigning }, principal, params, baseUrl }) =>
      offlineSigning.describe(principal, params.transactionId, baseUrl),
  }),
  gatewayRoute({
    kind: 'gateway',
    method: 'post',
    path: '/offline-queries',
    operationId: 'prepareOfflineQuery',
    summary: 'Prepare a read-only chaincode query for the device to sign',
    description:
      'For identities that keep their own key: every read is a proposal they sign too. `transaction` names a ' +
      "read-only transaction of the chaincode's catalogue, `input` is its input (validated here). The answer is " +
      'the proposal and its digest; POST the signature to `next`.',
    tags,
    body: QueryBody,
    successStatus: 200,
    problems: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'LEDGER_UNAVAILABLE'],
    response: OFFLINE_SIGNING_STEP,
    handle: async ({ services: { offlineSigning }, principal, body, baseUrl }) => {
      const name = body.transaction;
      if (!isTransactionName(name) || TRANSACTIONS[name].kind !== 'evaluate') {
        throw new ProblemError('VALIDATION_FAILED', `${name} is not a read-only transaction of the chaincode`, {
          errors: [{ path: 'body.transaction', message: 'a read-only transaction, e.g. wallets:GetBalance' }],
        });
      }
      const parsed = (TRANSACTIONS[name].input as z.ZodType).safeParse(body.input);
      if (!parsed.success) {
        throw new ProblemError('VALIDATION_FAILED', `the input of ${name} is not valid`, {
          errors: parsed.error.issues.map((i) => ({
            path: ['body', 'input', ...i.path].join('.'),
            message: i.message,
          })),
        });
      }
      const input = z.encode(TRANSACTIONS[name].input as z.ZodType, parsed.data);
      return offlineSigning.prepareQuery(principal, { transaction: name, input }, baseUrl);
    },
  }),
  gatewayRoute({
    kind: 'gateway',
    method: 'post',
    path: '/offline-queries/:transactionId/evaluation',
    operationId: 'evaluateOfflineQuery',
    summary: "Send the device's signature of a query's proposal; the gateway evaluates it",
    description: "The chaincode's answer, as the corresponding GET route answers it. A query is evaluated once.",
    tags,
    params: FlowParams,
    body: SignatureBody,
    successStatus: 200,
    problems: [...SIGNED_STEP, ...CHAINCODE],
    response: z.unknown(),
    handle: ({ services: { offlineSigning }, principal, params, body }) =>
      offlineSigning.evaluate(principal, params.transactionId, body.signature),
  }),
];
