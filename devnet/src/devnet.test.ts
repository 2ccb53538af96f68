import { createHash } from 'node:crypto';
import { ClassicLevel } from 'classic-level';
import * as path from 'node:path';
import { CommitError, EndorseError } from './errors';
import { CHAINCODE, contractAs, openTestDevnet, text } from './test/harness';
import type { Devnet } from './devnet';

describe('devnet ledger semantics', () => {
  let devnet: Devnet;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ devnet, cleanup } = await openTestDevnet());
  });
  afterAll(() => cleanup());

  it('runs transactions through contract dispatch and commits them in hash-chained blocks', async () => {
    const store = await contractAs(devnet, 'EcommerceMSP', 'store1');
    const before = devnet.chainInfo().height;
    await store.submitTransaction('Put', 'greeting', 'hello');
    expect(text(await store.evaluateTransaction('Get', 'greeting'))).toBe('hello');
    expect(devnet.chainInfo().height).toBe(before + 1n);
    await expect(devnet.verifyChain()).resolves.toEqual({ ok: true });
  });

  it('does not let a transaction read its own writes', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    expect(text(await c.submitTransaction('PutThenGet', 'ryw', 'first'))).toBe('');
    expect(text(await c.submitTransaction('PutThenGet', 'ryw', 'second'))).toBe('first');
    expect(text(await c.evaluateTransaction('Get', 'ryw'))).toBe('second');
  });

  it('evaluate writes nothing', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    const height = devnet.chainInfo().height;
    await c.evaluateTransaction('Put', 'evaluated', 'x');
    expect(text(await c.evaluateTransaction('Get', 'evaluated'))).toBe('');
    expect(devnet.chainInfo().height).toBe(height);
  });

  it('shows identities exactly as a peer does: X.509 id, MSP, CA attributes, NodeOU', async () => {
    const store = await contractAs(devnet, 'EcommerceMSP', 'store1');
    const who = JSON.parse(text(await store.evaluateTransaction('WhoAmI')));
    expect(who).toMatchObject({
      id: 'x509::/C=US/ST=California/L=San Francisco/OU=client/CN=store1@ecommerce.example.com::/C=US/ST=California/L=San Francisco/O=ecommerce.example.com/CN=ca.ecommerce.example.com',
      mspId: 'EcommerceMSP',
      role: 'store',
      enrollmentId: 'store1',
      channelId: 'alliance',
    });
    const admin = await contractAs(devnet, 'FinanceMSP', 'Admin');
    const adminWho = JSON.parse(text(await admin.evaluateTransaction('WhoAmI')));
    expect(adminWho.id).toContain('/OU=admin/CN=Admin@finance.example.com::');
    expect(adminWho.role).toBeNull();
  });

  it('refuses a creator whose certificate its claimed MSP did not issue', async () => {
    const finance = await devnet.identity('FinanceMSP', 'bank1');
    const impostor = devnet.connect({ ...finance, identity: { ...finance.identity, mspId: 'EcommerceMSP' } });
    const err = await impostor
      .getContract(CHAINCODE)
      .evaluateTransaction('Get', 'greeting')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndorseError);
    expect((err as EndorseError).message).toMatch(/access denied.*EcommerceMSP/);
  });

  it('refuses a proposal whose signature does not match the creator', async () => {
    const bank = await devnet.identity('FinanceMSP', 'bank1');
    const store = await devnet.identity('EcommerceMSP', 'store1');
    const forged = devnet.connect({ identity: bank.identity, signer: store.signer, hash: store.hash });
    const err = await forged
      .getContract(CHAINCODE)
      .evaluateTransaction('Get', 'greeting')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndorseError);
    expect((err as EndorseError).message).toMatch(/signature/i);
  });

  it('turns a contract error into an EndorseError and writes nothing', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    const height = devnet.chainInfo().height;
    const err = await c.submitTransaction('Fail', 'business rule broken').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndorseError);
    expect(err).toMatchObject({ status: 500, message: 'business rule broken' });
    expect(devnet.chainInfo().height).toBe(height);
  });

  it('gives the contract-api errors for bad arguments and unknown functions, and keeps running', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    const badNumber = await c.evaluateTransaction('ListItems', 'g', 'not-a-number', '').catch((e: unknown) => e);
    expect(badNumber).toBeInstanceOf(EndorseError);
    expect((badNumber as Error).message).toBe('fromBuffer could not convert data to number');
    const wrongCount = await c.evaluateTransaction('Put', 'only-one-arg').catch((e: unknown) => e);
    expect((wrongCount as Error).message).toMatch(/Expected 2 parameters, but 1 have been supplied/);
    const unknown = await c.evaluateTransaction('NoSuchFunction').catch((e: unknown) => e);
    expect((unknown as Error).message).toMatch(/function that does not exist: NoSuchFunction/);
    expect(text(await c.evaluateTransaction('Get', 'greeting'))).toBe('hello');
  });

  it('answers rich queries as a LevelDB peer does', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    await expect(c.evaluateTransaction('RichQuery')).rejects.toThrow('ExecuteQuery not supported for leveldb');
  });

  it('keeps key history, newest first, including deletes', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    await c.submitTransaction('Put', 'hist', 'v1');
    await c.submitTransaction('Put', 'hist', 'v2');
    await c.submitTransaction('Delete', 'hist');
    const history = JSON.parse(text(await c.evaluateTransaction('History', 'hist'))) as {
      value: string;
      isDelete: boolean;
    }[];
    expect(history.map((h) => [h.value, h.isDelete])).toEqual([
      ['', true],
      ['v2', false],
      ['v1', false],
    ]);
  });

  it('pages composite-key ranges with a bookmark', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => c.submitTransaction('AddItem', 'paged', id)));
    const page1 = JSON.parse(text(await c.evaluateTransaction('ListItems', 'paged', '2', ''))) as {
      ids: string[];
      bookmark: string;
    };
    expect(page1.ids).toEqual(['a', 'b']);
    const page2 = JSON.parse(text(await c.evaluateTransaction('ListItems', 'paged', '2', page1.bookmark))) as {
      ids: string[];
      bookmark: string;
    };
    expect(page2.ids).toEqual(['c', 'd']);
    const page3 = JSON.parse(text(await c.evaluateTransaction('ListItems', 'paged', '2', page2.bookmark)));
    expect(page3).toMatchObject({ ids: ['e'], bookmark: '', count: 1 });
  });

  it("refuses writes and paginated or private range queries together, with the peer's texts", async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    await c.submitTransaction('AddItem', 'rw', 'a');
    // Any number of paginated queries in a read-only transaction (Fabric's checkBeforePaginatedQueries).
    expect(JSON.parse(text(await c.evaluateTransaction('ListItemsTwice', 'rw')))).toEqual([1, 1]);
    const unsupported = (type: string, reason: string): RegExp =>
      new RegExp(
        `${type} failed: transaction ID: [0-9a-f]{64}: txid \\[[0-9a-f]{64}\\]: unsuppored transaction\\. ${reason}`,
      );
    await expect(c.submitTransaction('ListItemsThenPut', 'rw', 'k1')).rejects.toThrow(
      unsupported('PUT_STATE', 'Transaction has already performed a paginated query\\. Writes are not allowed'),
    );
    await expect(c.submitTransaction('PutThenListItems', 'k2', 'rw')).rejects.toThrow(
      unsupported('GET_STATE_BY_RANGE', 'Paginated queries are supported only in a read-only transaction'),
    );
    await expect(c.submitTransaction('ScanPrivateThenPut', 'ecommerceFinance', 'k3')).rejects.toThrow(
      unsupported('PUT_STATE', 'Transaction has already performed queries on pvt data\\. Writes are not allowed'),
    );
    await expect(c.submitTransaction('PutThenScanPrivate', 'k4', 'ecommerceFinance')).rejects.toThrow(
      unsupported('GET_STATE_BY_RANGE', 'Queries on pvt data is supported only in a read-only transaction'),
    );
    expect(text(await c.evaluateTransaction('Get', 'k1'))).toBe('');
  });

  it('gives an empty page no pagination metadata, as fabric-shim reads a Fabric peer', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    const empty = JSON.parse(text(await c.evaluateTransaction('ListItems', 'nothing-here', '2', '')));
    expect(empty).toEqual({ ids: [], metadata: 'none' });
  });

  it('stores and returns key-level endorsement parameters', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    await c.submitTransaction('Put', 'sbe', 'v');
    await c.submitTransaction('SetKeyPolicy', 'sbe', JSON.stringify(['EcommerceMSP', 'FinanceMSP']));
    const orgs = JSON.parse(text(await c.evaluateTransaction('GetKeyPolicyOrgs', 'sbe'))) as string[];
    expect(orgs.sort()).toEqual(['EcommerceMSP', 'FinanceMSP']);
    // A later value write keeps the key's metadata, as on Fabric.
    await c.submitTransaction('Put', 'sbe', 'v2');
    expect(JSON.parse(text(await c.evaluateTransaction('GetKeyPolicyOrgs', 'sbe')))).toHaveLength(2);
    expect(text(await c.evaluateTransaction('Get', 'sbe'))).toBe('v2');
  });

  describe('private data', () => {
    const secret = 'buyer address: 1 Bund Road';

    beforeAll(async () => {
      const store = await contractAs(devnet, 'EcommerceMSP', 'store1');
      await store.submit('PutPrivate', {
        arguments: ['ecommerceFinance', 'order-1'],
        transientData: { value: secret },
      });
    });

    it('is readable by members of the collection', async () => {
      const bank = await contractAs(devnet, 'FinanceMSP', 'bank1');
      expect(text(await bank.evaluateTransaction('GetPrivate', 'ecommerceFinance', 'order-1'))).toBe(secret);
    });

    it('is hidden from a non-member org, which can still check the hash', async () => {
      const energy = await contractAs(devnet, 'EnergyMSP', 'producer1');
      await expect(energy.evaluateTransaction('GetPrivate', 'ecommerceFinance', 'order-1')).rejects.toThrow(
        /not authorized to read from collection ecommerceFinance/,
      );
      const hash = text(await energy.evaluateTransaction('GetPrivateHash', 'ecommerceFinance', 'order-1'));
      expect(hash).toBe(createHash('sha256').update(secret).digest('hex'));
    });

    it('cannot be written by a non-member (memberOnlyWrite)', async () => {
      const energy = await contractAs(devnet, 'EnergyMSP', 'producer1');
      await expect(
        energy.submit('PutPrivate', { arguments: ['ecommerceFinance', 'x'], transientData: { value: 'v' } }),
      ).rejects.toThrow(/does not have write access permission/);
    });

    it('never puts the cleartext or the transient data into a block', async () => {
      for (let n = 0n; n < devnet.chainInfo().height; n++) {
        const block = await devnet.getBlock(n);
        expect(Buffer.from(block!.serializeBinary()).includes(Buffer.from(secret))).toBe(false);
      }
    });

    it('refuses an unknown collection', async () => {
      const store = await contractAs(devnet, 'EcommerceMSP', 'store1');
      await expect(store.evaluateTransaction('GetPrivate', 'nope', 'k')).rejects.toThrow(/collection nope not found/);
    });
  });

  it('delivers chaincode events after commit, in block order, from any block', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    const start = devnet.chainInfo().height;
    const controller = new AbortController();
    const received: string[] = [];
    const reading = (async () => {
      for await (const ev of devnet.chaincodeEvents(CHAINCODE, start, controller.signal)) {
        received.push(`${ev.eventName}:${JSON.parse(text(ev.payload)).value}`);
        if (received.length === 3) controller.abort();
      }
    })();
    for (const v of ['e1', 'e2', 'e3']) await c.submitTransaction('Put', 'evkey', v);
    await reading;
    expect(received).toEqual(['Put:e1', 'Put:e2', 'Put:e3']);

    const replayed: string[] = [];
    const replay = new AbortController();
    for await (const ev of devnet.chaincodeEvents(CHAINCODE, start, replay.signal)) {
      replayed.push(JSON.parse(text(ev.payload)).value as string);
      expect(ev.blockNumber).toBeGreaterThanOrEqual(start);
      if (replayed.length === 3) replay.abort();
    }
    expect(replayed).toEqual(['e1', 'e2', 'e3']);
  });

  it('reports transaction status by id', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    const submitted = await c.submitAsync('Put', { arguments: ['status', 'x'] });
    const status = await submitted.getStatus();
    expect(status).toMatchObject({ successful: true, codeName: 'VALID' });
    await expect(devnet.getTransactionStatus(submitted.transactionId)).resolves.toEqual(status);
    await expect(devnet.getTransactionStatus('unknown')).resolves.toBeUndefined();
  });
});

