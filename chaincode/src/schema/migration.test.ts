import { Alliance, Client, STANDARD_ROLES, expectCode, orderSnapshot } from '../test/alliance';
import { declareSchemaVersion } from '../lib/schema';

/**
 * Stored records across a schema change, on one devnet: settlements written by "version 1", then the
 * settlement type gains a field (what a version 2 of the chaincode declares), read old, upgraded on
 * write, and migrated a page per transaction.
 */
describe('schema versions and the paged migration', () => {
  let alliance: Alliance;
  let buyer: Client;
  let admin: Client;
  let auditor: Client;
  const settlements: string[] = [];

  const stale = async (pageSize: number, bookmark = ''): Promise<{ keys: string[][]; bookmark: string }> => {
    const page = await admin.evaluate('schema:ListStaleRecords', { recordType: 'settlement', pageSize, bookmark });
    return { keys: (page.items as { key: string[] }[]).map((i) => i.key), bookmark: page.bookmark as string };
  };

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers(STANDARD_ROLES);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    buyer = await alliance.client('EcommerceMSP', 'buyer1');
    const store = await alliance.client('EcommerceMSP', 'store1');
    admin = await alliance.client('FinanceMSP', 'Admin');
    auditor = await alliance.client('FinanceMSP', 'auditor1');
    await buyer.submit('wallets:OpenAccount', { accountId: 'b1' });
    await store.submit('wallets:OpenAccount', { accountId: 's1' });
    const issuer = await alliance.client('FinanceMSP', 'issuer1');
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'b1', amount: '10000' });
    for (let i = 1; i <= 5; i++) {
      const no = `s1-${i}`;
      const run = await buyer.run(
        'settlements:RequestSettlement',
        { storeOrderNo: no, buyerAccountId: 'b1', storeAccountId: 's1', currency: 'CNY', amount: '100' },
        { transient: { order: orderSnapshot(no, '100') } },
      );
      settlements.push(run.result.settlement.settlementNo as string);
    }
  });
  afterAll(() => alliance.close());

  it('has nothing to migrate while a type has one version', async () => {
    const body = await expectCode(
      admin.evaluate('schema:ListStaleRecords', { recordType: 'settlement' }),
      'INVALID_ARGUMENT',
    );
    expect(body.message).toMatch(/single schema version/);
  });

  it('reads records of the older version in the new shape, and upgrades a record when it writes it', async () => {
    declareSchemaVersion('settlement', (s) => ({ ...s, memo: '' }));
    const first = settlements[0]!;
    expect(await auditor.evaluate('settlements:GetSettlement', { settlementNo: first })).toMatchObject({
      settlementNo: first,
      status: 'PAID',
      memo: '',
    });
    expect((await stale(100)).keys).toHaveLength(5);
    // Cancelling writes the settlement: it is stored in version 2 from then on.
    await buyer.submit('settlements:Cancel', { settlementNo: first });
    const left = await stale(100);
    expect(left.keys).toHaveLength(4);
    expect(left.keys).not.toContainEqual([first]);
    // Its history keeps both writes, each read in the current shape.
    const history = (await auditor.evaluate('settlements:GetSettlementHistory', { settlementNo: first })) as {
      value: { status: string; memo: string };
    }[];
    expect(history.map((h) => [h.value.status, h.value.memo])).toEqual([
      ['PAID', ''],
      ['CANCELLED', ''],
    ]);
  });

  it('migrates the rest a page per transaction, resumably, and only an admin may', async () => {
    // Keys run in settlement-number order: the first page of two may hold the cancelled, current one.
    const page1 = await stale(2);
    expect(page1.keys.length).toBeGreaterThanOrEqual(1);
    expect(page1.bookmark).not.toBe('');
    await expectCode(
      buyer.submit('schema:MigrateRecords', { recordType: 'settlement', keys: page1.keys }),
      'FORBIDDEN',
    );
    expect(await admin.submit('schema:MigrateRecords', { recordType: 'settlement', keys: page1.keys })).toEqual({
      recordType: 'settlement',
      schemaVersion: 2,
      upgraded: page1.keys.length,
      alreadyCurrent: 0,
      missing: 0,
    });
    // Resumed from the bookmark; a page run twice, or naming an unknown key, changes nothing more.
    const page2 = await stale(100, page1.bookmark);
    expect(page2.keys).toHaveLength(4 - page1.keys.length);
    expect(page2.bookmark).toBe('');
    expect(
      await admin.submit('schema:MigrateRecords', {
        recordType: 'settlement',
        keys: [...page2.keys, ...page1.keys, ['0'.repeat(64)]],
      }),
    ).toMatchObject({ upgraded: page2.keys.length, alreadyCurrent: page1.keys.length, missing: 1 });
    expect((await stale(100)).keys).toEqual([]);
    // The records read as before the migration, the money untouched.
    for (const settlementNo of settlements.slice(1)) {
      expect(await auditor.evaluate('settlements:GetSettlement', { settlementNo })).toMatchObject({
        status: 'PAID',
        frozenAmount: '100',
        memo: '',
      });
    }
    const balance = await auditor.evaluate('wallets:GetBalance', { accountId: 'b1', currency: 'CNY' });
    expect(balance).toMatchObject({ available: '9600', frozen: '400' });
  });
});
