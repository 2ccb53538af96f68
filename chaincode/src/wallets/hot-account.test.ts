import { Alliance, Client, orderSnapshot, pluck } from '../test/alliance';

/**
 * A hot store: 200 buyers' confirmations pay one store account concurrently, in the same blocks.
 * Credits are delta rows written without a read, so none of them conflicts.
 */
describe('hot account', () => {
  const N = 200;
  const ids = Array.from({ length: N }, (_, i) => i);
  const amountOf = (i: number): string => String(100 + i);
  const expected = ids.reduce((sum, i) => sum + BigInt(amountOf(i)), 0n);
  let alliance: Alliance;
  let store: Client;
  let auditor: Client;

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers([
      ['EcommerceMSP', 'store1', ['store']],
      ['EcommerceMSP', 'buyer1', ['buyer']],
      ['FinanceMSP', 'issuer1', ['issuer']],
      ['FinanceMSP', 'auditor1', ['auditor']],
    ]);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    store = await alliance.client('EcommerceMSP', 'store1');
    auditor = await alliance.client('FinanceMSP', 'auditor1');
  });
  afterAll(() => alliance.close());

  it(`commits ${N} concurrent confirmations paying one store in shared blocks, none conflicting`, async () => {
    const buyer = await alliance.client('EcommerceMSP', 'buyer1');
    const issuer = await alliance.client('FinanceMSP', 'issuer1');
    // One buyer account per order, so the buyers' own (frozen) balances never collide.
    await store.submit('wallets:OpenAccount', { accountId: 'hot' });
    await Promise.all(ids.map((i) => buyer.submit('wallets:OpenAccount', { accountId: `buyer-${i}` })));
    // Issuing updates the supply counter, so issues run one after another.
    for (const i of ids)
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: `buyer-${i}`, amount: '1000' });
    const settlements = await Promise.all(
      ids.map(async (i) => {
        const no = `hot-${i}`;
        const r = await buyer.submit(
          'settlements:RequestSettlement',
          {
            storeOrderNo: no,
            buyerAccountId: `buyer-${i}`,
            storeAccountId: 'hot',
            currency: 'CNY',
            amount: amountOf(i),
          },
          { transient: { order: orderSnapshot(no, amountOf(i)) } },
        );
        return String(r.settlement.settlementNo);
      }),
    );
    await Promise.all(
      ids.map((i) =>
        store.submit('settlements:AcknowledgePayment', { store: 'EcommerceMSP:store1', storeOrderNo: `hot-${i}` }),
      ),
    );
    await Promise.all(
      ids.map((i) =>
        store.submit('settlements:Ship', {
          store: 'EcommerceMSP:store1',
          storeOrderNo: `hot-${i}`,
          carrier: 'SF',
          trackingNo: `T${i}`,
        }),
      ),
    );

    const started = Date.now();
    const submitted = await Promise.all(
      ids.map((i) =>
        buyer.submitAsync('settlements:ConfirmReceipt', { settlementNo: settlements[i], amountToPay: amountOf(i) }),
      ),
    );
    const statuses = await Promise.all(submitted.map((s) => s.status));
    const elapsed = Date.now() - started;

    expect(statuses.filter((s) => !s.successful).map((s) => s.codeName)).toEqual([]);
    const blocks = new Set(statuses.map((s) => s.blockNumber));
    // Concurrent submissions share blocks (devnet cuts at 100 transactions or 10 ms).
    expect(blocks.size).toBeLessThan(N / 2);
    // Every payment is recorded against its settlement; together they are what the store is owed.
    const paid = await Promise.all(
      settlements.map((no) => auditor.evaluate('settlements:GetSettlement', { settlementNo: no })),
    );
    expect(new Set(pluck(paid, 'status'))).toEqual(new Set(['COMPLETED']));
    expect(pluck(paid, 'paidAmount').reduce((sum: bigint, a) => sum + BigInt(String(a)), 0n)).toBe(expected);
    console.info(`${N} confirmations in ${blocks.size} blocks, ${elapsed} ms`);
  }, 60_000);

  it('gives the hot store its exact balance, before and after compaction', async () => {
    const hot = await auditor.evaluate('wallets:GetBalance', { accountId: 'hot', currency: 'CNY' });
    expect(hot).toEqual({
      accountId: 'hot',
      currency: 'CNY',
      available: expected.toString(),
      frozen: '0',
      pendingCredits: N,
    });
    const compacted = await store.submit('wallets:CompactAccount', { accountId: 'hot', currency: 'CNY' });
    expect(compacted).toMatchObject({ folded: N, available: expected.toString() });
    expect(await auditor.evaluate('wallets:GetBalance', { accountId: 'hot', currency: 'CNY' })).toMatchObject({
      available: expected.toString(),
      pendingCredits: 0,
    });
  });
});