describe('devnet validation inside one block', () => {
  let devnet: Devnet;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    // Blocks cut at two transactions, so both of a pair are simulated before either commits.
    ({ devnet, cleanup } = await openTestDevnet({ batch: { maxMessageCount: 2, batchTimeoutMs: 5000 } }));
  });
  afterAll(() => cleanup());

  it('commits exactly one of two concurrent updates of a key; the other is MVCC_READ_CONFLICT', async () => {
    const a = await contractAs(devnet, 'EcommerceMSP', 'store1');
    const b = await contractAs(devnet, 'FinanceMSP', 'bank1');
    const [ta, tb] = await Promise.all([
      a.submitAsync('Increment', { arguments: ['counter'] }),
      b.submitAsync('Increment', { arguments: ['counter'] }),
    ]);
    const [sa, sb] = await Promise.all([ta.getStatus(), tb.getStatus()]);
    expect(sa.blockNumber).toBe(sb.blockNumber);
    expect([sa.codeName, sb.codeName].sort()).toEqual(['MVCC_READ_CONFLICT', 'VALID']);
    expect(text(await a.evaluateTransaction('Get', 'counter'))).toBe('1');
    const block = await devnet.getDecodedBlock(sa.blockNumber);
    expect(block?.transactions.map((t) => t.validationCodeName).sort()).toEqual(['MVCC_READ_CONFLICT', 'VALID']);
  });

  it('submit() throws CommitError for the invalid one', async () => {
    const a = await contractAs(devnet, 'EcommerceMSP', 'store1');
    const results = await Promise.allSettled([
      a.submitTransaction('Increment', 'counter2'),
      a.submitTransaction('Increment', 'counter2'),
    ]);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const reason = rejected[0]!.reason as CommitError;
    expect(reason).toBeInstanceOf(CommitError);
    expect(reason.codeName).toBe('MVCC_READ_CONFLICT');
  });

  it('catches a phantom read: a range scanned before an insert ordered ahead of it', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    await Promise.all([c.submitTransaction('AddItem', 'ph', '1'), c.submitTransaction('AddItem', 'other', '1')]);
    const insert = await c.submitAsync('AddItem', { arguments: ['ph', '2'] });
    const count = await c.submitAsync('CountItems', { arguments: ['ph'] });
    expect(text(count.result)).toBe('1');
    const [si, sc] = await Promise.all([insert.getStatus(), count.getStatus()]);
    expect(si.blockNumber).toBe(sc.blockNumber);
    expect(si.codeName).toBe('VALID');
    expect(sc.codeName).toBe('PHANTOM_READ_CONFLICT');
  });

  it('accepts a range scan when the insert falls outside the range', async () => {
    const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
    const insert = await c.submitAsync('AddItem', { arguments: ['elsewhere', '9'] });
    const count = await c.submitAsync('CountItems', { arguments: ['ph'] });
    const [si, sc] = await Promise.all([insert.getStatus(), count.getStatus()]);
    expect([si.codeName, sc.codeName]).toEqual(['VALID', 'VALID']);
    expect(text(await c.evaluateTransaction('Get', 'count~ph'))).toBe('2');
  });
});

