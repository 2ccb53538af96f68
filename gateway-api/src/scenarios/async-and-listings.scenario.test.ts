import { Alliance, awaitTransaction, expectProblem, expectStatus, listAll } from './alliance-bootstrap';

describe('asynchronous writes and listings', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  }, 120_000);
  afterAll(() => alliance.close());

  it('?async=true answers 202 with a status URL; the transaction is then seen COMMITTED', async () => {
    const buyer = alliance.as('EcommerceMSP:buyer2');
    const from = await alliance.openAccount('EcommerceMSP:buyer2', 'buyer', '5000');
    const to = await alliance.openAccount('EcommerceMSP:store2', 'store');

    const accepted = await expectStatus(
      buyer.post(
        '/transfers',
        { fromAccountId: from, toAccountId: to, currency: alliance.currency, amount: '1250' },
        { async: 'true' },
      ),
      202,
    );
    const { transactionId } = accepted.body as { transactionId: string };
    expect(transactionId).toMatch(/^[0-9a-f]{64}$/);
    expect(accepted.headers.location).toBe(`/api/v1/transactions/${transactionId}`);
    expect(accepted.body).toEqual({
      transactionId,
      status: 'PENDING',
      statusUrl: `/api/v1/transactions/${transactionId}`,
      data: expect.objectContaining({ txId: transactionId, amount: '1250', fromAccountId: from, toAccountId: to }),
    });

    const status = await awaitTransaction(buyer, transactionId);
    expect(status).toMatchObject({
      transactionId,
      status: 'COMMITTED',
      validationCode: 'VALID',
      blockNumber: expect.stringMatching(/^[1-9][0-9]*$/),
      creatorMspId: 'EcommerceMSP',
      events: [{ name: 'Transferred', payload: expect.objectContaining({ txId: transactionId, amount: '1250' }) }],
    });
    expect(await alliance.balance('EcommerceMSP:buyer2', from)).toEqual({ available: '3750', frozen: '0' });
    expect(await alliance.balance('EcommerceMSP:store2', to)).toEqual({ available: '1250', frozen: '0' });
  });

  it("pages through a buyer's settlements and a store's orders with the bookmark", async () => {
    const buyerAccount = await alliance.openAccount('EcommerceMSP:buyer2', 'buyer', '100000');
    const storeAccount = await alliance.openAccount('EcommerceMSP:store2', 'store');
    const created: string[] = [];
    // One after another: each request debits the same buyer account.
    for (const amount of ['1001', '1002', '1003', '1004', '1005']) {
      created.push((await alliance.purchase('EcommerceMSP:buyer2', buyerAccount, storeAccount, amount)).settlementNo);
    }

    // by=buyer without a value: the caller's own. Other runs may have left more on a persistent network.
    const buyer = alliance.as('EcommerceMSP:buyer2');
    const seen: string[] = [];
    let bookmark = '';
    let pages = 0;
    do {
      const page = await expectStatus(
        buyer.get('/settlements', { by: 'buyer', pageSize: 2, ...(bookmark ? { bookmark } : {}) }),
        200,
      );
      const body = page.body as { items: { settlementNo: string; buyer: string }[]; bookmark: string };
      expect(body.items.length).toBeLessThanOrEqual(2);
      // An opaque URL-safe token, never the chaincode's composite key with its NUL bytes.
      expect(body.bookmark).toMatch(/^[A-Za-z0-9_-]*$/);
      for (const item of body.items) expect(item.buyer).toBe(alliance.party('EcommerceMSP:buyer2'));
      seen.push(...body.items.map((s) => s.settlementNo));
      bookmark = body.bookmark;
      pages += 1;
    } while (bookmark !== '' && pages < 1000);
    expect(bookmark).toBe('');
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(created));

    // A bookmark that no page returned is the client's mistake, named.
    for (const bad of ['not a token!', 'AA=', '\u0000']) {
      const malformed = await expectProblem(
        buyer.get('/settlements', { by: 'buyer', bookmark: bad }),
        400,
        'VALIDATION_FAILED',
      );
      expect(malformed.errors).toEqual([{ path: 'query.bookmark', message: expect.any(String) }]);
    }

    // An auditor names the party; a store lists its orders; the buyer may not list the store's.
    const byAuditor = await listAll<{ settlementNo: string }>(alliance.as('FinanceMSP:auditor1'), '/settlements', {
      by: 'buyer',
      value: alliance.party('EcommerceMSP:buyer2'),
    });
    expect(byAuditor.map((s) => s.settlementNo)).toEqual(expect.arrayContaining(created));
    const orders = await listAll<{ settlementNo: string; status: string }>(
      alliance.as('EcommerceMSP:store2'),
      '/orders',
      {
        by: 'store',
      },
    );
    expect(orders.filter((o) => created.includes(o.settlementNo)).map((o) => o.status)).toEqual([
      'PLACED',
      'PLACED',
      'PLACED',
      'PLACED',
      'PLACED',
    ]);
    await expectProblem(
      buyer.get('/orders', { by: 'store', value: alliance.party('EcommerceMSP:store2') }),
      403,
      'FORBIDDEN',
    );
  });

  it('answers an empty listing with 200, no items and no bookmark, on every ledger', async () => {
    // meter1 (an energy oracle) holds no credit line and issues no receivables in any scenario; a fresh
    // currency has no redemptions. A Fabric peer sends no pagination metadata with an empty page.
    const empties: [Parameters<Alliance['as']>[0], string, Readonly<Record<string, string>>][] = [
      ['EnergyMSP:meter1', '/credit-lines', { by: 'borrower' }],
      ['EnergyMSP:meter1', '/receivables', { by: 'creditor' }],
      ['FinanceMSP:auditor1', '/redemptions', { currency: alliance.currency, status: 'REQUESTED' }],
    ];
    for (const [who, path, query] of empties) {
      const res = await expectStatus(alliance.as(who).get(path, query), 200);
      expect(res.body).toEqual({ items: [], bookmark: '' });
    }
  });
});
