import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { parseDemoKeyFile } from './auth/demo-key-file';
import { loadConfig } from './config';
import { bootstrapKeyFile, demoKeyFile, openGateway } from './gateway';
import { startupBanner } from './startup-banner';
import { openTestGateway } from './test/test-gateway';

/** `700`, `600`: octal, as ls and chmod say it. */
const modeOf = async (file: string): Promise<string> => ((await stat(file)).mode & 0o777).toString(8);

describe('what a fresh gateway creates on disk', () => {
  let parent: string;
  let previousUmask: number;
  beforeAll(async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'gateway-modes-'));
    // No help from the umask: every mode must be asked for explicitly.
    previousUmask = process.umask(0);
  });
  afterAll(async () => {
    process.umask(previousUmask);
    await rm(parent, { recursive: true, force: true });
  });

  it('makes its directories 0700 and its key files and evidence originals 0600', async () => {
    const dataDir = path.join(parent, 'data');
    const t = await openTestGateway({ dataDir });
    try {
      // An evidence upload creates the uploader's folder and the original.
      const me = await request(t.gateway.app).get('/api/v1/me').set('x-api-key', t.key('EcommerceMSP:store1'));
      await request(t.gateway.app)
        .post('/api/v1/members')
        .set('x-api-key', t.key('EcommerceMSP:Admin'))
        .send({ member: me.body.caller.party, name: 'store1', roles: ['store'] })
        .expect(201);
      await request(t.gateway.app)
        .post('/api/v1/evidence/files')
        .set('x-api-key', t.key('EcommerceMSP:store1'))
        .field('category', 'invoice')
        .attach('file', Buffer.from('invoice 9'), { filename: 'invoice.txt' })
        .expect(201);

      const gateway = path.join(dataDir, 'gateway');
      const evidence = path.join(gateway, 'evidence');
      const [owner] = (await readdir(evidence)).filter((name) => name !== 'tmp');
      const [original] = await readdir(path.join(evidence, owner ?? ''));
      const directories = [
        dataDir,
        gateway,
        path.join(gateway, 'idempotency-records'),
        evidence,
        path.join(evidence, 'tmp'),
        path.join(evidence, owner ?? ''),
      ];
      const files = [
        path.join(gateway, 'api-keys.json'),
        path.join(gateway, 'demo-api-keys.txt'),
        path.join(evidence, owner ?? '', original ?? ''),
      ];
      const modes = async (paths: string[]): Promise<Record<string, string>> =>
        Object.fromEntries(
          await Promise.all(
            paths.map(async (p): Promise<[string, string]> => [path.relative(parent, p), await modeOf(p)]),
          ),
        );
      expect(await modes(directories)).toEqual(
        Object.fromEntries(directories.map((d) => [path.relative(parent, d), '700'])),
      );
      expect(await modes(files)).toEqual(Object.fromEntries(files.map((f) => [path.relative(parent, f), '600'])));
    } finally {
      await t.close();
    }
  });
});

describe('API keys issued at start', () => {
  let dataDir: string;
  let logs: string;
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        logs += line;
      },
    },
  );
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-keys-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));
  beforeEach(() => {
    logs = '';
  });

  const open = (demo: boolean) =>
    openGateway(
      loadConfig({ GATEWAY_DATA_DIR: dataDir, GATEWAY_DEMO: String(demo), GATEWAY_DEVNET_PORT: '0' }),
      logger,
      {
        batch: { maxMessageCount: 100, batchTimeoutMs: 5 },
      },
    );
  const gatewayDir = (): string => path.join(dataDir, 'gateway');

  it('outside demo mode, issues one key per organisation admin only, to a 0600 file, and logs and prints no secret', async () => {
    const gateway = await open(false);
    // What the start logged (the requests below are logged too, with their headers redacted by index.ts).
    const startLogs = logs;
    try {
      const issued = gateway.issued;
      expect(issued?.kind).toBe('bootstrap');
      const identities = issued?.keys.map((k) => k.identity) ?? [];
      expect(identities.sort()).toEqual(['EcommerceMSP:Admin', 'EnergyMSP:Admin', 'FinanceMSP:Admin']);
      expect(gateway.identities.names().length).toBeGreaterThan(identities.length);
      expect(gateway.apiKeys.size).toBe(3);

      const file = bootstrapKeyFile(gatewayDir());
      expect(issued?.file).toBe(file);
      expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
      const written = parseDemoKeyFile(await readFile(file, 'utf8'));
      expect(new Map(issued?.keys.map((k) => [k.identity, k.key]))).toEqual(written);
      expect(existsSync(demoKeyFile(gatewayDir()))).toBe(false);

      // The keys work; nobody else has one.
      const me = await request(gateway.app)
        .get('/api/v1/me')
        .set('x-api-key', written.get('FinanceMSP:Admin') ?? '')
        .expect(200);
      expect(me.body.caller.mspId).toBe('FinanceMSP');

      const banner = startupBanner({
        base: 'http://127.0.0.1:3000',
        ledgerKind: 'devnet',
        dataDir,
        issued,
        earlierKeyFile: undefined,
      }).join('\n');
      expect(startLogs).toContain(file);
      expect(banner).toContain(file);
      for (const admin of identities) {
        expect(startLogs).toContain(admin);
        expect(banner).toContain(admin);
      }
      for (const key of written.values()) {
        expect(startLogs).not.toContain(key);
        expect(banner).not.toContain(key);
        expect(banner).not.toContain(key.slice(-20));
      }
    } finally {
      await gateway.close();
    }
  });

  it('issues nothing more on the next start outside demo mode', async () => {
    const gateway = await open(false);
    try {
      expect(gateway.issued).toBeUndefined();
      expect(gateway.apiKeys.size).toBe(3);
    } finally {
      await gateway.close();
    }
  });

  it('in demo mode, issues one key per identity to demo-api-keys.txt (0600) and shows them, also after a start outside it', async () => {
    const gateway = await open(true);
    try {
      const issued = gateway.issued;
      expect(issued?.kind).toBe('demo');
      expect(issued?.keys.map((k) => k.identity).sort()).toEqual(gateway.identities.names().sort());
      const file = demoKeyFile(gatewayDir());
      expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
      expect(parseDemoKeyFile(await readFile(file, 'utf8'))).toEqual(
        new Map(issued?.keys.map((k) => [k.identity, k.key])),
      );
      const banner = startupBanner({
        base: 'http://127.0.0.1:3000',
        ledgerKind: 'devnet',
        dataDir,
        issued,
        earlierKeyFile: undefined,
      }).join('\n');
      for (const k of issued?.keys ?? []) expect(banner).toContain(k.key);
    } finally {
      await gateway.close();
    }
    const again = await open(true);
    try {
      expect(again.issued).toBeUndefined();
    } finally {
      await again.close();
    }
  });
});
