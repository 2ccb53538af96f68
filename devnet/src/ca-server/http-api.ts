/**
 * Fabric CA's REST API v1 over Node's HTTP(S) server: routes, methods, body and authorization header
 * handling, and Fabric CA's response envelope, written as fabric-ca-server writes it
 * (`{"result":…\n,"errors":[…],"messages":[],"success":…}`; on failure `result` is `""` and `errors` holds
 * `{code, message}`). The order of checks per endpoint is fabric-ca-server's (e.g. register reads its body
 * before authenticating, enroll authenticates first).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Caller, CaService } from './ca-service';
import { authenticationFailure, FabricCaCode, FabricCaError } from './fabric-ca-errors';

/** One line per request for the server's log: what the client got and, on failure, why. */
export interface CaRequestLog {
  readonly remote: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly code: number;
  readonly detail: string;
}

const API_PREFIX = '/api/v1/';
/** Bodies are small JSON documents (a CSR is ~500 bytes); anything this large is refused. */
const MAX_BODY_BYTES = 1024 * 1024;

type Handler = (context: RequestContext) => Promise<unknown>;

interface Endpoint {
  readonly methods: readonly string[];
  /** 200 unless given; by method where it differs (POST /identities creates: 201). */
  readonly successStatus?: Readonly<Record<string, number>>;
  readonly handler: Handler;
}

interface RequestContext {
  readonly service: CaService;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  /** The raw body (empty for none). */
  readonly body: Buffer;
  /** The path parameter of `identities/{id}`. */
  readonly id?: string;
}

/** Request handler for `http.createServer` / `https.createServer`. */
export function fabricCaRequestHandler(
  service: CaService,
  log: (entry: CaRequestLog) => void = () => undefined,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void handle(service, request, response, log);
  };
}

