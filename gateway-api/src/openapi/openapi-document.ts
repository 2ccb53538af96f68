import { z } from 'zod';
import type { Route, WriteRoute } from '../http/route';
import { writeQuery } from '../http/mount-routes';
import { IDENTITY_PROBLEM_CODES, PROBLEMS, type ProblemCode } from '../http/problem';
import { withHandleProperties } from '../members/party-handles';
import { OFFLINE_SIGNING_STEP } from '../signing/offline-signing.routes';

type JsonSchema = Record<string, unknown>;

export interface DocumentInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
}

/** Endpoints outside the route table (streams, probes, multipart uploads), described by hand. */
export interface ExtraOperation {
  readonly method: 'get' | 'post' | 'delete';
  readonly path: string;
  readonly operation: JsonSchema;
}

const API_PREFIX = '/api/v1';

/**
 * Builds the OpenAPI 3.1 document from the same route table that drives the handlers, so the two
 * cannot disagree. zod's JSON Schema output (draft 2020-12, which OpenAPI 3.1 uses) is lifted into
 * `components.schemas` for every schema that carries an `id`.
 */
export function buildOpenApiDocument(
  info: DocumentInfo,
  routes: readonly Route[],
  /** The operations outside the route table; `output` lifts a zod schema into the components, as a response. */
  extras: (output: (s: z.ZodType) => JsonSchema) => readonly ExtraOperation[],
  examples: Readonly<Record<string, unknown>> = {},
): JsonSchema {
  const components: Record<string, JsonSchema> = { Problem: PROBLEM_SCHEMA };
  const schema = (s: z.ZodType, io: 'input' | 'output'): JsonSchema => toSchema(s, io, components);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = API_PREFIX + route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters = [
      ...parametersOf(route.params, 'path', schema),
      ...parametersOf(route.kind === 'write' ? writeQuery(route) : route.query, 'query', schema),
      ...(route.kind === 'write' && route.method === 'post' ? [IDEMPOTENCY_HEADER] : []),
    ];
    const item = (paths[path] ??= {});
    item[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [...route.tags],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...requestBodyOf(route, schema, examples[route.operationId]),
      responses: responsesOf(route, schema),
      security: securityOf(route),
    };
  }
  for (const extra of extras((s) => schema(s, 'output'))) {
    (paths[extra.path] ??= {})[extra.method] = extra.operation;
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      examples: problemExamples(),
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description:
            'An API key, `alk_<id>_<secret>`, mapped to one member identity. With `make demo` the gateway prints ' +
            'one key per identity at its first start and writes them to `<data dir>/gateway/demo-api-keys.txt` ' +
            '(e.g. `.devnet/gateway/demo-api-keys.txt`): paste the key of the identity to act as ' +
            '(`EcommerceMSP:buyer1` owns `buyer1-wallet`). Outside demo mode the first start writes one key per ' +
            'organisation admin to `<data dir>/gateway/bootstrap-api-keys.txt`, and an administrator hands them ' +
            'out; administrators then issue keys for their identities (`POST /api/v1/api-keys`, docs/identity.md).',
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A JWT signed with HS256 and GATEWAY_JWT_SECRET, or with RS256/ES256 by an identity provider whose keys ' +
            'are at GATEWAY_JWT_JWKS_URL (with GATEWAY_JWT_ISSUER and GATEWAY_JWT_AUDIENCE); off without either. ' +
            'Claims: `sub`, `exp` and the identity claim (GATEWAY_JWT_IDENTITY_CLAIM, default `identity`: ' +
            '`EcommerceMSP:buyer1`); your identity provider or an administrator issues it.',
        },
        enrollmentSecret: {
          type: 'http',
          scheme: 'basic',
          description:
            "A self-custody identity's device, before it has an API key: its enrollment ID as user name and the " +
            'one-time enrollment secret its administrator received from `POST /identities` as password.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'alliance_session',
          description:
            'A browser session from `POST /api/v1/sessions` (HttpOnly, SameSite=Strict). It authenticates every ' +
            'operation as the credential it was exchanged for; a request that is not GET, HEAD or OPTIONS must also ' +
            'send `X-CSRF-Token`.',
        },
      },
    },
  };
}

