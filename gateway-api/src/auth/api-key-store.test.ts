import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiKeyError, ApiKeyStore } from './api-key-store';

describe('ApiKeyStore', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'api-keys-'));
    file = path.join(dir, 'api-keys.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads a file written before keys had dates, as it is, and keeps its keys working', async () => {
    const first = await ApiKeyStore.open(file);
    const issued = await first.issue('EcommerceMSP:buyer1', 'demo key');
    await first.close();
    // What a gateway of the first version wrote: id, label, identity, sha256 — nothing else.
    const legacy = (JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>[]).map(
      ({ id, label, identity, sha256 }) => ({ id, label, identity, sha256 }),
    );
    await writeFile(file, JSON.stringify(legacy));
    const store = await ApiKeyStore.open(file);
    expect(store.authenticate(issued.key)).toEqual({
      principal: { id: `key:${issued.id}`, identity: 'EcommerceMSP:buyer1' },
    });
    expect(store.get(issued.id)).toEqual({
      id: issued.id,
      label: 'demo key',
      identity: 'EcommerceMSP:buyer1',
      lastUsedAt: expect.any(String),
    });
    await store.close();
  });

  it('records the last use and writes it out at close; never the secret', async () => {
    const store = await ApiKeyStore.open(file);
    const issued = await store.issue('EcommerceMSP:buyer1', 'app', new Date('2030-01-01T10:00:00Z'));
    store.authenticate(issued.key, new Date('2030-01-01T10:05:42.123Z'));
    await store.close();
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>[];
    expect(saved).toEqual([
      expect.objectContaining({ createdAt: '2030-01-01T10:00:00.000Z', lastUsedAt: '2030-01-01T10:05:42.123Z' }),
    ]);
    expect(JSON.stringify(saved)).not.toContain(issued.key.slice(-20));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('keeps the last use through a revocation and a rotation; a revoked key is refused at the next request', async () => {
    const store = await ApiKeyStore.open(file);
    const first = await store.issue('EcommerceMSP:buyer1', 'app');
    const second = await store.issue('EcommerceMSP:buyer1', 'erp');
    store.authenticate(first.key, new Date('2030-01-01T10:00:00.001Z'));
    store.authenticate(second.key, new Date('2030-01-01T10:00:00.002Z'));
    expect(store.get(first.id)?.lastUsedAt).toBe('2030-01-01T10:00:00.001Z');
    store.authenticate(first.key, new Date('2030-01-01T10:00:00.003Z'));
    const revoked = await store.revoke(first.id, new Date('2030-01-01T10:00:01Z'));
    expect(revoked).toMatchObject({ lastUsedAt: '2030-01-01T10:00:00.003Z', revokedAt: '2030-01-01T10:00:01.000Z' });
    expect(store.authenticate(first.key)).toMatchObject({ revokedAt: '2030-01-01T10:00:01.000Z' });
    store.authenticate(second.key, new Date('2030-01-01T10:00:02Z'));
    const { previous } = await store.rotate(second.id);
    expect(previous).toMatchObject({ lastUsedAt: '2030-01-01T10:00:02.000Z', revokedAt: expect.any(String) });
    expect(store.authenticate(second.key)?.revokedAt).toBeDefined();
    await store.close();
    const reopened = await ApiKeyStore.open(file);
    expect(reopened.get(first.id)?.lastUsedAt).toBe('2030-01-01T10:00:00.003Z');
    expect(reopened.get(second.id)?.lastUsedAt).toBe('2030-01-01T10:00:02.000Z');
    expect(reopened.authenticate(first.key)?.revokedAt).toBeDefined();
    expect(reopened.authenticate(`${first.key.slice(0, -1)}${first.key.endsWith('x') ? 'y' : 'x'}`)).toBeUndefined();
  });

  it('rotates: a new key at once, the old one refused and linked to it', async () => {
    const store = await ApiKeyStore.open(file);
    const old = await store.issue('EcommerceMSP:store1', 'checkout');
    const { issued, previous } = await store.rotate(old.id);
    expect(issued).toMatchObject({ identity: 'EcommerceMSP:store1', label: 'checkout' });
    expect(previous).toMatchObject({ id: old.id, replacedBy: issued.id, revokedAt: expect.any(String) });
    expect(store.get(issued.id)).toMatchObject({ rotatedFrom: old.id });
    expect(store.authenticate(old.key)).toMatchObject({ revokedAt: expect.any(String) });
    expect(store.authenticate(issued.key)?.revokedAt).toBeUndefined();
    await expect(store.rotate(old.id)).rejects.toEqual(new ApiKeyError(old.id, 'REVOKED'));
    await expect(store.rotate('0000000000000000')).rejects.toBeInstanceOf(ApiKeyError);
    await store.close();
    // Both survive a restart as they are.
    const reopened = await ApiKeyStore.open(file);
    expect(reopened.authenticate(old.key)?.revokedAt).toBeDefined();
    expect(reopened.authenticate(issued.key)?.revokedAt).toBeUndefined();
    await reopened.close();
  });

  it('revokes one key, or every key of an identity; revoking again changes nothing', async () => {
    const store = await ApiKeyStore.open(file);
    const a = await store.issue('EcommerceMSP:store1', 'a');
    const b = await store.issue('EcommerceMSP:store1', 'b');
    const c = await store.issue('EcommerceMSP:buyer1', 'c');
    const revoked = await store.revoke(a.id, new Date('2030-01-01T00:00:00Z'));
    expect((await store.revoke(a.id)).revokedAt).toBe(revoked.revokedAt);
    expect(await store.revokeAllOf('EcommerceMSP:store1')).toBe(1);
    expect(store.authenticate(b.key)?.revokedAt).toBeDefined();
    expect(store.authenticate(c.key)?.revokedAt).toBeUndefined();
    expect(store.list((identity) => identity === 'EcommerceMSP:store1').map((k) => k.id)).toEqual([a.id, b.id]);
    // Concurrent writes each leave a whole file.
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.issue('EcommerceMSP:buyer1', `k${i}`)));
    await store.close();
    expect((await ApiKeyStore.open(file)).size).toBe(13);
  });
});
