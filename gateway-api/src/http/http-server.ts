import * as http from 'node:http';
import type { RequestListener } from 'node:http';
import type { ServerTimeouts } from '../config';

/**
 * The Node HTTP server the gateway listens with, its timeouts from the configuration:
 *
 * - `headersTimeout` cuts a client whose headers never finish (slow loris) with 408;
 * - `requestTimeout` bounds receiving the whole request, body included, and nothing after it: a GET has
 *   been received once its headers are, so an event stream may run for hours;
 * - `keepAliveTimeout` closes an idle keep-alive connection.
 *
 * Node checks the first two every `checkIntervalMs` (its default, 30 s, would let a stalled client stay
 * up to 30 s beyond its timeout).
 */
export function createHttpServer(app: RequestListener, timeouts: ServerTimeouts, checkIntervalMs = 1000): http.Server {
  return http.createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkIntervalMs,
    },
    app,
  );
}
