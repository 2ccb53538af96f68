import { FileVerification } from '../evidence/evidence.schemas';
import { allRoutes } from '../routes';

const problems = (...statuses: number[]): Record<string, unknown> =>
  Object.fromEntries(statuses.map((status) => [String(status), problemResponse(status)]));

const fileUpload = (fields: Record<string, unknown>, required: string[]): Record<string, unknown> => ({
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file', ...required],
        properties: {
          file: {
            type: 'string',
            format: 'binary',
            description: 'The document: one file part named `file`, at most GATEWAY_EVIDENCE_MAX_BYTES (10 MB)',
          },
          ...fields,
        },
        additionalProperties: false,
      },
    },
  },
});

const security = [{ apiKey: [] }, { bearer: [] }];

/** What `/readyz` answers: the ledger, the deployed chaincode as the gateway learned it, the keeper. */
const readinessSchema = (status: 'ready' | 'unavailable'): Record<string, unknown> => ({
  type: 'object',
  required: ['status', 'ledger', 'chaincode', 'keeper'],
  properties: {
    status: { const: status },
    ledger: { type: 'string', enum: ['devnet', 'fabric'], description: 'The ledger the gateway runs on' },
    chaincode: {
      description: 'The deployed chaincode, or why it could not be learned',
      oneOf: [
        {
          type: 'object',
          required: ['name', 'version', 'sequence', 'transactions'],
          properties: {
            name: { type: 'string' },
            version: { type: 'string' },
            sequence: { type: 'string', pattern: '^[0-9]+$' },
            transactions: { type: 'integer', description: 'How many transactions the contract metadata declares' },
          },
        },
        { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
      ],
    },
    keeper: {
      description: 'The deadline keeper of this gateway (docs/api.md, "The keeper")',
      type: 'object',
      required: ['enabled'],
      properties: {
        enabled: { type: 'boolean' },
        identity: { type: 'string' },
        intervalMs: { type: 'integer' },
        status: { type: 'string', enum: ['starting', 'ok', 'failing'] },
        lastRoundAt: { type: 'string', format: 'date-time' },
        lagSeconds: { type: 'number' },
        fired: { type: 'integer' },
        lastError: { type: 'string' },
      },
    },
  },
});

/** What the session endpoints answer. */
const sessionSchema = {
  type: 'object',
  required: ['identity', 'createdAt', 'expiresAt', 'csrfToken', 'csrfHeader'],
  properties: {
    identity: { type: 'string', description: 'The identity the session acts as, e.g. EcommerceMSP:buyer1' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    csrfToken: { type: 'string', description: 'Send it back in X-CSRF-Token on every request that is not a read' },
    csrfHeader: { type: 'string', const: 'x-csrf-token' },
  },
};
import { REQUEST_EXAMPLES } from './examples';
import { buildOpenApiDocument, problemResponse } from './openapi-document';

/** The gateway's OpenAPI document; `npm run openapi -w gateway-api` writes it to gateway-api/openapi.json. */
export const openApiDocument = buildOpenApiDocument(
  {
    title: 'AllianceLedger Gateway API',
    version: '1.0.0',
    description:
      'REST API over the AllianceLedger consortium chain. Writes wait for the commit unless `?async=true`; ' +
      'errors are application/problem+json with stable codes; POSTs honour Idempotency-Key.',
  },
  allRoutes,
  (output) => [
    {
      method: 'get',
      path: '/api/v1/events',
      operation: {
        operationId: 'streamEvents',
        summary: 'Chaincode events of committed transactions as Server-Sent Events',
        description:
          'Each event id is `<block>:<transactionIndex>`. Reconnect with `Last-Event-ID` (or `?after=`) to resume ' +
          'right after the last event seen, with no gap and no duplicate. A credential may hold ' +
          'GATEWAY_EVENT_STREAMS_PER_CREDENTIAL (5) streams at once; the next is 429 TOO_MANY_STREAMS with Retry-After.',
        tags: ['events'],
        parameters: [
          {
            name: 'Last-Event-ID',
            in: 'header',
            required: false,
            schema: { type: 'string', pattern: '^[0-9]+:[0-9]+$' },
          },
          { name: 'after', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]+:[0-9]+$' } },
          {
            name: 'named',
            in: 'query',
            required: false,
            description:
              "false: no `event:` line, so that a browser's EventSource delivers every event to onmessage " +
              '(the name is in `data.eventName`)',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        ],
        responses: {
          '200': { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          ...problems(400, 401, 403, 429, 500, 503),
        },
        security: [{ apiKey: [] }, { bearer: [] }],
      },
    },
    {
      method: 'post',
      path: '/api/v1/evidence/files',
      operation: {
        operationId: 'uploadEvidenceFile',
        summary: 'Upload a document: the gateway stores it off chain and registers its SHA-256 (any member)',
        description:
          'multipart/form-data with one file part `file` and the fields `category` and optional `description`. ' +
          'The hash is registered as `evidence:RegisterEvidence` with its size, file name, media type and ' +
          "`location: gateway:evidence/<sha256>`, and the file kept in the uploader's own folder " +
          '(`<data dir>/gateway/evidence/<sha256 of its party id>/<sha256>`, written to a temporary file and ' +
          'renamed). A hash registered before answers 409 CONFLICT naming the registrant; the file is kept only ' +
          'when that registrant is the uploader. A file over the limit, 413. Idempotency-Key is not supported ' +
          'here: a repeated upload is that 409. An upload that would take the stored originals beyond ' +
          'GATEWAY_EVIDENCE_QUOTA_BYTES is 507 STORAGE_QUOTA_EXCEEDED, and nothing is stored or registered.',
        tags: ['evidence'],
        requestBody: fileUpload(
          {
            category: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
            description: { type: 'string', minLength: 1, maxLength: 1024 },
          },
          ['category'],
        ),
        responses: {
          '201': {
            description: 'Committed',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['transactionId', 'blockNumber', 'data'],
                  properties: {
                    transactionId: { type: 'string' },
                    blockNumber: { type: 'string', pattern: '^(0|[1-9][0-9]*)$' },
                    data: { $ref: '#/components/schemas/Evidence' },
                  },
                },
              },
            },
          },
          ...problems(400, 401, 403, 409, 413, 415, 429, 500, 503, 507),
        },
        security,
      },
    },
    {
      method: 'post',
      path: '/api/v1/evidence/file-verifications',
      operation: {
        operationId: 'verifyEvidenceFile',
        summary: 'Verify a document: re-hash an uploaded file and say whether, by whom and when it was registered',
        description:
          'multipart/form-data with one file part `file`. The file is hashed while it streams in and never stored. ' +
          'A changed file has another hash: `registered: false`.',
        tags: ['evidence'],
        requestBody: fileUpload({}, []),
        responses: {
          '200': {
            description: 'The verification, with the size of the file received',
            content: {
              'application/json': {
                schema: output(FileVerification),
              },
            },
          },
          ...problems(400, 401, 403, 413, 415, 429, 500, 503),
        },
        security,
      },
    },
    {
      method: 'get',
      path: '/api/v1/evidence/{hash}/file',
      operation: {
        operationId: 'downloadEvidenceFile',
        summary: 'The original of an evidence record, if its registrant uploaded it (the registrant, auditors)',
        description:
          'Authorized by `evidence:GetEvidence`, which also names the registrant; the file served is the one the ' +
          'registrant uploaded, sent as an attachment with the registered media type. 404 when the gateway ' +
          'holds no upload of the registrant.',
        tags: ['evidence'],
        parameters: [
          { name: 'hash', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        ],
        responses: {
          '200': {
            description: 'The file, as an attachment, with the media type it was registered with',
            content: { '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } },
          },
          ...problems(400, 401, 403, 404, 429, 500, 503),
        },
        security,
      },
    },
    {
      method: 'post',
      path: '/api/v1/sessions',
      operation: {
        operationId: 'createSession',
        summary: 'Sign a browser in: exchange an API key or a JWT for a session cookie',
        description:
          'Send the credential as for any call (X-API-Key or Authorization: Bearer), no body. The answer sets ' +
          '`alliance_session` (HttpOnly, SameSite=Strict, Path=/, Secure over TLS), which then authenticates as the ' +
          "same principal until GATEWAY_SESSION_TTL_MS (8 h), the JWT's expiry, sign-out or revocation. Every " +
          'request made with the cookie that is not GET, HEAD or OPTIONS must send `X-CSRF-Token: <csrfToken>` ' +
          '(403 FORBIDDEN otherwise). A session cannot open another (403).',
        tags: ['sessions'],
        responses: {
          '201': {
            description: 'Signed in; the cookie is set',
            headers: { 'Set-Cookie': { schema: { type: 'string' } } },
            content: { 'application/json': { schema: sessionSchema } },
          },
          ...problems(401, 403, 429, 500),
        },
        security,
      },
    },
    {
      method: 'get',
      path: '/api/v1/sessions/current',
      operation: {
        operationId: 'getCurrentSession',
        summary: 'The session the cookie stands for (its CSRF token again, after a reload)',
        tags: ['sessions'],
        responses: {
          '200': {
            description: 'The session',
            content: { 'application/json': { schema: sessionSchema } },
          },
          ...problems(401, 404, 429, 500),
        },
        security: [{ sessionCookie: [] }],
      },
    },
    {
      method: 'delete',
      path: '/api/v1/sessions/current',
      operation: {
        operationId: 'deleteCurrentSession',
        summary: 'Sign out: the session ends and its cookie is cleared (send X-CSRF-Token)',
        tags: ['sessions'],
        parameters: [{ name: 'X-CSRF-Token', in: 'header', required: true, schema: { type: 'string' } }],
        responses: { '204': { description: 'Signed out' }, ...problems(401, 403, 404, 429, 500) },
        security: [{ sessionCookie: [] }],
      },
    },
    {
      method: 'get',
      path: '/healthz',
      operation: {
        operationId: 'health',
        summary: 'Liveness',
        tags: ['operations'],
        responses: {
          '200': {
            description: 'alive',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
              },
            },
          },
        },
      },
    },
    {
      method: 'get',
      path: '/readyz',
      operation: {
        operationId: 'ready',
        summary: 'Readiness: the ledger answers',
        description:
          'Also reports the deployed chaincode as the gateway learned it (`_lifecycle` and the contract metadata): ' +
          '`chaincode: {name, version, sequence, transactions}`, or `{error}` when it could not be learned.',
        tags: ['operations'],
        responses: {
          '200': { description: 'ready', content: { 'application/json': { schema: readinessSchema('ready') } } },
          '503': {
            description: 'the ledger is unavailable',
            content: { 'application/json': { schema: readinessSchema('unavailable') } },
          },
        },
      },
    },
    {
      method: 'get',
      path: '/metrics',
      operation: {
        operationId: 'metrics',
        summary: 'Prometheus metrics',
        tags: ['operations'],
        responses: {
          '200': {
            description: "metrics in Prometheus' text exposition format",
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
  ],
  REQUEST_EXAMPLES,
);
