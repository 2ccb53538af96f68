import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LedgerStore } from './ledger-store';
import { stateKey } from './keys';
import type { StateRecord } from './records';
import { block } from './test/blocks';

const text = (r: StateRecord | undefined): string | undefined =>
  r === undefined ? undefined : Buffer.from(r.value).toString('utf8');

describe('LedgerStore reads with its cache of committed records', () => {
  let dir: string;
  let store: LedgerStore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ledger-store-'));
    store = await LedgerStore.open(dir);
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers every view as of its snapshot, however often a key was read and rewritten', async () => {
    await store.commit(block(store, { a: 'a0', b: 'b0' }));
    const old = store.view();
    expect(text(await old.getState('cc', 'a'))).toBe('a0'); // read, and now cached
    expect(text(await old.getState('cc', 'missing'))).toBeUndefined(); // an absent key, cached too

    await store.commit(block(store, { a: 'a1', missing: 'now', b: null }));
    const fresh = store.view();
    expect(text(await fresh.getState('cc', 'a'))).toBe('a1');
    expect(text(await fresh.getState('cc', 'missing'))).toBe('now');
    expect(await fresh.getState('cc', 'b')).toBeUndefined();
    // The older snapshot still sees the state it was taken at, cached or not.
    expect(text(await old.getState('cc', 'a'))).toBe('a0');
    expect(text(await old.getState('cc', 'b'))).toBe('b0');
    expect(await old.getState('cc', 'missing')).toBeUndefined();
    expect((await old.getStates([stateKey('cc', 'a'), stateKey('cc', 'b')])).map(text)).toEqual(['a0', 'b0']);
    expect((await store.live().getStates([stateKey('cc', 'a'), stateKey('cc', 'b')])).map(text)).toEqual([
      'a1',
      undefined,
    ]);
    await old.release();
    await fresh.release();
  });

  it('gives a view taken while a block is being written the state before or after it, never a mix', async () => {
    await store.commit(block(store, { a: 'a0', b: 'b0' }));
    const warm = store.view();
    await warm.getState('cc', 'a');
    await warm.getState('cc', 'b');
    await warm.release();

    const writing = store.commit(block(store, { a: 'a1', b: 'b1' }));
    const during = store.view();
    const [a, b] = await Promise.all([during.getState('cc', 'a'), during.getState('cc', 'b')]);
    await writing;
    expect(text(a)).toMatch(/^a[01]$/);
    expect(text(a)?.slice(1)).toBe(text(b)?.slice(1));
    // A read finished while the block was written is not kept: the next view reads the new records.
    const after = store.view();
    expect(text(await after.getState('cc', 'a'))).toBe('a1');
    expect(text(await after.getState('cc', 'b'))).toBe('b1');
    await during.release();
    await after.release();
  });

  it('starts empty after a reopen and reads what was committed', async () => {
    await store.commit(block(store, { a: 'a0' }));
    await store.close();
    store = await LedgerStore.open(dir);
    const view = store.view();
    expect(text(await view.getState('cc', 'a'))).toBe('a0');
    await view.release();
  });
});
