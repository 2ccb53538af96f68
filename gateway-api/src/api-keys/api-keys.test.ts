import request from 'supertest';
import { openTestGateway, type TestGateway } from '../test/test-gateway';

const ADMIN = 'EcommerceMSP:Admin';
const STORE = 'EcommerceMSP:store1';

describe('API keys over REST', () => {
  let t: TestGateway;
  const http = () => request(t.gateway.app);
  const as = (identity: string) => ({ 'x-api-key': t.key(identity) });

  beforeAll(async () => {
    // Not in demo mode: the first start issues keys for the org admins only, as on a real deployment.
    t = await openTestGateway({ env: { GATEWAY_DEMO: 'false' } });
  });
  afterAll(() => t.destroy());

  it('starts from the bootstrap keys: an admin issues the first key of an operator-configured identity', async () => {
    expect(t.gateway.issued?.kind).toBe('bootstrap');
    const issued = await http()
      .post('/api/v1/api-keys')
      .set(as(ADMIN))
      .send({ identity: STORE, label: 'checkout' })
      .expect(201);
    expect(issued.body).toMatchObject({ identity: STORE, label: 'checkout', createdAt: expect.any(String) });
    const me = await http()
      .get('/api/v1/me')
      .set('x-api-key', issued.body.key as string)
      .expect(200);
    expect(me.body.caller.mspId).toBe('EcommerceMSP');
    const list = await http()
      .get(`/api/v1/api-keys?identity=${encodeURIComponent(STORE)}`)
      .set(as(ADMIN))
      .expect(200);
    expect(list.body.items).toEqual([
      {
        id: issued.body.id,
        identity: STORE,
        label: 'checkout',
        createdAt: issued.body.createdAt,
        lastUsedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(issued.body.key as string);
    // Without ?identity: every key of the admin's org, its own bootstrap key included; none of another org's.
    const all = await http().get('/api/v1/api-keys').set(as(ADMIN)).expect(200);
    const identities = (all.body.items as { identity: string }[]).map((k) => k.identity);
    expect(identities).toEqual(expect.arrayContaining([ADMIN, STORE]));
    expect(identities.every((i) => i.startsWith('EcommerceMSP:'))).toBe(true);
  });

  it('rotates a key: the new one works at once, the old one is refused at once', async () => {
    const first = await http()
      .post('/api/v1/api-keys')
      .set(as(ADMIN))
      .send({ identity: STORE, label: 'erp' })
      .expect(201);
    const rotated = await http()
      .post(`/api/v1/api-keys/${first.body.id as string}/rotation`)
      .set(as(ADMIN))
      .expect(201);
    expect(rotated.body.apiKey).toMatchObject({ identity: STORE, label: 'erp', key: expect.stringMatching(/^alk_/) });
    expect(rotated.body.previous).toMatchObject({ id: first.body.id, replacedBy: rotated.body.apiKey.id });
    await http()
      .get('/api/v1/chain')
      .set('x-api-key', rotated.body.apiKey.key as string)
      .expect(200);
    const old = await http()
      .get('/api/v1/chain')
      .set('x-api-key', first.body.key as string)
      .expect(401);
    expect(old.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: expect.stringMatching(/revoked/) });
    const again = await http()
      .post(`/api/v1/api-keys/${first.body.id as string}/rotation`)
      .set(as(ADMIN))
      .expect(409);
    expect(again.body.code).toBe('API_KEY_REVOKED');
  });

  it('revokes a key: refused from the next request on; revoking again answers it as it is', async () => {
    const key = await http()
      .post('/api/v1/api-keys')
      .set(as(ADMIN))
      .send({ identity: STORE, label: 'tmp' })
      .expect(201);
    const revoked = await http()
      .post(`/api/v1/api-keys/${key.body.id as string}/revocation`)
      .set(as(ADMIN))
      .expect(200);
    expect(revoked.body).toMatchObject({ id: key.body.id, revokedAt: expect.any(String) });
    await http()
      .get('/api/v1/chain')
      .set('x-api-key', key.body.key as string)
      .expect(401);
    const again = await http()
      .post(`/api/v1/api-keys/${key.body.id as string}/revocation`)
      .set(as(ADMIN))
      .expect(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('leaves keys to the administrators of the identity’s own organisation', async () => {
    const storeKey = await http()
      .post('/api/v1/api-keys')
      .set(as(ADMIN))
      .send({ identity: STORE, label: 'own' })
      .expect(201);
    const self = await http()
      .post('/api/v1/api-keys')
      .set('x-api-key', storeKey.body.key as string)
      .send({ identity: STORE, label: 'mine' })
      .expect(403);
    expect(self.body.code).toBe('ORG_ADMIN_REQUIRED');
    await http()
      .post(`/api/v1/api-keys/${storeKey.body.id as string}/revocation`)
      .set('x-api-key', storeKey.body.key as string)
      .expect(403);
    const other = await http()
      .post('/api/v1/api-keys')
      .set(as('FinanceMSP:Admin'))
      .send({ identity: STORE, label: 'not mine' })
      .expect(403);
    expect(other.body.code).toBe('ORG_ADMIN_REQUIRED');
    await http()
      .post(`/api/v1/api-keys/${storeKey.body.id as string}/rotation`)
      .set(as('FinanceMSP:Admin'))
      .expect(403);
    await http()
      .get(`/api/v1/api-keys?identity=${encodeURIComponent(STORE)}`)
      .set(as('FinanceMSP:Admin'))
      .expect(403);
  });

  it('answers unknown keys and identities, and bad input, with their codes', async () => {
    const missing = await http().post('/api/v1/api-keys/0123456789abcdef/rotation').set(as(ADMIN)).expect(404);
    expect(missing.body.code).toBe('API_KEY_NOT_FOUND');
    const nobody = await http()
      .post('/api/v1/api-keys')
      .set(as(ADMIN))
      .send({ identity: 'EcommerceMSP:nobody', label: 'x' })
      .expect(404);
    expect(nobody.body.code).toBe('IDENTITY_NOT_FOUND');
    const bad = await http()
      .post('/api/v1/api-keys')
      .set(as(ADMIN))
      .send({ identity: 'store1', label: '' })
      .expect(400);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['body.identity', 'body.label']);
    await http().post('/api/v1/api-keys/NOT-AN-ID/revocation').set(as(ADMIN)).expect(400);
  });

  it('keeps keys and their dates across a restart', async () => {
    const key = await http()
      .post('/api/v1/api-keys')
      .set(as(ADMIN))
      .send({ identity: STORE, label: 'durable' })
      .expect(201);
    await http()
      .get('/api/v1/chain')
      .set('x-api-key', key.body.key as string)
      .expect(200);
    const adminKey = t.key(ADMIN);
    await t.close();
    t = await openTestGateway({
      dataDir: t.dataDir,
      env: { GATEWAY_DEMO: 'false' },
      keys: new Map([[ADMIN, adminKey]]),
    });
    await http()
      .get('/api/v1/chain')
      .set('x-api-key', key.body.key as string)
      .expect(200);
    const list = await http()
      .get(`/api/v1/api-keys?identity=${encodeURIComponent(STORE)}`)
      .set(as(ADMIN))
      .expect(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ id: key.body.id, createdAt: key.body.createdAt, lastUsedAt: expect.any(String) }),
    );
  });
});