/** How an operation authenticates: a device's enrollment secret, or an API key or token. */
function securityOf(route: Route): JsonSchema[] {
  return route.kind === 'gateway' && route.authentication === 'enrollment-secret'
    ? [{ enrollmentSecret: [] }]
    : [{ apiKey: [] }, { bearer: [] }];
}

/** A write's JSON body with its example, for the operation; nothing for a route without a body. */
function requestBodyOf(
  route: Route,
  schema: (s: z.ZodType, io: 'input' | 'output') => JsonSchema,
  example: unknown,
): JsonSchema {
  if (route.kind === 'read' || !route.body) return {};
  const media = { schema: schema(route.body, 'input'), ...(example === undefined ? {} : { example }) };
  return { requestBody: { required: true, content: { 'application/json': media } } };
}

/** A route's success and problem responses. */
function responsesOf(
  route: Route,
  schema: (s: z.ZodType, io: 'input' | 'output') => JsonSchema,
): Record<string, JsonSchema> {
  if (route.kind === 'gateway') {
    const responses: Record<string, JsonSchema> = {
      [String(route.successStatus)]: jsonResponse('OK', schema(route.response, 'output')),
    };
    for (const [status, description] of Object.entries(route.otherSuccesses ?? {})) {
      responses[status] = jsonResponse(description, schema(route.response, 'output'));
    }
    const codes = [...route.problems, ...ANY_REQUEST, ...(route.method === 'get' ? [] : ANY_BODY)];
    for (const status of [...new Set(codes.map((c) => PROBLEMS[c].status))].sort((a, b) => a - b)) {
      responses[String(status)] = problemResponse(status, codes);
    }
    return responses;
  }
  const responses: Record<string, JsonSchema> =
    route.kind === 'read'
      ? { '200': jsonResponse('OK', schema(route.response, 'output')) }
      : writeResponses(route, schema);
  for (const status of errorStatuses(route)) {
    responses[String(status)] = problemResponse(status);
  }
  return responses;
}

/** A write's success answers: committed, or with `?signing=offline` the step to sign, or `?async=true`'s 202. */
function writeResponses(
  route: WriteRoute,
  schema: (s: z.ZodType, io: 'input' | 'output') => JsonSchema,
): Record<string, JsonSchema> {
  const committed: JsonSchema = {
    type: 'object',
    required: ['transactionId', 'blockNumber', 'data'],
    properties: {
      transactionId: { type: 'string' },
      blockNumber: { type: 'string', pattern: '^(0|[1-9][0-9]*)$' },
      data: schema(route.response, 'output'),
    },
  };
  const offline = schema(OFFLINE_SIGNING_STEP, 'output');
  return {
    // `?signing=offline` answers 200 with the proposal for the caller's device to sign.
    ...(route.successStatus === 200
      ? { '200': jsonResponse(`Committed; ${OFFLINE_ANSWER}`, { anyOf: [committed, offline] }) }
      : {
          [String(route.successStatus)]: jsonResponse('Committed', committed),
          '200': jsonResponse(OFFLINE_ANSWER, offline),
        }),
    '202': jsonResponse('Accepted: endorsed and ordered, not yet committed (`?async=true`)', {
      type: 'object',
      required: ['transactionId', 'status', 'statusUrl'],
      properties: {
        transactionId: { type: 'string' },
        status: { const: 'PENDING' },
        statusUrl: { type: 'string' },
        data: schema(route.response, 'output'),
      },
    }),
  };
}

/** A response's handle properties (see party-handles.ts) are documented; requests never carry them. */
const HANDLE_REF: JsonSchema = { $ref: '#/components/schemas/HandleRef' };

function toSchema(s: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema {
  const out = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  const shown = (schema: unknown): JsonSchema =>
    rewriteRefs(io === 'output' ? withHandleProperties(schema, HANDLE_REF) : schema) as JsonSchema;
  // A component used both ways is shown as responses carry it (with its handle properties).
  const keep = (id: string, schema: JsonSchema): void => {
    if (io === 'output' || !(id in components)) components[id] = schema;
  };
  const defs = (out.$defs ?? {}) as Record<string, JsonSchema>;
  for (const [id, def] of Object.entries(defs)) keep(id, shown(def));
  const { $schema: _schema, $defs: _defs, id, ...rest } = out;
  const body = shown(rest);
  if (typeof id === 'string') {
    keep(id, body);
    return { $ref: `#/components/schemas/${id}` };
  }
  return body;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(v),
    ]),
  );
}

