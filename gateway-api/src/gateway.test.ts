import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
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
        path.join(gateway, 'idempotency'),
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
