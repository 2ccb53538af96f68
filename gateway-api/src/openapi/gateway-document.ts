import { allRoutes } from '../routes';
import { buildOpenApiDocument } from './openapi-document';

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
  [
    {
      method: 'get',
      path: '/api/v1/events',
      operation: {
        operationId: 'streamEvents',
        summary: 'Chaincode events of committed transactions as Server-Sent Events',
        description:
          'Each event id is `<block>:<transactionIndex>`. Reconnect with `Last-Event-ID` (or `?after=`) to resume ' +
          'right after the last event seen, with no gap and no duplicate.',
        tags: ['events'],
        parameters: [
          {
            name: 'Last-Event-ID',
            in: 'header',
            required: false,
            schema: { type: 'string', pattern: '^[0-9]+:[0-9]+$' },
          },
          { name: 'after', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]+:[0-9]+$' } },
        ],
        responses: {
          '200': { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        },
        security: [{ apiKey: [] }, { bearer: [] }],
      },
    },
    {
      method: 'get',
      path: '/healthz',
      operation: {
        operationId: 'health',
        summary: 'Liveness',
        tags: ['operations'],
        responses: { '200': { description: 'alive' } },
      },
    },
    {
      method: 'get',
      path: '/readyz',
      operation: {
        operationId: 'ready',
        summary: 'Readiness: the ledger answers',
        tags: ['operations'],
        responses: { '200': { description: 'ready' }, '503': { description: 'the ledger is unavailable' } },
      },
    },
    {
      method: 'get',
      path: '/metrics',
      operation: {
        operationId: 'metrics',
        summary: 'Prometheus metrics',
        tags: ['operations'],
        responses: { '200': { description: 'metrics' } },
      },
    },
  ],
);
