import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The gateway's Prometheus metrics, in a registry of their own (no global state). */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly ledgerSubmitDuration: Histogram<'transaction' | 'outcome'>;
  readonly ledgerEvaluateDuration: Histogram<'transaction' | 'outcome'>;
  /** Seconds the oldest passed deadline had waited when the keeper last read the index (0: none). */
  readonly keeperLag: Gauge;
  readonly keeperRounds: Counter<'outcome'>;
  readonly keeperActions: Counter<'kind' | 'outcome'>;
  /** Blocks on the channel, as the gateway's peer reported it at the last look (a scrape, a dashboard load). */
  readonly ledgerHeight: Gauge;
  /** Seconds since the newest block's first transaction was created, at the last look. */
  readonly ledgerLastBlockAge: Gauge;
  /** Transactions committed since the gateway started, by Fabric validation code. */
  readonly ledgerTransactions: Counter<'validation_code'>;
  /** Open `GET /api/v1/events` streams. */
  readonly eventStreamsOpen: Gauge;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'gateway_http_requests_total',
      help: 'HTTP requests by route template, method and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'gateway_http_request_duration_seconds',
      help: 'HTTP request latency by route template, method and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    ledgerSubmitDuration: new Histogram({
      name: 'gateway_ledger_submit_duration_seconds',
      help: 'Time from proposal to commit of submitted transactions',
      labelNames: ['transaction', 'outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    ledgerEvaluateDuration: new Histogram({
      name: 'gateway_ledger_evaluate_duration_seconds',
      help: 'Time to evaluate read-only transactions',
      labelNames: ['transaction', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    keeperLag: new Gauge({
      name: 'keeper_lag_seconds',
      help: 'How long the oldest passed deadline had waited when the keeper last read the deadline index (0 when none)',
      registers: [registry],
    }),
    keeperRounds: new Counter({
      name: 'keeper_rounds_total',
      help: 'Keeper rounds by outcome (ok, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    keeperActions: new Counter({
      name: 'keeper_actions_total',
      help: 'Deadlines the keeper acted on, by kind and outcome (fired, already_done, deferred)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    ledgerHeight: new Gauge({
      name: 'ledger_height',
      help: "Blocks on the channel (the next block's number), as the gateway's peer reported it at the last scrape",
      registers: [registry],
    }),
    ledgerLastBlockAge: new Gauge({
      name: 'ledger_last_block_age_seconds',
      help: "Seconds since the newest block's first transaction was created, at the last scrape",
      registers: [registry],
    }),
    ledgerTransactions: new Counter({
      name: 'ledger_transactions_total',
      help: 'Transactions committed since the gateway started, by validation code (VALID, MVCC_READ_CONFLICT, ...)',
      labelNames: ['validation_code'],
      registers: [registry],
    }),
    eventStreamsOpen: new Gauge({
      name: 'gateway_event_streams_open',
      help: 'Open GET /api/v1/events streams',
      registers: [registry],
    }),
  };
}
