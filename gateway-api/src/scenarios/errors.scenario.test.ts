import { Alliance, expectProblem, expectStatus, type Purchase } from './alliance-bootstrap';

/** Every error class a client meets, as application/problem+json with a stable code. */
describe('error scenarios', () => {
  let alliance: Alliance;
  let buyerAccount: string;
  let storeAccount: string;
  let purchase: Purchase;

  beforeAll(async () => {
    alliance = await Alliance.open();
    buyerAccount = await alliance.openAccount('EcommerceMSP:buyer1', 'buyer', '10000');
    storeAccount = await alliance.openAccount('EcommerceMSP:store1', 'store');
    purchase = await alliance.purchase('EcommerceMSP:buyer1', buyerAccount, storeAccount, '4000');
  }, 120_000);
  afterAll(() => alliance.close());

  const transfer = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    fromAccountId: buyerAccount,
    toAccountId: storeAccount,
    currency: alliance.currency,
    amount: '100',
    ...extra,
  });

  it('400: unknown field, malformed amount and missing field, each with its path', async () => {
    const buyer = alliance.as('EcommerceMSP:buyer1');
    const unknown = await expectProblem(buyer.post('/transfers', transfer({ fee: '1' })), 400, 'VALIDATION_FAILED');
    expect(unknown.errors).toEqual([{ path: 'body.fee', message: 'unknown field' }]);

    for (const amount of ['1.5', '01', '-1', '1e3', '', 100]) {
      const bad = await expectProblem(buyer.post('/transfers', transfer({ amount })), 400, 'VALIDATION_FAILED');
      expect(bad.errors).toEqual([
        { path: 'body.amount', message: expect.stringMatching(/decimal string|expected a string/) },
      ]);
    }

    const { currency: _omitted, ...missing } = transfer();
    const incomplete = await expectProblem(buyer.post('/transfers', missing), 400, 'VALIDATION_FAILED');
    expect(incomplete.errors).toEqual([{ path: 'body.currency', message: 'required' }]);

    const nested = await expectProblem(
      buyer.post('/settlements', {
        storeOrderNo: `${storeAccount}-bad`,
        buyerAccountId: buyerAccount,
        storeAccountId: storeAccount,
        currency: alliance.currency,
        amount: '10',
        order: {
          ...alliance.snapshot(`${storeAccount}-bad`, '10'),
          items: [{ name: 'x', quantity: 0, unitPrice: '1.5' }],
        },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(nested.errors).toEqual([
      { path: 'body.order.items.0.quantity', message: expect.any(String) },
      { path: 'body.order.items.0.unitPrice', message: expect.any(String) },
    ]);

    const query = await expectProblem(
      alliance.as('FinanceMSP:auditor1').get('/settlements', { by: 'status', value: 'SHIPPED', pageSize: 101 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(query.errors).toEqual([
      { path: 'query.pageSize', message: expect.any(String) },
      { path: 'query.value', message: 'one of PAID, COMPLETED, CANCELLED, DISPUTED, ARBITRATED' },
    ]);

    // Each part of the request is named in the detail: the path's parameters, the query, the body.
    expect(unknown.detail).toBe('the body is not valid');
    expect(query.detail).toBe('the query is not valid');
    const path = await expectProblem(buyer.get('/settlements/not-a-settlement-number'), 400, 'VALIDATION_FAILED');
    expect(path.detail).toBe('the path parameters are not valid');
    expect(path.errors).toEqual([{ path: 'params.settlementNo', message: expect.any(String) }]);

    // A missing object says "required", not a type error; a bad kind lists the kinds.
    const admin = alliance.as('FinanceMSP:Admin');
    const payload = await expectProblem(admin.post('/proposals', { kind: 'BLACKLIST' }), 400, 'VALIDATION_FAILED');
    expect(payload.errors).toEqual([{ path: 'body.payload', message: 'required' }]);
    const kind = await expectProblem(admin.post('/proposals', { kind: 'NOPE', payload: {} }), 400, 'VALIDATION_FAILED');
    expect(kind.errors).toEqual([
      {
        path: 'body.kind',
        message: 'one of REGISTER_CURRENCY, BLACKLIST, WHITELIST, DELIST, REGISTER_FEED, REMOVE_ORACLE, ADD_ORACLE',
      },
    ]);

    // Nothing moved.
    expect(await alliance.balance('EcommerceMSP:buyer1', buyerAccount)).toEqual({ available: '6000', frozen: '4000' });
  });

  it('401 without a credential', async () => {
    const res = await expectProblem(
      alliance.anonymous().get(`/settlements/${purchase.settlementNo}`),
      401,
      'UNAUTHENTICATED',
    );
    expect(res.status).toBe(401);
    await expectProblem(alliance.anonymous().post('/transfers', transfer()), 401, 'UNAUTHENTICATED');
  });

  it("403: another buyer confirming someone else's settlement, a foreign org reading it; nothing changes", async () => {
    const path = `/settlements/${purchase.settlementNo}`;
    const bola = await expectProblem(
      alliance.as('EcommerceMSP:buyer2').post(`${path}/confirmation`, { amountToPay: '0' }),
      403,
      'FORBIDDEN',
    );
    expect(bola.details).toMatchObject({ action: 'ConfirmReceipt', caller: alliance.party('EcommerceMSP:buyer2') });
    await expectProblem(alliance.as('EnergyMSP:consumer1').get(path), 403, 'FORBIDDEN');
    await expectProblem(alliance.as('EcommerceMSP:buyer2').get(`${purchase.orderPath}/details`), 403, 'FORBIDDEN');
    // The store may not spend the buyer's money either.
    await expectProblem(alliance.as('EcommerceMSP:store1').post('/transfers', transfer()), 403, 'FORBIDDEN');

    expect((await expectStatus(alliance.as('EcommerceMSP:buyer1').get(path), 200)).body).toMatchObject({
      status: 'PAID',
      frozenAmount: '4000',
    });
  });

  it('404 for a settlement, order or account that does not exist', async () => {
    const buyer = alliance.as('EcommerceMSP:buyer1');
    const missing = await expectProblem(buyer.get(`/settlements/${'0'.repeat(64)}`), 404, 'NOT_FOUND');
    expect(missing.details).toMatchObject({ entity: 'settlement', id: '0'.repeat(64) });
    await expectProblem(
      buyer.post(`/settlements/${'0'.repeat(64)}/confirmation`, { amountToPay: '1' }),
      404,
      'NOT_FOUND',
    );
    await expectProblem(buyer.get(`/stores/EcommerceMSP:store1/orders/${storeAccount}-nothing`), 404, 'NOT_FOUND');
    await expectProblem(
      buyer.post('/transfers', transfer({ toAccountId: alliance.uniqueId('nobody') })),
      404,
      'NOT_FOUND',
    );
  });

  it('409: a step the state machine refuses (ILLEGAL_STATE), an id already taken (CONFLICT)', async () => {
    const store = alliance.as('EcommerceMSP:store1');
    // Shipping before acknowledging the payment.
    const early = await expectProblem(
      store.post(`${purchase.orderPath}/shipment`, { carrier: 'EMS', trackingNo: 'E3' }),
      409,
      'ILLEGAL_STATE',
    );
    expect(early.details).toMatchObject({ state: 'PLACED', action: 'SHIP', allowedFrom: ['PAID'] });
    // Confirming before shipment.
    await expectProblem(
      alliance
        .as('EcommerceMSP:buyer1')
        .post(`/settlements/${purchase.settlementNo}/confirmation`, { amountToPay: '4000' }),
      409,
      'ILLEGAL_STATE',
    );
    await expectProblem(
      alliance.as('EcommerceMSP:buyer2').post('/accounts', { accountId: buyerAccount }),
      409,
      'CONFLICT',
    );
  });

  it('422 when a transfer exceeds the available funds (frozen funds do not count)', async () => {
    const problem = await expectProblem(
      alliance.as('EcommerceMSP:buyer1').post('/transfers', transfer({ amount: '6001' })),
      422,
      'INSUFFICIENT_FUNDS',
    );
    expect(problem.details).toEqual({
      accountId: buyerAccount,
      currency: alliance.currency,
      available: '6000',
      requested: '6001',
    });
    expect(await alliance.balance('EcommerceMSP:buyer1', buyerAccount)).toEqual({ available: '6000', frozen: '4000' });
  });

  it('404 for a credit line that does not exist, and nothing is written', async () => {
    const storeOrderNo = `${storeAccount}-credit`;
    const problem = await expectProblem(
      alliance.as('EcommerceMSP:buyer1').post('/settlements', {
        storeOrderNo,
        buyerAccountId: buyerAccount,
        storeAccountId: storeAccount,
        currency: alliance.currency,
        amount: '50000',
        creditLineId: 'line-1',
        order: alliance.snapshot(storeOrderNo, '50000'),
      }),
      404,
      'NOT_FOUND',
    );
    expect(problem.details).toMatchObject({ entity: 'credit line', id: 'line-1' });
    await expectProblem(
      alliance.as('EcommerceMSP:buyer1').get(`/stores/EcommerceMSP:store1/orders/${storeOrderNo}`),
      404,
      'NOT_FOUND',
    );
  });
});
