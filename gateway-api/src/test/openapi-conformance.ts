import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { OPENAPI_FILE } from '../openapi/write-openapi';

/**
 * Holds every answer the gateway gives in a test to the OpenAPI document it publishes, as an outsider's
 * validator would: the status must be one the operation documents, the content type one documented for
 * that status, and a JSON body must match the documented schema (JSON Schema 2020-12, formats included).
 * Requests to paths the document does not describe (the explorer's pages, unknown paths) are not checked.
 */

type Operation = Readonly<{ responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>;

interface PathTemplate {
  readonly template: string;
  readonly pattern: RegExp;
  /** Literal segments: `/evidence/files` is preferred to `/evidence/{hash}`, as the router does. */
  readonly literals: number;
  readonly operations: Readonly<Record<string, Operation>>;
}

export interface ConformanceViolation {
  readonly request: string;
  readonly status: number;
  readonly problem: string;
}

const DOCUMENT_ID = 'openapi.json';

/** The document as checked in (openapi.test.ts holds it equal to what the code generates). */
const openapi = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as { paths: Record<string, Record<string, Operation>> };

const templates: readonly PathTemplate[] = Object.entries(openapi.paths)
  .map(([template, operations]) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    literals: template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length,
    operations,
  }))
  .sort((a, b) => b.literals - a.literals);

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

/** The compiled validator of the schema at a JSON pointer into the document. */
function validatorAt(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    if (!ajv) {
      // strict off: the document's schemas carry OpenAPI's own keywords (`example`) beside JSON Schema's.
      ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema(openapi, DOCUMENT_ID);
    }
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** What the document says is wrong with one answer; undefined when it conforms or is not described. */
export function checkAnswer(
  method: string,
  url: string,
  status: number,
  contentType: string | undefined,
  body: Buffer,
): string | undefined {
  const path = url.split('?')[0] ?? url;
  const verb = method.toLowerCase();
  const entry = templates.find((t) => t.operations[verb] !== undefined && t.pattern.test(path));
  const operation = entry?.operations[verb];
  if (!entry || !operation?.responses) return undefined;
  const documented = operation.responses[String(status)] ?? operation.responses.default;
  if (!documented) return `status ${status} is not documented for ${method} ${entry.template}`;
  if (body.length === 0 || status === 204) return undefined;
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const content = documented.content ?? {};
  // The most specific documented media type or range: `application/pdf`, then `application/*`, then `*/*`.
  const documentedType = [mediaType, `${mediaType.split('/')[0] ?? ''}/*`, '*/*'].find((t) => t in content);
  if (mediaType === '' || documentedType === undefined) {
    return `content type ${mediaType || '(none)'} is not documented for ${status} of ${method} ${entry.template} (documented: ${Object.keys(content).join(', ') || 'no body'})`;
  }
  if (!mediaType.endsWith('json') || content[documentedType]?.schema === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return `the ${mediaType} body of ${status} is not JSON`;
  }
  const statusKey = String(status) in operation.responses ? String(status) : 'default';
  const validate = validatorAt(
    `/paths/${escapePointer(entry.template)}/${verb}/responses/${statusKey}/content/${escapePointer(documentedType)}/schema`,
  );
  if (validate(json)) return undefined;
  const errors = (validate.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  return `the body of ${status} does not match the schema of ${method} ${entry.template}: ${errors.join('; ')}`;
}

/**
 * Wraps an Express app (in place: its `handle`) so that every answer is checked with {@link checkAnswer};
 * what does not conform is added to `violations`.
 */
export function checkAnswersOf(express: object, violations: ConformanceViolation[]): void {
  // Express 5 serves every request through `app.handle` (its types do not declare it).
  const app = express as { handle: (req: IncomingMessage, res: ServerResponse, next?: unknown) => void };
  if (typeof app.handle !== 'function') throw new Error('not an Express app: it has no handle()');
  const handle = app.handle.bind(app);
  app.handle = (req, res, next) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    // What Node's write and end take: a string (in `encoding`), a Buffer or a Uint8Array; or a callback.
    const keep = (chunk: unknown, encoding: unknown): void => {
      if (typeof chunk === 'string') {
        chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      } else if (chunk instanceof Uint8Array) {
        chunks.push(Buffer.from(chunk));
      }
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as typeof res.end;
    res.once('finish', () => {
      if (method === 'HEAD') return;
      const contentType = res.getHeader('content-type');
      const problem = checkAnswer(
        method,
        url,
        res.statusCode,
        typeof contentType === 'string' ? contentType : undefined,
        Buffer.concat(chunks),
      );
      if (problem) violations.push({ request: `${method} ${url}`, status: res.statusCode, problem });
    });
    handle(req, res, next);
  };
}

/** What a supertest/superagent request exposes of its answer. */
interface ClientAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text?: string;
  readonly body?: unknown;
}

/**
 * Holds the answers a supertest client gets from a running gateway (a remote scenario target) to the
 * document, as {@link checkAnswersOf} does in the gateway's own process.
 */
export function checkAnswersOfClient<C extends object>(client: C, violations: ConformanceViolation[]): C {
  return new Proxy(client, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]): unknown => {
        const test = (member as (...a: unknown[]) => unknown).apply(target, args);
        const request = test as {
          method?: string;
          url?: string;
          on?: (event: string, listener: (res: ClientAnswer) => void) => void;
        };
        if (typeof request.on !== 'function' || typeof request.method !== 'string' || typeof request.url !== 'string') {
          return test;
        }
        const url = new URL(request.url);
        const method = request.method;
        request.on('response', (res) => {
          if (method === 'HEAD') return;
          const contentType = res.headers['content-type'];
          const body =
            typeof res.text === 'string'
              ? Buffer.from(res.text)
              : Buffer.isBuffer(res.body)
                ? res.body
                : Buffer.alloc(0);
          const problem = checkAnswer(
            method,
            url.pathname + url.search,
            res.status,
            typeof contentType === 'string' ? contentType : undefined,
            body,
          );
          if (problem) violations.push({ request: `${method} ${url.pathname}`, status: res.status, problem });
        });
        return test;
      };
    },
  });
}

/** The violations as one report, each problem once with how often and an example request. */
export function conformanceReport(violations: readonly ConformanceViolation[]): string {
  const byProblem = new Map<string, { count: number; example: string }>();
  for (const v of violations) {
    const seen = byProblem.get(v.problem);
    if (seen) seen.count++;
    else byProblem.set(v.problem, { count: 1, example: v.request });
  }
  return [...byProblem].map(([problem, { count, example }]) => `- ${problem} (${count}×, e.g. ${example})`).join('\n');
}

/** Throws, with the {@link conformanceReport}, when any answer did not conform. */
export function assertConformed(violations: readonly ConformanceViolation[]): void {
  if (violations.length > 0) {
    throw new Error(`answers that do not conform to openapi.json:\n${conformanceReport(violations)}`);
  }
}
