import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface SseEvent {
  readonly id: string;
  readonly event: string;
  readonly data: string;
}

/** A real server on 127.0.0.1 for streaming tests (supertest buffers whole responses). */
export async function listen(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** Reads `count` events from an SSE endpoint, then disconnects; fails after `timeoutMs`. */
export function readEvents(
  url: string,
  headers: Record<string, string>,
  count: number,
  timeoutMs = 10_000,
): Promise<{ status: number; contentType: string | undefined; events: SseEvent[] }> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let buffer = '';
      const finish = (): void => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], events });
      };
      if (res.statusCode !== 200) {
        res.resume();
        finish();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const sep = line.indexOf(': ');
            if (sep > 0) fields.set(line.slice(0, sep), line.slice(sep + 2));
          }
          if (fields.has('data')) {
            events.push({
              id: fields.get('id') ?? '',
              event: fields.get('event') ?? 'message',
              data: fields.get('data') ?? '',
            });
          }
          if (events.length >= count) {
            finish();
            return;
          }
        }
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`only ${events.length} of ${count} events within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (err) => {
      if (events.length < count) reject(err);
    });
  });
}