describe('devnet persistence', () => {
  it('reopens identical state, history, blocks and events after a restart', async () => {
    const first = await openTestDevnet();
    const c = await contractAs(first.devnet, 'EcommerceMSP', 'store1');
    await c.submitTransaction('Put', 'persist', 'one');
    await c.submitTransaction('Put', 'persist', 'two');
    const info = first.devnet.chainInfo();
    const history = text(await c.evaluateTransaction('History', 'persist'));
    await first.devnet.close();

    const second = await openTestDevnet({ dataDir: first.dir });
    try {
      expect(second.devnet.chainInfo()).toEqual(info);
      const again = await contractAs(second.devnet, 'EcommerceMSP', 'store1');
      expect(text(await again.evaluateTransaction('Get', 'persist'))).toBe('two');
      expect(text(await again.evaluateTransaction('History', 'persist'))).toBe(history);
      await expect(second.devnet.verifyChain()).resolves.toEqual({ ok: true });
      await again.submitTransaction('Put', 'persist', 'three');
      expect(second.devnet.chainInfo().height).toBe(info.height + 1n);
    } finally {
      await second.cleanup();
    }
  });

  it('detects a tampered block', async () => {
    const { devnet, dir, cleanup } = await openTestDevnet();
    try {
      const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
      await c.submitTransaction('Put', 'amount', '100');
      await c.submitTransaction('Put', 'other', 'x');
      await devnet.close();

      // Rewrite "100" to "900" inside block 1's stored bytes, as an attacker with disk access might.
      const db = new ClassicLevel<string, Uint8Array>(path.join(dir, 'ledger'), { valueEncoding: 'view' });
      const blocks = db.sublevel<string, Uint8Array>('blocks', { valueEncoding: 'view' });
      const key = 1n.toString(16).padStart(16, '0');
      const bytes = Buffer.from((await blocks.get(key))!);
      const at = bytes.indexOf(Buffer.from('100'));
      expect(at).toBeGreaterThan(0);
      bytes.write('900', at);
      await blocks.put(key, bytes);
      await db.close();

      const reopened = await openTestDevnet({ dataDir: dir });
      try {
        const result = await reopened.devnet.verifyChain();
        expect(result).toMatchObject({ ok: false, blockNumber: 1n });
      } finally {
        await reopened.devnet.close();
      }
    } finally {
      await cleanup();
    }
  });
});

describe('devnet range queries over large values', () => {
  it('returns every key of a range, however many bytes the values hold', async () => {
    const { devnet, cleanup } = await openTestDevnet();
    try {
      const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
      const padding = 'x'.repeat(400);
      await Promise.all(
        Array.from({ length: 150 }, (_, i) =>
          c.submitTransaction('AddItem', 'big', `${String(i).padStart(4, '0')}${padding}`),
        ),
      );
      expect(text(await c.submitTransaction('CountItems', 'big'))).toBe('150');
      const page = JSON.parse(text(await c.evaluateTransaction('ListItems', 'big', '120', ''))) as {
        ids: string[];
        bookmark: string;
      };
      expect(page.ids).toHaveLength(120);
      expect(page.bookmark).not.toBe('');
    } finally {
      await cleanup();
    }
  });
});
