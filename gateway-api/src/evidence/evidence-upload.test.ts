import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import request from 'supertest';
import { openTestGateway, type TestGateway } from '../test/test-gateway';

/** Where uploads land: `<data dir>/gateway/evidence/<sha256>`, complete or not at all. */
describe('evidence file store', () => {
  let t: TestGateway;
  const dir = (): string => path.join(t.dataDir, 'gateway', 'evidence');

  beforeAll(async () => {
    t = await openTestGateway({ env: { GATEWAY_EVIDENCE_MAX_BYTES: '1024' } });
    const admin = t.key('EcommerceMSP:Admin');
    const me = await request(t.gateway.app).get('/api/v1/me').set('x-api-key', t.key('EcommerceMSP:store1'));
    await request(t.gateway.app)
      .post('/api/v1/members')
      .set('x-api-key', admin)
      .send({ member: me.body.caller.party, name: 'store1', roles: ['store'] })
      .expect(201);
  });
  afterAll(() => t.destroy());

  const upload = (key: string, content: Buffer) =>
    request(t.gateway.app)
      .post('/api/v1/evidence/files')
      .set('x-api-key', key)
      .field('category', 'invoice')
      .attach('file', content, { filename: 'invoice.txt', contentType: 'text/plain' });

  it('stores the original under its SHA-256 once registered, and nothing of refused uploads', async () => {
    const content = Buffer.from('invoice 1: 12 t of tea');
    const sha = createHash('sha256').update(content).digest('hex');
    // Not a member: the registration is refused and the file is not kept.
    await upload(t.key('EcommerceMSP:store2'), content).expect(403);
    expect(await readdir(dir())).toEqual(['tmp']);
    await upload(t.key('EcommerceMSP:store1'), content).expect(201);
    expect((await readdir(dir())).sort()).toEqual([sha, 'tmp']);
    expect(await readFile(path.join(dir(), sha))).toEqual(content);
    // Over the configured limit (1024 bytes here): 413, nothing kept.
    const big = await upload(t.key('EcommerceMSP:store1'), Buffer.alloc(1025)).expect(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await readdir(path.join(dir(), 'tmp'))).toEqual([]);
    expect((await readdir(dir())).sort()).toEqual([sha, 'tmp']);
  });

  it('refuses unknown fields (also __proto__ and constructor) with 400, as JSON bodies do; nothing kept or registered', async () => {
    const content = Buffer.from('invoice 2: 3 t of rice');
    const sha = createHash('sha256').update(content).digest('hex');
    const before = (await readdir(dir())).sort();
    for (const name of ['__proto__', 'constructor', 'colour']) {
      const res = await request(t.gateway.app)
        .post('/api/v1/evidence/files')
        .set('x-api-key', t.key('EcommerceMSP:store1'))
        .field('category', 'invoice')
        .field(name, '{"polluted":true}')
        .attach('file', content, { filename: 'invoice.txt', contentType: 'text/plain' })
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ path: `body.${name}`, message: 'unknown field' }],
      });
      const verified = await request(t.gateway.app)
        .post('/api/v1/evidence/file-verifications')
        .set('x-api-key', t.key('EcommerceMSP:store1'))
        .field(name, 'x')
        .attach('file', content, { filename: 'invoice.txt' })
        .expect(400);
      expect(verified.body.errors).toEqual([{ path: `body.${name}`, message: 'unknown field' }]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await readdir(dir())).sort()).toEqual(before);
    const registered = await request(t.gateway.app)
      .get(`/api/v1/evidence/${sha}/verification`)
      .set('x-api-key', t.key('EcommerceMSP:store1'))
      .expect(200);
    expect(registered.body.registered).toBe(false);
  });
});
