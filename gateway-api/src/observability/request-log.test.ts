import { Writable } from 'node:stream';
import express from 'express';
import { pino, type Level } from 'pino';
import request from 'supertest';
import { noteTransactionIds, requestLogger } from './request-log';

/** An app with the request logger at `level`, and the lines it wrote. */
function logged(level: Level): { app: express.Express; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const app = express();
  app.use(requestLogger(pino({ level }, stream)));
  app.use(noteTransactionIds);
  app.get('/ok', (req, res) => {
    req.log.warn({ detail: 1 }, 'from the handler');
    res.json({ transactionId: 'tx1' });
  });
  app.get('/fails', (_req, res) => {
    res.err = new Error('broken', { cause: new Error('underneath') });
    res.status(500).json({});
  });
  app.get('/unavailable', (_req, res) => {
    res.status(503).json({});
  });
  return { app, lines };
}

describe('requestLogger', () => {
  it('writes one line per request with its id, the transaction it made and its time; the handler logs with the same id', async () => {
    const { app, lines } = logged('info');
    const res = await request(app).get('/ok').set('x-request-id', 'abc-1').expect(200);
    expect(res.headers['x-request-id']).toBe('abc-1');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, reqId: 'abc-1', detail: 1, msg: 'from the handler' });
    expect(lines[1]).toMatchObject({
      level: 30,
      reqId: 'abc-1',
      tx: 'tx1',
      ms: expect.any(Number),
      msg: 'GET /ok 200',
    });
    expect(Object.keys(lines[1] ?? {})).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'tx', 'ms', 'msg']);
  });

  it('makes a fresh id when the request brings none (or an unusable one)', async () => {
    const { app, lines } = logged('info');
    const res = await request(app).get('/ok').set('x-request-id', 'no spaces allowed').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[1]?.reqId).toBe(res.headers['x-request-id']);
  });

  it('logs a server failure as an error with its cause, and a 5xx without one with a generic error', async () => {
    const { app, lines } = logged('info');
    await request(app).get('/fails').expect(500);
    await request(app).get('/unavailable').expect(503);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'GET /fails 500',
      err: { type: 'Error', message: 'broken: underneath' },
    });
    expect((lines[0]?.err as { stack: string }).stack).toMatch(/caused by: Error: underneath/);
    expect(lines[1]).toMatchObject({ level: 50, err: { message: 'failed with status code 503' } });
  });

  it('writes nothing below its level, while handlers still log through req.log', async () => {
    const { app, lines } = logged('warn');
    await request(app).get('/ok').expect(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'from the handler', reqId: expect.any(String) });
  });
});
