import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import request from 'supertest';
import { partyOf } from '../test/ledger-helpers';
import { openTestGateway, type TestGateway } from '../test/test-gateway';
import { ownerKey } from './evidence-file-store';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Where uploads land: `<data dir>/gateway/evidence/<owner key>/<sha256>`, complete or not at all. */
describe('evidence file store', () => {
  let t: TestGateway;
  let store1: string;
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
    store1 = ownerKey(me.body.caller.party as string);
  });
  afterAll(() => t.destroy());

  const upload = (key: string, content: Buffer) =>
    request(t.gateway.app)
      .post('/api/v1/evidence/files')
      .set('x-api-key', key)
      .field('category', 'invoice')
      .attach('file', content, { filename: 'invoice.txt', contentType: 'text/plain' });

  it("stores the original under its SHA-256 in its uploader's folder once registered, and nothing of refused uploads", async () => {
    const content = Buffer.from('invoice 1: 12 t of tea');
    const sha = sha256(content);
    // Not a member: the registration is refused and the file is not kept.
    await upload(t.key('EcommerceMSP:store2'), content).expect(403);
    expect(await readdir(dir())).toEqual(['tmp']);
    await upload(t.key('EcommerceMSP:store1'), content).expect(201);
    expect((await readdir(dir())).sort()).toEqual([store1, 'tmp'].sort());
    expect(await readdir(path.join(dir(), store1))).toEqual([sha]);
    expect(await readFile(path.join(dir(), store1, sha))).toEqual(content);
    // Over the configured limit (1024 bytes here): 413, nothing kept.
    const big = await upload(t.key('EcommerceMSP:store1'), Buffer.alloc(1025)).expect(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await readdir(path.join(dir(), 'tmp'))).toEqual([]);
    expect(await readdir(path.join(dir(), store1))).toEqual([sha]);
  });

  it('refuses unknown fields (also __proto__ and constructor) with 400, as JSON bodies do; nothing kept or registered', async () => {
    const content = Buffer.from('invoice 2: 3 t of rice');
    const sha = sha256(content);
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

/**
 * Originals are kept per uploader: bytes one party uploads for a hash another party registered are never
 * served as that party's original.
 */
describe('evidence originals per uploader', () => {
  let t: TestGateway;
  const parties = new Map<string, string>();
  const dir = (): string => path.join(t.dataDir, 'gateway', 'evidence');

  beforeAll(async () => {
    t = await openTestGateway();
    for (const [identity, roles] of [
      ['EcommerceMSP:store1', ['store']],
      ['EcommerceMSP:store2', ['store']],
      ['FinanceMSP:auditor1', ['auditor']],
    ] as const) {
      const party = await partyOf(t, identity);
      parties.set(identity, party);
      await request(t.gateway.app)
        .post('/api/v1/members')
        .set('x-api-key', t.key(`${identity.slice(0, identity.indexOf(':'))}:Admin`))
        .send({ member: party, name: identity, roles })
        .expect(201);
    }
  });
  afterAll(() => t.destroy());

  const as = (identity: string) => ({
    upload: (content: Buffer) =>
      request(t.gateway.app)
        .post('/api/v1/evidence/files')
        .set('x-api-key', t.key(identity))
        .field('category', 'contract')
        .attach('file', content, { filename: 'contract.pdf', contentType: 'application/pdf' }),
    download: (hash: string) =>
      request(t.gateway.app)
        .get(`/api/v1/evidence/${hash}/file`)
        .set('x-api-key', t.key(identity))
        .buffer(true)
        .parse((res, done) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => {
            done(null, Buffer.concat(parts));
          });
        }),
  });
  const folderOf = (identity: string): string => path.join(dir(), ownerKey(parties.get(identity) ?? ''));

  it("never serves B's upload as the original of A, who registered the hash first without a file", async () => {
    const A = 'EcommerceMSP:store1';
    const B = 'EcommerceMSP:store2';
    const auditor = 'FinanceMSP:auditor1';
    const document = Buffer.from('supply contract 7: 40 t of copper, delivery in May');
    const hash = sha256(document);
    await request(t.gateway.app)
      .post('/api/v1/evidence')
      .set('x-api-key', t.key(A))
      .send({ hash, category: 'contract' })
      .expect(201);

    // B uploads the document: A registered it, so B gets the conflict and B's bytes are not kept.
    const conflict = await as(B).upload(document).expect(409);
    expect(conflict.body).toMatchObject({ code: 'CONFLICT', details: { hash, owner: parties.get(A) } });
    expect((await readdir(dir())).sort()).toEqual(['tmp']);
    const none = await as(A).download(hash).expect(404);
    expect((none.body as Buffer).toString()).toContain('NOT_FOUND');
    await as(auditor).download(hash).expect(404);
    await as(B).download(hash).expect(403);

    // A uploads its own document: still the conflict (it is registered), and now A's original is kept.
    await as(A).upload(document).expect(409);
    expect(await readdir(folderOf(A))).toEqual([hash]);
    for (const reader of [A, auditor]) {
      const file = await as(reader).download(hash).expect(200);
      expect(Buffer.compare(file.body as Buffer, document)).toBe(0);
    }
    await as(B).download(hash).expect(403);
  });

  it("keeps each uploader's registered uploads in its own folder, readable by it and by auditors only", async () => {
    const mine = Buffer.from('delivery note 12, signed by store2');
    await as('EcommerceMSP:store2').upload(mine).expect(201);
    expect(await readdir(folderOf('EcommerceMSP:store2'))).toEqual([sha256(mine)]);
    await as('EcommerceMSP:store2').download(sha256(mine)).expect(200);
    await as('FinanceMSP:auditor1').download(sha256(mine)).expect(200);
    await as('EcommerceMSP:store1').download(sha256(mine)).expect(403);
  });
});

