import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config';
import { partyOf } from '../test/ledger-helpers';
import { openTestGateway, type TestGateway } from '../test/test-gateway';
import { createHttpServer } from './http-server';

const TIMEOUTS = { headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 1000 };

/** Opens a raw connection, writes `text`, and answers what came back and when the server closed it. */
function rawExchange(port: number, text: string): Promise<{ received: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(text);
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      resolve({ received, closedAfterMs: Date.now() - started });
    });
    // Long past every timeout under test: the server should have closed it by then.
    setTimeout(() => {
      socket.destroy();
    }, 5_000).unref();
  });
}

describe('HTTP server timeouts', () => {
  let t: TestGateway;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    t = await openTestGateway();
    server = createHttpServer(t.gateway.app, TIMEOUTS, 50);
    server.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    await t.destroy();
  });

  it('takes its timeouts from the configuration, with defaults', () => {
    expect(loadConfig({}).serverTimeouts).toEqual({
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 120_000,
      keepAliveTimeoutMs: 5_000,
    });
    expect(
      loadConfig({
        GATEWAY_HEADERS_TIMEOUT_MS: '1000',
        GATEWAY_REQUEST_TIMEOUT_MS: '2000',
        GATEWAY_KEEP_ALIVE_TIMEOUT_MS: '3000',
      }).serverTimeouts,
    ).toEqual({ headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 3000 });
    expect(() => loadConfig({ GATEWAY_HEADERS_TIMEOUT_MS: '5000', GATEWAY_REQUEST_TIMEOUT_MS: '1000' })).toThrow(
      /GATEWAY_HEADERS_TIMEOUT_MS: must not exceed GATEWAY_REQUEST_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ GATEWAY_KEEP_ALIVE_TIMEOUT_MS: '0' })).toThrow(/GATEWAY_KEEP_ALIVE_TIMEOUT_MS/);
    expect(server.headersTimeout).toBe(300);
    expect(server.requestTimeout).toBe(600);
    expect(server.keepAliveTimeout).toBe(1000);
  });

  it('cuts a slow-loris client whose headers never finish with 408', async () => {
    const { received, closedAfterMs } = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: gateway\r\nX-Slow: ');
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(250);
    expect(closedAfterMs).toBeLessThan(2_000);
  });

  it('cuts a client whose body never finishes within the request timeout', async () => {
    const { received, closedAfterMs } = await rawExchange(
      port,
      'POST /api/v1/transfers HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n' +
        `X-API-Key: ${t.key('EcommerceMSP:buyer1')}\r\nContent-Length: 1000\r\n\r\n{"amount":`,
    );
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(550);
    expect(closedAfterMs).toBeLessThan(2_500);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const { received, closedAfterMs } = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received).toMatch(/keep-alive: timeout=1\r\n/i);
    // Node closes the idle socket one second after the advertised timeout (its keep-alive buffer).
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(closedAfterMs).toBeLessThan(3_500);
  });

  it('keeps an event stream open well beyond the request timeout, and delivers on it', async () => {
    const events: string[] = [];
    let closed = false;
    const req = http.get(
      `http://127.0.0.1:${port}/api/v1/events`,
      { headers: { 'x-api-key': t.key('EcommerceMSP:buyer1'), accept: 'text/event-stream' } },
      (res) => {
        expect(res.statusCode).toBe(200);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          events.push(chunk);
        });
        res.on('close', () => {
          closed = true;
        });
      },
    );
    try {
      // Three request timeouts and many checks later, the stream is still open…
      await new Promise((resolve) => setTimeout(resolve, 3 * TIMEOUTS.requestTimeoutMs));
      expect(closed).toBe(false);
      // …and still delivers what commits now.
      const submitted = await t.gateway.ledger.submit({
        signer: await t.gateway.identities.signer('EcommerceMSP:Admin'),
        transaction: 'members:RegisterMember',
        arguments: [
          JSON.stringify({ member: await partyOf(t, 'EcommerceMSP:buyer2'), name: 'buyer2', roles: ['buyer'] }),
        ],
      });
      expect((await submitted.status()).valid).toBe(true);
      for (let i = 0; i < 50 && !events.join('').includes('event: MemberRegistered'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(events.join('')).toContain('event: MemberRegistered');
      expect(closed).toBe(false);
    } finally {
      req.destroy();
    }
  });
});
