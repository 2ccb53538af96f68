import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { IdempotencyGuard } from '../idempotency/idempotency-guard';
import { IdempotencyGuard as Guard } from '../idempotency/idempotency-guard';
import type { StoredResponse } from '../idempotency/idempotency-store';
import type { LedgerPort, SubmitHooks } from '../ledger/ledger-port';
import { parseChaincodeResult, type TransactionService } from '../transactions/transaction-service';
import type { ViewerDirectory } from '../visibility/viewer';
import type { Principal } from '../auth/principal';
import { responseSchema, type HandleLabeler } from '../members/party-handles';
import { ProblemError } from './problem';
import { Answer, type GatewayRoute, type GatewayServices, type Route, type WriteInput, type WriteRoute } from './route';
import type { OfflineSigning } from '../signing/offline-signing';
import { validate } from './validate';
import type { ExplorerService } from '../explorer/explorer.service';

/**
 * On any write: `?async=true` answers 202 after endorsement instead of waiting for the commit;
 * `?signing=offline` answers the unsigned proposal for a caller whose identity signs on its own device.
 */
const AsyncQuery = z.strictObject({
  async: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: answer 202 once the transaction is endorsed and ordered, without waiting for the commit'),
  signing: z
    .enum(['offline'])
    .optional()
    .describe(
      "offline: prepare the transaction for the caller's own device to sign (a self-custody identity): the " +
        'answer is the proposal and its digest; continue at `/offline-transactions/{transactionId}/endorsement` ' +
        '(docs/identity.md)',
    ),
});

/** The query a write route accepts: its own parameters plus `async`. */
export function writeQuery(route: WriteRoute): z.ZodObject {
  return route.query ? AsyncQuery.extend((route.query as z.ZodObject).shape) : AsyncQuery;
}

export interface RouteDeps {
  readonly transactions: TransactionService;
  /** Adds handles beside the party ids of responses. */
  readonly labeler: HandleLabeler;
  readonly ledger: LedgerPort;
  readonly idempotency: IdempotencyGuard;
  readonly viewers: ViewerDirectory;
  readonly offlineSigning: OfflineSigning;
  /** What gateway operations (identities, API keys) work with. */
  readonly services: GatewayServices;
  readonly explorer: ExplorerService;
}

/**
 * Installs every route of the table on the router, each after `before` (route-level middleware: how
 * the operations authenticated by an enrollment secret get their caller and body).
 */
export function mountRoutes(
  router: Router,
  routes: readonly Route[],
  deps: RouteDeps,
  before: readonly RequestHandler[] = [],
): void {
  // One router per first path segment, and one dispatch by it: a request is matched against the routes that
  // share its first segment, in their order, instead of against every route. Every route's first segment is
  // literal, and Express matches literals ignoring ASCII case, so no route of another segment could match.
  const groups = new Map<string, Router>();
  for (const route of routes) {
    const segment = firstSegment(route.path);
    if (!/^[\w.-]+$/.test(segment)) throw new Error(`route ${route.path}: the first segment must be literal`);
    let group = groups.get(segment.toLowerCase());
    if (!group) {
      group = express.Router();
      groups.set(segment.toLowerCase(), group);
    }
    group[route.method](route.path, ...before, async (req: Request, res: Response) => {
      const principal = req.principal;
      if (!principal) throw new ProblemError('UNAUTHENTICATED');
      const params: unknown = validate(route.params, req.params, 'params');
      if (route.kind === 'gateway') {
        await runGatewayRoute(route, req, res, params, deps);
        return;
      }
      if (route.kind === 'read') {
        const query: unknown = validate(route.query, req.query, 'query');
        const data = await route.handle({
          params,
          query,
          principal,
          baseUrl: req.baseUrl,
          transactions: deps.transactions,
          ledger: deps.ledger,
          viewers: deps.viewers,
          explorer: deps.explorer,
        });
        res.status(200).json(await deps.labeler.label(principal, responseSchema(route.response), data));
        return;
      }
      const query = validate(writeQuery(route), req.query, 'query') as {
        async?: 'true' | 'false';
        signing?: 'offline';
      };
      const body: unknown = validate(route.body, req.body, 'body');
      const input: WriteInput<unknown, unknown, unknown> = { params, query, body, principal };
      const isAsync = query.async === 'true';
      const execute = (hooks?: SubmitHooks): Promise<StoredResponse> =>
        query.signing === 'offline'
          ? deps.offlineSigning.prepareWrite(route, input, isAsync, req.baseUrl)
          : runWrite(route, input, isAsync, deps.transactions, hooks, req.baseUrl);
      const answer = async (response: StoredResponse): Promise<StoredResponse> =>
        query.signing === 'offline' ? response : withHandles(response, route, principal, deps.labeler);
      const key = req.get('idempotency-key');
      if (key === undefined) {
        send(res, await answer(await execute()));
        return;
      }
      if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
        throw new ProblemError('VALIDATION_FAILED', 'Idempotency-Key must be 1–255 visible ASCII characters', {
          errors: [{ path: 'headers.idempotency-key', message: 'invalid' }],
        });
      }
      const outcome = await deps.idempotency.run(
        Guard.scope(principal),
        key,
        Guard.fingerprint(req.method, req.originalUrl, req.body),
        req.originalUrl,
        (hooks) => execute(hooks),
        ({ transactionId, blockNumber, result }) =>
          committedResponse(
            route,
            input,
            transactionId,
            blockNumber,
            parseChaincodeResult(Buffer.from(result, 'base64')),
            req.baseUrl,
          ),
      );
      res.setHeader('Idempotent-Replayed', String(outcome.replayed));
      send(res, { ...outcome, ...(await answer(outcome)) });
    });
  }
  router.use((req, res, next) => {
    const group = groups.get(firstSegment(req.path).toLowerCase());
    if (group) group(req, res, next);
    else next();
  });
}