async function handle(
  service: CaService,
  request: IncomingMessage,
  response: ServerResponse,
  log: (entry: CaRequestLog) => void,
): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://ca.invalid');
  const remote = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? 0}`;
  const route = routeOf(url.pathname);
  if (route === undefined) {
    request.resume();
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
    log({ remote, method, url: request.url ?? '', status: 404, code: 0, detail: 'no such endpoint' });
    return;
  }
  let status = route.endpoint.successStatus?.[method] ?? 200;
  let result: unknown;
  let failure: FabricCaError | undefined;
  try {
    if (!route.endpoint.methods.includes(method)) {
      request.resume();
      throw new FabricCaError(405, FabricCaCode.MethodNotAllowed, `Method ${method} is not allowed`);
    }
    const body = await readBody(request);
    service.checkCaName(url.searchParams.get('ca') ?? undefined);
    result = await route.endpoint.handler({
      service,
      request,
      response,
      url,
      body,
      ...(route.id !== undefined && { id: route.id }),
    });
  } catch (error: unknown) {
    failure =
      error instanceof FabricCaError
        ? error
        : new FabricCaError(500, FabricCaCode.Unknown, error instanceof Error ? error.message : String(error));
    status = failure.status;
  }
  writeEnvelope(response, method, status, result, failure);
  log({
    remote,
    method,
    url: request.url ?? '',
    status,
    code: failure?.code ?? 0,
    detail: failure?.detail ?? 'OK',
  });
}

function writeEnvelope(
  response: ServerResponse,
  method: string,
  status: number,
  result: unknown,
  failure: FabricCaError | undefined,
): void {
  response.writeHead(status, { 'Content-Type': 'application/json', Connection: 'Keep-Alive' });
  if (method === 'HEAD') {
    response.end();
    return;
  }
  const resultJson = failure === undefined && result !== undefined ? `${JSON.stringify(result)}\n` : '""';
  const errors = failure === undefined ? '' : `${JSON.stringify({ code: failure.code, message: failure.message })}\n`;
  response.end(`{"result":${resultJson},"errors":[${errors}],"messages":[],"success":${failure === undefined}}`);
}

/** Each endpoint is served at `/api/v1/<name>` (fabric-ca-client npm) and `/<name>` (the CLI), as by fabric-ca-server. */
function routeOf(pathname: string): { endpoint: Endpoint; id?: string } | undefined {
  const rest = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname.slice(1);
  const endpoint = ENDPOINTS[rest];
  if (endpoint !== undefined) return { endpoint };
  const identity = /^identities\/([^/]+)$/.exec(rest);
  if (identity?.[1] !== undefined) return { endpoint: IDENTITY_ENDPOINT, id: decodeURIComponent(identity[1]) };
  return undefined;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      request.destroy();
      throw new FabricCaError(
        413,
        FabricCaCode.ReadingRequestBody,
        `Failed reading request body: larger than ${MAX_BODY_BYTES} bytes`,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Go's ReadBody: the body must be present and JSON; a `caname` in it must be this CA's. */
function jsonBody(context: RequestContext): unknown {
  if (context.body.length === 0) {
    throw new FabricCaError(400, FabricCaCode.EmptyRequestBody, 'Empty request body');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(context.body.toString('utf8'));
  } catch (error: unknown) {
    throw new FabricCaError(
      400,
      FabricCaCode.BadRequestBody,
      `Invalid request body: ${(error as Error).message}; body=${context.body.toString('utf8')}`,
    );
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const caname: unknown = Object.entries(parsed).find(([key]) => key.toLowerCase() === 'caname')?.[1];
    if (typeof caname === 'string') context.service.checkCaName(caname);
  }
  return parsed;
}

function authorizationHeader(context: RequestContext): string {
  const header = context.request.headers.authorization;
  if (header === undefined || header === '') {
    throw new FabricCaError(401, FabricCaCode.NoAuthHeader, 'No authorization header');
  }
  return header;
}

function tokenCaller(context: RequestContext): Promise<Caller> {
  return context.service.authenticateToken({
    authorization: authorizationHeader(context),
    method: context.request.method ?? 'GET',
    requestUri: context.request.url ?? '/',
    body: context.body,
  });
}

function basicCredentials(context: RequestContext): { id: string; secret: string } {
  const header = authorizationHeader(context);
  const match = /^Basic\s+(\S+)$/i.exec(header);
  const decoded = match?.[1] === undefined ? '' : Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw authenticationFailure('No user/pass in authorization header');
  }
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  cainfo: {
    methods: ['GET', 'POST', 'HEAD'],
    handler: (context) => {
      // The body is optional here; when present it may name the CA.
      if (context.body.length > 0) jsonBody(context);
      return Promise.resolve(context.service.info());
    },
  },
  register: {
    methods: ['POST'],
    successStatus: { POST: 201 },
    handler: async (context) => {
      const body = jsonBody(context);
      const caller = await tokenCaller(context);
      const result = await context.service.register(caller, body);
      const id = (body as { id?: unknown }).id;
      if (typeof id === 'string')
        context.response.setHeader('Location', `${API_PREFIX}identities/${encodeURIComponent(id)}`);
      return result;
    },
  },
  enroll: {
    methods: ['POST'],
    successStatus: { POST: 201 },
    handler: (context) => {
      const { id, secret } = basicCredentials(context);
      // Fabric CA authenticates before it reads the body: a bad secret is a 401 whatever the body.
      return context.service.enroll(id, secret, () => jsonBody(context));
    },
  },
  reenroll: {
    methods: ['POST'],
    successStatus: { POST: 201 },
    handler: async (context) => {
      const caller = await tokenCaller(context);
      return context.service.reenroll(caller, jsonBody(context));
    },
  },
  revoke: {
    methods: ['POST'],
    handler: async (context) => {
      const body = jsonBody(context);
      return context.service.revoke(await tokenCaller(context), body);
    },
  },
  gencrl: {
    methods: ['POST'],
    handler: async (context) => {
      const body = jsonBody(context);
      return context.service.generateCrl(await tokenCaller(context), body);
    },
  },
  identities: {
    methods: ['GET', 'POST'],
    successStatus: { POST: 201 },
    handler: async (context) => {
      const caller = await tokenCaller(context);
      if (context.request.method === 'GET') return context.service.identities(caller);
      return context.service.addIdentity(caller, jsonBody(context));
    },
  },
};

/** `identities/{id}`: reading one identity (changing or removing one is not offered). */
const IDENTITY_ENDPOINT: Endpoint = {
  methods: ['GET'],
  handler: async (context) => context.service.identity(await tokenCaller(context), context.id ?? ''),
};
