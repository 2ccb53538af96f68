import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { authenticate } from './auth/authenticate';
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
  readonly openApiDocument: unknown;
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
  /** Identity onboarding and API key administration (the gateway operations of the route table). */
  readonly services: GatewayServices;
}

/** Builds the Express application from its dependencies; starts nothing, opens nothing. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(helmet());
  app.use(recordMetrics(deps.metrics));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await deps.ledger.ready().catch(() => false);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      ledger: deps.ledger.kind,
      keeper: deps.keeper?.state() ?? { enabled: false },
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.use(docsRouter(deps.openApiDocument));

  const api = express.Router();
  const routeDeps = {
    transactions: deps.transactions,
    labeler: new HandleLabeler({ transactions: deps.transactions, identities: deps.identities, log: deps.logger }),
    idempotency: deps.idempotency,
    ledger: deps.ledger,
    viewers: deps.viewers,
    offlineSigning: deps.offlineSigning,
    services: deps.services,
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
  api.use(authenticate({ apiKeys: deps.apiKeys, jwt: deps.jwt, identities: deps.identities }));
  api.use(addressLimit.authenticated);
  api.use(credentialRateLimit(deps.rateLimitPerMinute));
  // Multipart evidence files, before the JSON-only body rules.
  api.use(evidenceUploadRouter({ transactions: deps.transactions, ledger: deps.ledger, files: deps.evidenceFiles }));
  api.use(...jsonBody);
  const streams = new StreamSlots({ maxPerCredential: deps.eventStreamsPerCredential });
  api.get('/events', limitStreams(streams, eventStreamHandler(deps.ledger, deps.viewers)));
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

function recordMetrics(metrics: GatewayMetrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const routePath = (req.route as { path?: string } | undefined)?.path;
      const route = routePath ? `${req.baseUrl}${routePath}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      end(labels);
    });
    next();
  };
}
