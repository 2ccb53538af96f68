import { ledger } from '@hyperledger/fabric-protos';
import { createHash } from 'node:crypto';
import type { CollectionPvtWrites, TxRwSet } from '../rwset';
import { toHex, utf8 } from './bytes';
import { decodeCollectionPvtRwSet, decodeTxRwSet, encodeCollectionPvtRwSet, encodeTxRwSet } from './rwset-codec';

const hash = (text: string): Uint8Array => createHash('sha256').update(text).digest();

/** Normalizes Buffers/Uint8Arrays so toEqual compares contents only. */
function plain(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return `${v}n`;
      if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('hex') };
      if (typeof v === 'object' && v !== null && (v as { type?: string }).type === 'Buffer') {
        return { bytes: Buffer.from((v as { data: number[] }).data).toString('hex') };
      }
      return v;
    }),
  );
}

const pvt: CollectionPvtWrites = {
  collection: 'pricesOrg1',
  writes: [{ key: 'order-1', isDelete: false, value: utf8('{"price":42}') }],
  metadataWrites: [{ key: 'order-1', entries: [{ name: 'VALIDATION_PARAMETER', value: utf8('policy') }] }],
};

const rwset: TxRwSet = {
  namespaces: [
    {
      namespace: '_lifecycle',
      reads: [{ key: 'namespaces/fields/trade/Sequence', version: { blockNum: 3n, txNum: 0n } }],
      rangeQueries: [],
      writes: [],
      metadataWrites: [],
      collections: [],
    },
    {
      namespace: 'trade',
      reads: [
        { key: 'order-1', version: null },
        { key: 'order-0', version: { blockNum: 0n, txNum: 0n } },
        { key: 'account-9', version: { blockNum: 2n ** 40n, txNum: 17n } },
      ],
      rangeQueries: [
        {
          startKey: 'order-',
          endKey: 'order.',
          itrExhausted: true,
          reads: [
            { key: 'order-0', version: { blockNum: 5n, txNum: 1n } },
            { key: 'order-00', version: { blockNum: 6n, txNum: 2n } },
          ],
        },
        { startKey: 'a', endKey: 'b', itrExhausted: false, reads: [] },
      ],
      writes: [
        { key: 'order-1', isDelete: false, value: utf8('{"qty":3}') },
        { key: 'order-0', isDelete: true, value: new Uint8Array(0) },
      ],
      metadataWrites: [
        {
          key: 'order-1',
          entries: [
            { name: 'VALIDATION_PARAMETER', value: Uint8Array.of(1, 2, 3) },
            { name: 'other', value: new Uint8Array(0) },
          ],
        },
        { key: 'order-0', entries: [] },
      ],
      collections: [
        {
          collection: 'pricesOrg1',
          hashedReads: [
            { keyHash: hash('order-1'), version: null },
            { keyHash: hash('order-7'), version: { blockNum: 9n, txNum: 4n } },
          ],
          hashedWrites: [
            { keyHash: hash('order-1'), isDelete: false, valueHash: hash('{"price":42}') },
            { keyHash: hash('order-7'), isDelete: true, valueHash: new Uint8Array(0) },
          ],
          metadataWrites: [{ keyHash: hash('order-1'), entries: [{ name: 'VALIDATION_PARAMETER', value: utf8('p') }] }],
          pvtRwSetHash: createHash('sha256').update(encodeCollectionPvtRwSet(pvt)).digest(),
        },
      ],
    },
  ],
};

