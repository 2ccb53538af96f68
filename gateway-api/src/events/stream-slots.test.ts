import * as http from 'node:http';
import { listen } from '../test/sse-client';
import { openTestGateway, type TestGateway } from '../test/test-gateway';
import { StreamSlots } from './stream-slots';

interface OpenStream {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** The body of a refusal (empty for a stream). */
  readonly body: string;
  close(): void;
}

/** Opens `GET /api/v1/events` and holds it: resolves at the first bytes of a stream, or a whole refusal. */
function openStream(url: string, key: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${url}/api/v1/events`,
      { headers: { 'x-api-key': key, accept: 'text/event-stream' } },
      (res) => {
        const close = (): void => {
          req.destroy();
        };
        res.setEncoding('utf8');
        if (res.statusCode === 200) {
          res.once('data', () => {
            resolve({ status: 200, headers: res.headers, body: '', close });
          });
          return;
        }
        let body = '';
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, close });
        });
      },
    );
    req.on('error', reject);
  });
}

describe('stream slots', () => {
  it('counts per credential, refuses beyond the cap, and frees a slot once on release', () => {
    const slots = new StreamSlots({ maxPerCredential: 2 });
    const a1 = slots.tryAcquire('key:a');
    const a2 = slots.tryAcquire('key:a');
    expect(a1).toBeDefined();
    expect(a2).toBeDefined();
    expect(slots.tryAcquire('key:a')).toBeUndefined();
    expect(slots.tryAcquire('key:b')).toBeDefined();
    a1?.();
    a1?.(); // a second release frees nothing more
    expect(slots.openCount('key:a')).toBe(1);
    expect(slots.tryAcquire('key:a')).toBeDefined();
    expect(slots.tryAcquire('key:a')).toBeUndefined();
  });
});

describe('GET /api/v1/events: open streams per credential', () => {
  let t: TestGateway;
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    t = await openTestGateway({ env: { GATEWAY_EVENT_STREAMS_PER_CREDENTIAL: '2' } });
    server = await listen(t.gateway.app);
  });
  afterAll(async () => {
    await server.close();
    await t.destroy();
  });

  it('answers the stream beyond the cap with 429 TOO_MANY_STREAMS and Retry-After; a closed stream frees its slot', async () => {
    const key = t.key('EcommerceMSP:buyer1');
    const first = await openStream(server.url, key);
    const second = await openStream(server.url, key);
    expect([first.status, second.status]).toEqual([200, 200]);

    const third = await openStream(server.url, key);
    expect(third.status).toBe(429);
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(third.body)).toMatchObject({ status: 429, code: 'TOO_MANY_STREAMS' });
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);

    // Another credential has its own slots.
    const other = await openStream(server.url, t.key('EcommerceMSP:buyer2'));
    expect(other.status).toBe(200);
    other.close();

    // Closing a stream frees its slot (once the server has seen the connection go).
    first.close();
    let next: OpenStream | undefined;
    for (let i = 0; i < 40; i++) {
      next = await openStream(server.url, key);
      if (next.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(next?.status).toBe(200);
    expect((await openStream(server.url, key)).status).toBe(429);
    second.close();
    next?.close();
  });

  it('frees the slot of a stream refused before it started (a bad Last-Event-ID)', async () => {
    const key = t.key('FinanceMSP:bank1');
    for (let i = 0; i < 3; i++) {
      const bad = await new Promise<number>((resolve, reject) => {
        http
          .get(
            `${server.url}/api/v1/events`,
            { headers: { 'x-api-key': key, 'last-event-id': 'yesterday' } },
            (res) => {
              res.resume();
              res.on('end', () => {
                resolve(res.statusCode ?? 0);
              });
            },
          )
          .on('error', reject);
      });
      expect(bad).toBe(400);
    }
    const ok = await openStream(server.url, key);
    expect(ok.status).toBe(200);
    ok.close();
  });
});
