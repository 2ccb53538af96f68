import * as http from 'node:http';
import * as https from 'node:https';
import type { RequestListener } from 'node:http';
import type { ServerTimeouts } from '../config';

/** The certificate (chain) and private key, PEM, an HTTPS listener presents. */
export interface ServerTls {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

/**
 * The Node HTTP server the gateway listens with — HTTPS when `tls` is given — its timeouts from the
 * configuration:
 *
 * - `headersTimeout` cuts a client whose headers never finish (slow loris) with 408;
 * - `requestTimeout` bounds receiving the whole request, body included, and nothing after it: a GET has
 *   been received once its headers are, so an event stream may run for hours;
 * - `keepAliveTimeout` closes an idle keep-alive connection.
 *
 * Node checks the first two every `checkIntervalMs` (its default, 30 s, would let a stalled client stay
 * up to 30 s beyond its timeout).
 */
export function createHttpServer(
  app: RequestListener,
  timeouts: ServerTimeouts,
  checkIntervalMs = 1000,
  tls?: ServerTls,
): http.Server {
  const options: http.ServerOptions = {
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    connectionsCheckingInterval: checkIntervalMs,
  };
  return tls ? https.createServer({ ...options, cert: tls.cert, key: tls.key }, app) : http.createServer(options, app);
}
