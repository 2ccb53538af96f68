import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { authenticate } from './auth/authenticate';
import { sessionTokenOf, type SessionStore } from './auth/session';
import type { ApiKeyStore } from './auth/api-key-store';
import type { IdentityRegistry } from './auth/identity-registry';
import type { JwtVerifier } from './auth/jwt-verifier';
import { eventStreamHandler } from './events/event-stream';
import { limitStreams, StreamSlots } from './events/stream-slots';
import { JSON_BODY_ENCODINGS, requireContentEncoding, requireJsonBody } from './http/body-rules';
import { problemHandler } from './http/error-handler';
import { mountRoutes } from './http/mount-routes';
import { addressRateLimit, credentialRateLimit } from './http/rate-limits';
import { ProblemError } from './http/problem';
import type { GatewayServices, Route } from './http/route';
import { authenticateEnrollment } from './identities/enrollment-authentication';
import type { IdempotencyGuard } from './idempotency/idempotency-guard';
import type { LedgerPort } from './ledger/ledger-port';
import type { GatewayMetrics } from './observability/metrics';
import { evidenceUploadRouter } from './evidence/evidence-upload.router';
import type { EvidenceFileStore } from './evidence/evidence-file-store';
import { docsRouter } from './openapi/docs-router';
import type { TransactionService } from './transactions/transaction-service';
import type { ViewerDirectory } from './visibility/viewer';
import { HandleLabeler } from './members/party-handles';
import type { Keeper } from './keeper/keeper';
import type { OfflineSigning } from './signing/offline-signing';
import type { ExplorerService } from './explorer/explorer.service';
import type { DeployedChaincode } from './ledger/deployed-chaincode';
import { explorerUiRouter } from './explorer/explorer-ui.router';
import { noteTransactionIds, requestLogger } from './observability/request-log';
import { routeLabeler } from './observability/route-label';
import { sessionsRouter } from './sessions/sessions.router';

export interface AppDeps {
  readonly ledger: LedgerPort;
  readonly transactions: TransactionService;
  readonly idempotency: IdempotencyGuard;
  readonly identities: IdentityRegistry;
  readonly apiKeys: ApiKeyStore;
  readonly jwt: JwtVerifier | undefined;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  readonly routes: readonly Route[];
  /** The OpenAPI document, built when first asked for. */
  readonly openApiDocument: () => Promise<unknown>;
  readonly bodyLimit: string;
  readonly rateLimitPerMinute: number;
  /** Requests a minute per client address that may fail authentication before the address is refused. */
  readonly unauthenticatedRateLimitPerMinute: number;
  /** Open event streams one credential may hold at once. */
  readonly eventStreamsPerCredential: number;
  /** The off-chain store of evidence originals (multipart uploads). */
  readonly evidenceFiles: EvidenceFileStore;
  /** Who a principal is to the chaincode: the visibility rules of events and transaction views. */
  readonly viewers: ViewerDirectory;
  /** Transactions and reads signed on the caller's own device (self-custody identities). */
  readonly offlineSigning: OfflineSigning;
  /** The deadline keeper, when this gateway runs one (its state is part of /readyz). */
  readonly keeper?: Keeper;
  /** Identity onboarding and API key administration (with `offlineSigning`, the gateway operations' services). */
  readonly services: Omit<GatewayServices, 'offlineSigning'>;
  /** Browser sessions (`POST /api/v1/sessions`): a session cookie authenticates like the credential it replaced. */
  readonly sessions: SessionStore;
  /** Cached blocks, the recent chain (dashboard, ledger metrics) and the network view. */
  readonly explorer: ExplorerService;
  /** The deployed chaincode's definition and transactions (part of /readyz). */
  readonly deployed: DeployedChaincode;
  /** Where the explorer's built files are; defaults to the `@allianceledger/explorer` package's `dist/`. */
  readonly explorerAssetsDir?: string | undefined;
}

