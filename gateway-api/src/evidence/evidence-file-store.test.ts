import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EvidenceFileStore, EvidenceQuotaExceeded } from './evidence-file-store';

describe('EvidenceFileStore quota', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'evidence-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const open = (quotaBytes: number) =>
    EvidenceFileStore.open({ dir: path.join(dir, 'evidence'), maxBytes: 1024, quotaBytes });

  it('counts uploads in progress, so concurrent uploads cannot overshoot together', async () => {
    const store = await open(100);
    const a = await store.upload();
    const b = await store.upload();
    await a.write(Buffer.alloc(60));
    await expect(b.write(Buffer.alloc(60))).rejects.toBeInstanceOf(EvidenceQuotaExceeded);
    await a.discard();
    await b.write(Buffer.alloc(60));
    await b.finish();
    await b.keep('party-b');
    await b.discard(); // after keep: releases nothing twice
    expect(store.usedBytes).toBe(60);
    const c = await store.upload();
    await expect(c.write(Buffer.alloc(41))).rejects.toMatchObject({ quotaBytes: 100, usedBytes: 60 });
    await c.write(Buffer.alloc(40));
    await c.discard();
  });

  it('counts the same document kept again by its owner once, and sums the store again at open', async () => {
    const store = await open(1000);
    for (let i = 0; i < 2; i++) {
      const u = await store.upload();
      await u.write(Buffer.from('the same document'));
      await u.finish();
      await u.keep('party-a');
    }
    expect(store.usedBytes).toBe(17);
    expect((await open(1000)).usedBytes).toBe(17);
  });
});