function parametersOf(
  s: z.ZodType | undefined,
  where: 'path' | 'query',
  schema: (s: z.ZodType, io: 'input' | 'output') => JsonSchema,
): JsonSchema[] {
  if (!s) return [];
  const object = schema(s, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, p]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    schema: p,
  }));
}

/**
 * The problem statuses of a chaincode operation: any may be refused by the chaincode in a state that does
 * not allow it (409: a feed's value stale or without a quorum, as well as a write's conflicts); whatever
 * is not a GET may arrive with a body too large (413) or not JSON (415).
 */
function errorStatuses(route: Route): number[] {
  const statuses = new Set([400, 401, 403, 409, 429, 500, 503]);
  if (route.params) statuses.add(404);
  if (route.kind === 'write') statuses.add(404).add(422);
  if (route.method !== 'get') statuses.add(413).add(415);
  return [...statuses].sort((a, b) => a - b);
}

/** What `?signing=offline` answers on any write. */
const OFFLINE_ANSWER =
  "with `?signing=offline`, the proposal for the caller's device to sign and where to send the signature (docs/identity.md)";

/** Codes only endpoints outside the route table answer (the event stream's cap), not listed on its routes. */
const NOT_FROM_ROUTE_TABLE: ReadonlySet<string> = new Set(['TOO_MANY_STREAMS']);

/** What any request may meet, whatever the operation: rates, the identity provider, the unexpected. */
const ANY_REQUEST: readonly ProblemCode[] = ['RATE_LIMITED', 'IDENTITY_PROVIDER_UNAVAILABLE', 'INTERNAL'];

/** What any request that may carry a body may meet: too large, or not JSON. */
const ANY_BODY: readonly ProblemCode[] = ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];

/**
 * A problem response: the Problem schema, and one example per code this status carries, each with its
 * own code (Swagger UI shows them by name): the codes `only` names, else every code but the identity
 * operations' own.
 */
export function problemResponse(status: number, only?: readonly string[]): JsonSchema {
  const codes = Object.entries(PROBLEMS).filter(
    ([code, p]) => p.status === status && (only ? only.includes(code) : !IDENTITY_PROBLEM_CODES.has(code)),
  );
  return {
    description: describeStatus(status, only),
    content: {
      'application/problem+json': {
        schema: { $ref: '#/components/schemas/Problem' },
        examples: Object.fromEntries(codes.map(([code]) => [code, { $ref: `#/components/examples/${code}` }])),
      },
    },
  };
}

/** One example per problem code, referenced by the problem responses. */
function problemExamples(): JsonSchema {
  return Object.fromEntries(
    Object.entries(PROBLEMS)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, p]) => [code, { summary: p.title, value: problemExample(code, p) }]),
  );
}

function problemExample(code: string, p: { status: number; title: string; example: string }): JsonSchema {
  return {
    type: `https://allianceledger.example/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: p.title,
    status: p.status,
    code,
    detail: p.example,
    ...(code === 'VALIDATION_FAILED' ? { errors: [{ path: 'body.amount', message: 'required' }] } : {}),
  };
}

function describeStatus(status: number, only: readonly string[] | undefined): string {
  const titles = Object.entries(PROBLEMS)
    .filter(([code, p]) =>
      p.status !== status
        ? false
        : only
          ? only.includes(code)
          : !NOT_FROM_ROUTE_TABLE.has(code) && !IDENTITY_PROBLEM_CODES.has(code),
    )
    .map(([code]) => code);
  return `Problem: ${titles.join(', ')}`;
}

function jsonResponse(description: string, schema: JsonSchema): JsonSchema {
  return { description, content: { 'application/json': { schema } } };
}

const IDEMPOTENCY_HEADER: JsonSchema = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Same key and body → the same response and at most one ledger transaction, also across gateway restarts; ' +
    'same key with another body → 422; while the first is still running → 409.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(PROBLEMS) },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
    transactionId: { type: 'string' },
    retryable: { type: 'boolean' },
    details: { type: 'object' },
  },
};