/** GATEWAY_EVIDENCE_QUOTA_BYTES: the originals together stay within the quota, across restarts. */
describe('evidence store quota', () => {
  const STORE = 'EcommerceMSP:store1';
  const first = Buffer.alloc(60, 'a');
  const second = Buffer.alloc(60, 'b');

  const upload = (t: TestGateway, content: Buffer) =>
    request(t.gateway.app)
      .post('/api/v1/evidence/files')
      .set('x-api-key', t.key(STORE))
      .field('category', 'invoice')
      .attach('file', content, { filename: 'invoice.bin' });
  const registered = async (t: TestGateway, content: Buffer): Promise<boolean> =>
    (
      await request(t.gateway.app)
        .get(`/api/v1/evidence/${sha256(content)}/verification`)
        .set('x-api-key', t.key(STORE))
        .expect(200)
    ).body.registered as boolean;

  it('refuses an upload that would exceed the quota with 507, keeping and registering nothing; usage survives a restart', async () => {
    const t1 = await openTestGateway({ env: { GATEWAY_EVIDENCE_QUOTA_BYTES: '100' } });
    const party = await partyOf(t1, STORE);
    await request(t1.gateway.app)
      .post('/api/v1/members')
      .set('x-api-key', t1.key('EcommerceMSP:Admin'))
      .send({ member: party, name: 'store1', roles: ['store'] })
      .expect(201);
    const dir = path.join(t1.dataDir, 'gateway', 'evidence');
    const folder = path.join(dir, ownerKey(party));
    const keys = new Map([[STORE, t1.key(STORE)]]);
    let t2: TestGateway | undefined;
    let t3: TestGateway | undefined;
    try {
      await upload(t1, first).expect(201);
      expect(t1.gateway.evidenceFiles.usedBytes).toBe(60);

      // 60 + 60 > 100: refused while it streams in.
      const full = await upload(t1, second).expect(507);
      expect(full.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(full.body).toMatchObject({ status: 507, code: 'STORAGE_QUOTA_EXCEEDED' });
      expect(await readdir(folder)).toEqual([sha256(first)]);
      expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
      expect(await registered(t1, second)).toBe(false);
      expect(t1.gateway.evidenceFiles.usedBytes).toBe(60);

      // A declared body far beyond the room left: refused before it is read.
      const big = await upload(t1, Buffer.alloc(70 * 1024, 'c')).expect(507);
      expect(big.body.code).toBe('STORAGE_QUOTA_EXCEEDED');
      await t1.close();

      // The usage is summed again at open: still full.
      t2 = await openTestGateway({ dataDir: t1.dataDir, keys, env: { GATEWAY_EVIDENCE_QUOTA_BYTES: '100' } });
      expect(t2.gateway.evidenceFiles.usedBytes).toBe(60);
      await upload(t2, second).expect(507);
      expect(await registered(t2, second)).toBe(false);
      await t2.close();

      // A larger quota makes room.
      t3 = await openTestGateway({ dataDir: t1.dataDir, keys, env: { GATEWAY_EVIDENCE_QUOTA_BYTES: '200' } });
      await upload(t3, second).expect(201);
      expect(t3.gateway.evidenceFiles.usedBytes).toBe(120);
      expect((await readdir(folder)).sort()).toEqual([sha256(first), sha256(second)].sort());
    } finally {
      await t2?.close();
      await t3?.close();
      await t1.destroy();
    }
  });
});