/** Builds the Express application from its dependencies; starts nothing, opens nothing. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  app.set('query parser', 'simple');

  app.use(requestLogger(deps.logger));
  app.use(noteTransactionIds);
  app.use(helmet());
  app.use(recordMetrics(deps.metrics, routeTemplates(deps.routes)));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await deps.ledger.ready().catch(() => false);
    const chaincode = await deps.deployed.current().then(
      (d) => ({ name: d.name, version: d.version, sequence: d.sequence.toString(), transactions: d.transactions.size }),
      (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }),
    );
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      ledger: deps.ledger.kind,
      chaincode,
      keeper: deps.keeper?.state() ?? { enabled: false },
    });
  });
  app.get('/metrics', async (req, res) => {
    // The ledger series are read when scraped: a gateway nobody watches reads no blocks.
    await deps.explorer.watcher.refresh().catch((err: unknown) => {
      req.log.warn({ err }, 'ledger metrics not refreshed');
    });
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.use(docsRouter(deps.openApiDocument));
  app.use(explorerUiRouter(deps.explorerAssetsDir));

  const api = express.Router();
  const routeDeps = {
    transactions: deps.transactions,
    labeler: new HandleLabeler({ transactions: deps.transactions, identities: deps.identities, log: deps.logger }),
    idempotency: deps.idempotency,
    ledger: deps.ledger,
    viewers: deps.viewers,
    offlineSigning: deps.offlineSigning,
    services: { ...deps.services, offlineSigning: deps.offlineSigning },
    explorer: deps.explorer,
  };
  const jsonBody = [
    requireJsonBody,
    requireContentEncoding(JSON_BODY_ENCODINGS),
    express.json({ limit: deps.bodyLimit, strict: true }),
  ];
  const byEnrollmentSecret = (r: Route): boolean => r.kind === 'gateway' && r.authentication === 'enrollment-secret';
  // Rates and credentials first: no body of an unauthenticated caller is read, and an address that keeps
  // failing authentication is refused before its credentials are checked.
  const addressLimit = addressRateLimit(deps.unauthenticatedRateLimitPerMinute);
  api.use(addressLimit.before);
  // A device that enrolls has no credential yet: its one-time enrollment secret authenticates it, on its
  // own route only.
  mountRoutes(api, deps.routes.filter(byEnrollmentSecret), routeDeps, [
    authenticateEnrollment(deps.services.onboarding),
    addressLimit.authenticated,
    ...jsonBody,
  ]);
  api.use(authenticate({ apiKeys: deps.apiKeys, jwt: deps.jwt, identities: deps.identities, sessions: deps.sessions }));
  api.use(addressLimit.authenticated);
  api.use(credentialRateLimit(deps.rateLimitPerMinute));
  api.use(sessionsRouter(deps.sessions));
  // Multipart evidence files, before the JSON-only body rules.
  api.use(
    evidenceUploadRouter({
      transactions: deps.transactions,
      ledger: deps.ledger,
      files: deps.evidenceFiles,
      labeler: routeDeps.labeler,
    }),
  );
  api.use(...jsonBody);
  const streams = new StreamSlots({ maxPerCredential: deps.eventStreamsPerCredential });
  api.get(
    '/events',
    limitStreams(
      streams,
      countStreams(
        deps.metrics,
        eventStreamHandler(deps.ledger, deps.viewers, {
          // A stream opened with a session ends with it (signed out, expired, or its principal revoked).
          stillAuthorized: (req) =>
            deps.identities.isActive(req.principal?.identity ?? '') &&
            (req.session === undefined || sessionStillOpen(req, deps.sessions)),
        }),
      ),
    ),
  );
  mountRoutes(
    api,
    deps.routes.filter((r) => !byEnrollmentSecret(r)),
    routeDeps,
  );
  app.use('/api/v1', api);

  app.use((req: Request) => {
    throw new ProblemError('ROUTE_NOT_FOUND', `no resource at ${req.method} ${req.path}`);
  });
  app.use(problemHandler);
  return app;
}

/** Every path template the gateway answers, for the route label of its metrics. */
function routeTemplates(routes: readonly Route[]): string[] {
  return [
    ...routes.map((r) => `/api/v1${r.path}`),
    '/api/v1/events',
    '/api/v1/evidence/files',
    '/api/v1/evidence/file-verifications',
    '/api/v1/evidence/:hash/file',
    '/api/v1/sessions',
    '/api/v1/sessions/current',
    '/healthz',
    '/readyz',
    '/metrics',
    '/openapi.json',
    '/docs/*',
    '/explorer/*',
  ];
}

/** Request counts and latencies, labelled by route template (one value per route, refused requests included). */
function recordMetrics(
  metrics: GatewayMetrics,
  templates: readonly string[],
): (req: Request, res: Response, next: NextFunction) => void {
  const routeOf = routeLabeler(templates);
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    // The path as received, before any router strips its mount point.
    const route = routeOf(req.path);
    res.on('finish', () => {
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      end(labels);
    });
    next();
  };
}

/** Keeps `gateway_event_streams_open` at the number of streams open right now. */
function countStreams(
  metrics: GatewayMetrics,
  handler: (req: Request, res: Response) => Promise<void>,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    metrics.eventStreamsOpen.inc();
    res.once('close', () => {
      metrics.eventStreamsOpen.dec();
    });
    await handler(req, res);
  };
}

/** Whether the session a request came with is still open. */
function sessionStillOpen(req: Request, sessions: SessionStore): boolean {
  const token = sessionTokenOf(req);
  return token !== undefined && sessions.find(token) !== undefined;
}