describe('encodeTxRwSet / decodeTxRwSet', () => {
  it('round-trips exactly, including null versions, deletes, range queries, metadata and hashed collections', () => {
    const bytes = encodeTxRwSet(rwset);
    const decoded = decodeTxRwSet(bytes);
    expect(plain(decoded)).toEqual(plain(rwset));
    expect(toHex(encodeTxRwSet(decoded))).toBe(toHex(bytes));
  });

  it('produces Fabric protobufs: data model KV, KVRWSet per namespace, HashedRWSet per collection', () => {
    const tx = ledger.rwset.TxReadWriteSet.deserializeBinary(encodeTxRwSet(rwset));
    expect(tx.getDataModel()).toBe(ledger.rwset.TxReadWriteSet.DataModel.KV);
    const [lifecycle, trade] = tx.getNsRwsetList();
    expect(lifecycle?.getNamespace()).toBe('_lifecycle');
    expect(trade?.getNamespace()).toBe('trade');

    const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(trade!.getRwset_asU8());
    const reads = kv.getReadsList();
    expect(reads[0]?.hasVersion()).toBe(false);
    expect(reads[1]?.hasVersion()).toBe(true); // version {0,0} is present, not null
    expect(reads[2]?.getVersion()?.getBlockNum()).toBe(2 ** 40);
    expect(kv.getWritesList()[1]?.getIsDelete()).toBe(true);
    expect(kv.getRangeQueriesInfoList()[0]?.getRawReads()?.getKvReadsList()).toHaveLength(2);

    const collection = trade!.getCollectionHashedRwsetList()[0]!;
    expect(collection.getCollectionName()).toBe('pricesOrg1');
    const hashed = ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(collection.getHashedRwset_asU8());
    expect(toHex(hashed.getHashedWritesList()[0]!.getValueHash_asU8())).toBe(toHex(hash('{"price":42}')));
    expect(toHex(collection.getPvtRwsetHash_asU8())).toBe(
      toHex(createHash('sha256').update(encodeCollectionPvtRwSet(pvt)).digest()),
    );
  });

  it('distinguishes a null version from version {0,0} after decoding', () => {
    const decoded = decodeTxRwSet(encodeTxRwSet(rwset));
    const reads = decoded.namespaces[1]!.reads;
    expect(reads[0]!.version).toBeNull();
    expect(reads[1]!.version).toEqual({ blockNum: 0n, txNum: 0n });
    expect(decoded.namespaces[1]!.collections[0]!.hashedReads[0]!.version).toBeNull();
  });

  it('handles an empty read/write set', () => {
    expect(decodeTxRwSet(encodeTxRwSet({ namespaces: [] }))).toEqual({ namespaces: [] });
  });
});

describe('encodeCollectionPvtRwSet', () => {
  it('is a KVRWSet of the cleartext writes and round-trips', () => {
    const bytes = encodeCollectionPvtRwSet(pvt);
    const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(bytes);
    expect(kv.getReadsList()).toHaveLength(0);
    expect(kv.getWritesList()[0]?.getKey()).toBe('order-1');
    expect(plain(decodeCollectionPvtRwSet('pricesOrg1', bytes))).toEqual(plain(pvt));
  });
});

describe('the bytes, as google-protobuf writes them', () => {
  const kvrwset = ledger.rwset.kvrwset;
  /** google-protobuf's own serialization of what it decoded: fields in order, defaults omitted. */
  const reserialized = (bytes: Uint8Array): string => toHex(kvrwset.KVRWSet.deserializeBinary(bytes).serializeBinary());

  it('writes every KVRWSet and TxReadWriteSet byte for byte as google-protobuf does', () => {
    const bytes = encodeTxRwSet(rwset);
    expect(toHex(ledger.rwset.TxReadWriteSet.deserializeBinary(bytes).serializeBinary())).toBe(toHex(bytes));
    for (const ns of ledger.rwset.TxReadWriteSet.deserializeBinary(bytes).getNsRwsetList()) {
      expect(reserialized(ns.getRwset_asU8())).toBe(toHex(ns.getRwset_asU8()));
    }
    const pvtBytes = encodeCollectionPvtRwSet(pvt);
    expect(reserialized(pvtBytes)).toBe(toHex(pvtBytes));
  });

  it('encodes keys as google-protobuf does, lone surrogates and large versions included', () => {
    const keys = ['é', '中文', '😀', 'a\uD800b', 'a\uDC00b', 'end\uD83D', '\uDE00', 'x'.repeat(300)];
    for (const key of keys) {
      const version = { blockNum: 2n ** 50n + 3n, txNum: 200n };
      const value = utf8(key);
      const ours = encodeCollectionPvtRwSet({
        collection: 'c',
        writes: [{ key, isDelete: false, value }],
        metadataWrites: [],
      });
      const write = new kvrwset.KVWrite();
      write.setKey(key);
      write.setValue(value);
      const theirs = new kvrwset.KVRWSet();
      theirs.setWritesList([write]);
      expect(toHex(ours)).toBe(toHex(theirs.serializeBinary()));

      const read = new kvrwset.KVRead();
      read.setKey(key);
      const pbVersion = new kvrwset.Version();
      pbVersion.setBlockNum(Number(version.blockNum));
      pbVersion.setTxNum(Number(version.txNum));
      read.setVersion(pbVersion);
      const tx = new ledger.rwset.TxReadWriteSet();
      const ns = new ledger.rwset.NsReadWriteSet();
      ns.setNamespace(key);
      const set = new kvrwset.KVRWSet();
      set.setReadsList([read]);
      ns.setRwset(set.serializeBinary());
      tx.setNsRwsetList([ns]);
      const mine = encodeTxRwSet({
        namespaces: [
          {
            namespace: key,
            reads: [{ key, version }],
            rangeQueries: [],
            writes: [],
            metadataWrites: [],
            collections: [],
          },
        ],
      });
      expect(toHex(mine)).toBe(toHex(tx.serializeBinary()));
    }
  });
});
