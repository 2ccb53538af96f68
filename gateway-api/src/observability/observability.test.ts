import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { parseDemoKeyFile } from '../auth/demo-key-file';
import { loadConfig } from '../config';
import { demoKeyFile, openGateway, type Gateway } from '../gateway';
import { routeLabeler } from './route-label';
import { readFile } from 'node:fs/promises';

describe('routeLabeler', () => {
  const label = routeLabeler([
    '/api/v1/blocks/:number',
    '/api/v1/blocks/by-hash/:hash',
    '/api/v1/evidence/:hash',
    '/api/v1/evidence/files',
    '/explorer/*',
    '/healthz',
  ]);

  it('names each route once, by its template, whatever its parameters', () => {
    expect(label('/api/v1/blocks/5')).toBe('/api/v1/blocks/:number');
    expect(label('/api/v1/blocks/6/')).toBe('/api/v1/blocks/:number');
    expect(label('/api/v1/blocks/by-hash/ab')).toBe('/api/v1/blocks/by-hash/:hash');
    expect(label('/api/v1/evidence/files')).toBe('/api/v1/evidence/files');
    expect(label('/api/v1/evidence/00ff')).toBe('/api/v1/evidence/:hash');
    expect(label('/explorer')).toBe('/explorer/*');
    expect(label('/explorer/assets/index-1.js')).toBe('/explorer/*');
    expect(label('/healthz')).toBe('/healthz');
    expect(label('/nothing/here')).toBe('unmatched');
    expect(label('/api/v1/blocks/5/more')).toBe('unmatched');
    expect(label('/explorer/a/b/c/d/e/f/g/h')).toBe('/explorer/*');
    expect(label('/')).toBe('unmatched');
  });
});

describe('operations signals', () => {
  let dataDir: string;
  let gateway: Gateway;
  let keys: Map<string, string>;
  const lines: Record<string, unknown>[] = [];
  const steps: { step: string; done: boolean }[] = [];
  const key = (identity: string): string => keys.get(identity) ?? '';

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-ops-'));
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = loadConfig({
      GATEWAY_DATA_DIR: dataDir,
      GATEWAY_DEMO: 'true',
      GATEWAY_DEVNET_PORT: '0',
      GATEWAY_KEEPER: 'false',
    });
    gateway = await openGateway(
      config,
      pino({ level: 'info' }, sink),
      { batch: { maxMessageCount: 100, batchTimeoutMs: 5 } },
      (step) => {
        const entry = { step, done: false };
        steps.push(entry);
        return () => {
          entry.done = true;
        };
      },
    );
    keys = parseDemoKeyFile(await readFile(demoKeyFile(path.join(dataDir, 'gateway')), 'utf8'));
  }, 60_000);
  afterAll(async () => {
    await gateway.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('tells each slow step of a first start as it begins, and when it is done', () => {
    const named = steps.map((s) => s.step.replace(dataDir, '<dir>').replace(/127\.0\.0\.1:\d+/, '127.0.0.1:<port>'));
    expect(named).toEqual([
      'loading devnet and the contracts',
      "creating devnet's organisations and identities (first start), opening the ledger in <dir>",
      "starting the organisations' Fabric CA servers (TLS) on 127.0.0.1",
      "starting devnet's Fabric peer endpoint (gRPC, TLS) on 127.0.0.1:<port>",
      'connecting through fabric-gateway (<dir>/devnet-connection.json)',
    ]);
    expect(steps.every((s) => s.done)).toBe(true);
  });

  it('labels each route once by its template, refused requests included', async () => {
    const http = request(gateway.app);
    await http.get('/api/v1/blocks/0').set('x-api-key', key('FinanceMSP:auditor1')).expect(200);
    await http.get('/api/v1/blocks/99999').set('x-api-key', key('FinanceMSP:auditor1')).expect(404);
    await http.get('/api/v1/blocks/1').expect(401);
    const metrics = (await http.get('/metrics').expect(200)).text;
    const series = metrics.split('\n').filter((l) => l.startsWith('gateway_http_requests_total{'));
    const blockRoutes = new Set(series.filter((l) => l.includes('/blocks')).map((l) => /route="([^"]*)"/.exec(l)?.[1]));
    expect([...blockRoutes]).toEqual(['/api/v1/blocks/:number']);
    expect(series.some((l) => l.includes('route="/api/v1/blocks/:number",status="401"'))).toBe(true);
    expect(series.some((l) => l.includes('unmatched'))).toBe(false);
  });

  it('has the ledger series: height, age of the last block, commits by validation code, open streams', async () => {
    const http = request(gateway.app);
    const before = (await http.get('/metrics').expect(200)).text;
    const height = Number(/^ledger_height (\d+)$/m.exec(before)?.[1]);
    expect(height).toBeGreaterThan(0);
    expect(before).toMatch(/^ledger_last_block_age_seconds \d/m);
    expect(before).toMatch(/^gateway_event_streams_open 0$/m);
    const me = await http.get('/api/v1/me').set('x-api-key', key('EcommerceMSP:buyer1')).expect(200);
    await http
      .post('/api/v1/members')
      .set('x-api-key', key('EcommerceMSP:Admin'))
      .send({ member: (me.body as { caller: { party: string } }).caller.party, name: 'buyer', roles: ['buyer'] })
      .expect(201);
    const after = (await http.get('/metrics').expect(200)).text;
    expect(Number(/^ledger_height (\d+)$/m.exec(after)?.[1])).toBe(height + 1);
    expect(after).toMatch(/^ledger_transactions_total\{validation_code="VALID"\} 1$/m);
  });

  it('logs one concise line per request, with the identity and the transaction it made', async () => {
    const http = request(gateway.app);
    const me = await http.get('/api/v1/me').set('x-api-key', key('EcommerceMSP:store1')).expect(200);
    lines.length = 0;
    const res = await http
      .post('/api/v1/members')
      .set('x-api-key', key('EcommerceMSP:Admin'))
      .send({ member: (me.body as { caller: { party: string } }).caller.party, name: 'store', roles: ['store'] })
      .expect(201);
    await http.get('/api/v1/blocks/x').set('x-api-key', key('EcommerceMSP:Admin')).expect(400);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      msg: 'POST /api/v1/members 201',
      identity: 'EcommerceMSP:Admin',
      tx: (res.body as { transactionId: string }).transactionId,
      ms: expect.any(Number),
      reqId: expect.any(String),
    });
    expect(lines[0]).not.toHaveProperty('req');
    expect(lines[0]).not.toHaveProperty('res');
    expect(lines[1]).toMatchObject({ msg: 'GET /api/v1/blocks/x 400', code: 'VALIDATION_FAILED' });
  });
});