/** `accounts` of `/accounts/:accountId`. */
function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return path.slice(1, end === -1 ? undefined : end);
}

/** A gateway operation: validated input, the handler's answer with the route's status (and Location). */
async function runGatewayRoute(
  route: GatewayRoute,
  req: Request,
  res: Response,
  params: unknown,
  { services, labeler }: RouteDeps,
): Promise<void> {
  const principal = req.principal;
  if (!principal) throw new ProblemError('UNAUTHENTICATED');
  const query: unknown = validate(route.query, req.query, 'query');
  const body: unknown = validate(route.body, req.body, 'body');
  const ctx = {
    params,
    query,
    body,
    principal,
    enrollment: req.enrollment,
    baseUrl: req.baseUrl,
    services,
  };
  const data = await route.handle(ctx);
  if (data instanceof Answer) {
    send(res, data);
    return;
  }
  const location = route.location?.(ctx, data);
  if (location) res.setHeader('location', `${req.baseUrl}${location}`);
  res.status(route.successStatus).json(await labeler.label(principal, responseSchema(route.response), data));
}

async function runWrite(
  route: WriteRoute,
  input: WriteInput<unknown, unknown, unknown>,
  isAsync: boolean,
  transactions: TransactionService,
  hooks: SubmitHooks | undefined,
  baseUrl: string,
): Promise<StoredResponse> {
  const call = route.transaction(input);
  if (isAsync) {
    const pending = await transactions.submitAsync(input.principal, call, hooks);
    const statusUrl = `${baseUrl}/transactions/${pending.transactionId}`;
    return {
      status: 202,
      headers: { location: statusUrl },
      body: { transactionId: pending.transactionId, status: 'PENDING', statusUrl, data: pending.result },
    };
  }
  const committed = await transactions.submit(input.principal, call, hooks);
  return committedResponse(route, input, committed.transactionId, committed.blockNumber, committed.result, baseUrl);
}

/** The answer of a committed write, as its route renders it (status, Location, body). */
export function committedResponse(
  route: WriteRoute,
  input: WriteInput<unknown, unknown, unknown>,
  transactionId: string,
  blockNumber: bigint,
  data: unknown,
  baseUrl: string,
): StoredResponse {
  const location = route.location?.(input, data);
  return {
    status: route.successStatus,
    headers: location ? { location: `${baseUrl}${location}` } : {},
    body: { transactionId, blockNumber: blockNumber.toString(), data },
  };
}

/** A write's answer with handles beside the party ids of its `data` (committed or endorsed). */
async function withHandles(
  response: StoredResponse,
  route: WriteRoute,
  principal: Principal,
  labeler: HandleLabeler,
): Promise<StoredResponse> {
  const body = response.body as { readonly data?: unknown } | undefined;
  if (response.status >= 300 || body?.data === undefined) return response;
  return {
    ...response,
    body: { ...body, data: await labeler.label(principal, responseSchema(route.response), body.data) },
  };
}

function send(res: Response, response: StoredResponse | Answer): void {
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.status(response.status).json(response.body);
}
