import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { peer } from '@hyperledger/fabric-protos';
import type { KVRead, TxRwSet } from '@allianceledger/fabric-protocol';
import { LedgerStore } from '../ledger/ledger-store';
import { block } from '../ledger/test/blocks';
import { MvccValidator, emptyBlockUpdates } from './mvcc-validator';

const Code = peer.TxValidationCode;

async function commit(store: LedgerStore, state: Record<string, string | null>): Promise<void> {
  await store.commit(block(store, state));
}

function scan(reads: readonly KVRead[], itrExhausted: boolean, writes: string[] = []): TxRwSet {
  return {
    namespaces: [
      {
        namespace: 'cc',
        reads: [],
        rangeQueries: [{ startKey: 'a', endKey: 'b', itrExhausted, reads: [...reads] }],
        writes: writes.map((key) => ({ key, isDelete: false, value: Buffer.from('w') })),
        metadataWrites: [],
        collections: [],
      },
    ],
  };
}

/** Validates the transactions of one block in order, as the committer does: prefetch, validate, apply. */
async function validateBlock(store: LedgerStore, txs: readonly TxRwSet[]): Promise<number[]> {
  const validator = new MvccValidator(store.live(), emptyBlockUpdates());
  await validator.prefetch(txs);
  const codes: number[] = [];
  for (const [txNum, tx] of txs.entries()) {
    const code = await validator.validate(tx);
    codes.push(code);
    if (code === Code.VALID) {
      validator.apply(tx, undefined, { blockNum: store.chainInfo.height, txNum: BigInt(txNum) });
    }
  }
  return codes;
}

describe('MvccValidator range checks against committed state (read through the ledger cache)', () => {
  let dir: string;
  let store: LedgerStore;
  const v0 = { blockNum: 0n, txNum: 0n };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mvcc-'));
    store = await LedgerStore.open(dir);
    await commit(store, { a1: '1', a2: '2', c: 'outside' });
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const both: KVRead[] = [
    { key: 'a1', version: v0 },
    { key: 'a2', version: v0 },
  ];

  it('accepts an unchanged range, whole or read in part', async () => {
    expect(await validateBlock(store, [scan(both, true), scan([{ key: 'a1', version: v0 }], false)])).toEqual([
      Code.VALID,
      Code.VALID,
    ]);
  });

  it('catches a key inserted, deleted or rewritten in the range by an earlier block', async () => {
    await commit(store, { a3: '3' });
    expect(await validateBlock(store, [scan(both, true), scan(both, false)])).toEqual([
      Code.PHANTOM_READ_CONFLICT,
      Code.VALID,
    ]);
    await commit(store, { a2: null });
    expect(await validateBlock(store, [scan(both, false)])).toEqual([Code.PHANTOM_READ_CONFLICT]);
    await commit(store, { a1: 'new' });
    expect(await validateBlock(store, [scan([{ key: 'a1', version: v0 }], false)])).toEqual([
      Code.PHANTOM_READ_CONFLICT,
    ]);
  });

  it('catches an insert by an earlier transaction of the same block', async () => {
    const first = scan(both, true, ['a15']);
    expect(await validateBlock(store, [first, scan(both, true), scan(both, false)])).toEqual([
      Code.VALID,
      Code.PHANTOM_READ_CONFLICT,
      Code.PHANTOM_READ_CONFLICT,
    ]);
  });
});
