import { Alliance, canonicalHash, expectProblem, expectStatus } from './alliance-bootstrap';

/** DOMAIN.md §3 over REST: a purchase paid through escrow, cancelled, or disputed and arbitrated. */
describe('purchase scenarios', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  }, 120_000);
  afterAll(() => alliance.close());

  it('full purchase: request, acknowledge, ship, deliver, confirm a lower amount', async () => {
    const buyer = alliance.as('EcommerceMSP:buyer1');
    const store = alliance.as('EcommerceMSP:store1');
    const buyerAccount = await alliance.openAccount('EcommerceMSP:buyer1', 'buyer', '100000');
    const storeAccount = await alliance.openAccount('EcommerceMSP:store1', 'store');

    // 1. Request: the amount is frozen; the snapshot travels privately, only its hash is public.
    const {
      storeOrderNo,
      settlementNo,
      orderPath: order,
      snapshot,
      response,
    } = await alliance.purchase('EcommerceMSP:buyer1', buyerAccount, storeAccount, '25000');
    expect(response.headers.location).toBe(`/api/v1/settlements/${settlementNo}`);
    expect(response.body).toMatchObject({
      transactionId: settlementNo,
      blockNumber: expect.stringMatching(/^[1-9][0-9]*$/),
      data: {
        updated: false,
        settlement: {
          settlementNo,
          storeOrderNo,
          status: 'PAID',
          amount: '25000',
          frozenAmount: '25000',
          paidAmount: '0',
        },
        order: { storeOrderNo, settlementNo, status: 'PLACED', amount: '25000', snapshotHash: canonicalHash(snapshot) },
      },
    });
    expect(await alliance.balance('EcommerceMSP:buyer1', buyerAccount)).toEqual({
      available: '75000',
      frozen: '25000',
    });

    // 2–3. The store acknowledges and ships; the logistics oracle records delivery.
    const acknowledged = await expectStatus(store.post(`${order}/payment-acknowledgement`), 200);
    expect(acknowledged.body.data).toMatchObject({ status: 'PAID' });
    const shipped = await expectStatus(
      store.post(`${order}/shipment`, { carrier: 'SF Express', trackingNo: 'SF1234567890' }),
      200,
    );
    expect(shipped.body.data).toMatchObject({
      status: 'SHIPPED',
      logistics: { carrier: 'SF Express', trackingNo: 'SF1234567890' },
      releaseDeadline: expect.any(String),
    });
    const proofHash = canonicalHash({ deliveryNote: storeOrderNo });
    const delivered = await expectStatus(
      alliance.as('EcommerceMSP:oracle1').post(`${order}/delivery`, { proofHash }),
      200,
    );
    expect(delivered.body.data).toMatchObject({ status: 'DELIVERED', deliveryProofHash: proofHash });

    // 4. The buyer confirms, paying less after a negotiated deduction.
    const confirmed = await expectStatus(
      buyer.post(`/settlements/${settlementNo}/confirmation`, { amountToPay: '24000' }),
      200,
    );
    expect(confirmed.body.data).toMatchObject({
      settlement: {
        status: 'COMPLETED',
        amount: '25000',
        frozenAmount: '0',
        paidAmount: '24000',
        refundedAmount: '1000',
        paymentTxId: confirmed.body.transactionId,
      },
      order: { status: 'COMPLETED', paidAmount: '24000' },
    });

    expect(await alliance.balance('EcommerceMSP:buyer1', buyerAccount)).toEqual({ available: '76000', frozen: '0' });
    expect(await alliance.balance('EcommerceMSP:store1', storeAccount)).toEqual({ available: '24000', frozen: '0' });

    const settlementRes = await expectStatus(buyer.get(`/settlements/${settlementNo}`), 200);
    expect(settlementRes.body).toMatchObject({
      status: 'COMPLETED',
      paidAmount: '24000',
      closedAt: expect.any(String),
    });
    const publicOrder = await expectStatus(store.get(order), 200);
    expect(publicOrder.body).toMatchObject({
      status: 'COMPLETED',
      paidAmount: '24000',
      snapshotHash: canonicalHash(snapshot),
    });
    expect(publicOrder.body).not.toHaveProperty('items');
    expect(publicOrder.body).not.toHaveProperty('shippingAddress');
    expect(JSON.stringify(publicOrder.body)).not.toContain('Li Wei');

    // History: every step, oldest first, each written by the transaction that answered it.
    const orderHistory = (await expectStatus(buyer.get(`${order}/history`), 200)).body as {
      items: { txId: string; value: { status: string } }[];
    };
    expect(orderHistory.items.map((e) => e.value.status)).toEqual([
      'PLACED',
      'PAID',
      'SHIPPED',
      'DELIVERED',
      'COMPLETED',
    ]);
    expect(orderHistory.items.map((e) => e.txId)).toEqual([
      settlementNo,
      acknowledged.body.transactionId,
      shipped.body.transactionId,
      delivered.body.transactionId,
      confirmed.body.transactionId,
    ]);
    const settlementHistory = await expectStatus(store.get(`/settlements/${settlementNo}/history`), 200);
    expect(settlementHistory.body.items).toMatchObject([
      { txId: settlementNo, isDelete: false, value: { status: 'PAID', frozenAmount: '25000' } },
      { txId: confirmed.body.transactionId, isDelete: false, value: { status: 'COMPLETED', frozenAmount: '0' } },
    ]);

    // Private details: the parties and an auditor read them; an EnergyMSP party may not.
    for (const reader of ['EcommerceMSP:buyer1', 'EcommerceMSP:store1', 'FinanceMSP:auditor1'] as const) {
      const details = await expectStatus(alliance.as(reader).get(`${order}/details`), 200);
      expect(details.body).toEqual({ settlementNo, storeOrderNo, snapshotHash: canonicalHash(snapshot), snapshot });
    }
    const refused = await expectProblem(alliance.as('EnergyMSP:consumer1').get(`${order}/details`), 403, 'FORBIDDEN');
    expect(JSON.stringify(refused)).not.toContain('Li Wei');
  });

  it('cancel before shipment unfreezes the funds; after shipment it is refused with 409', async () => {
    const buyer = alliance.as('EcommerceMSP:buyer1');
    const store = alliance.as('EcommerceMSP:store1');
    const buyerAccount = await alliance.openAccount('EcommerceMSP:buyer1', 'buyer', '50000');
    const storeAccount = await alliance.openAccount('EcommerceMSP:store1', 'store');

    const early = await alliance.purchase('EcommerceMSP:buyer1', buyerAccount, storeAccount, '20000');
    await expectStatus(store.post(`${early.orderPath}/payment-acknowledgement`), 200);
    expect(await alliance.balance('EcommerceMSP:buyer1', buyerAccount)).toEqual({
      available: '30000',
      frozen: '20000',
    });
    const cancelled = await expectStatus(
      buyer.post(`/settlements/${early.settlementNo}/cancellation`, { reason: 'changed my mind' }),
      200,
    );
    expect(cancelled.body.data).toMatchObject({
      settlement: {
        status: 'CANCELLED',
        frozenAmount: '0',
        paidAmount: '0',
        refundedAmount: '20000',
        cancelReason: 'changed my mind',
      },
      order: { status: 'CANCELLED' },
    });
    expect(await alliance.balance('EcommerceMSP:buyer1', buyerAccount)).toEqual({ available: '50000', frozen: '0' });

    const late = await alliance.purchase('EcommerceMSP:buyer1', buyerAccount, storeAccount, '15000');
    await expectStatus(store.post(`${late.orderPath}/payment-acknowledgement`), 200);
    await expectStatus(store.post(`${late.orderPath}/shipment`, { carrier: 'EMS', trackingNo: 'E1' }), 200);
    for (const who of [buyer, store]) {
      const problem = await expectProblem(
        who.post(`/settlements/${late.settlementNo}/cancellation`, {}),
        409,
        'ILLEGAL_STATE',
      );
      expect(problem.details).toMatchObject({ state: 'SHIPPED', action: 'CANCEL' });
    }
    expect(await alliance.balance('EcommerceMSP:buyer1', buyerAccount)).toEqual({
      available: '35000',
      frozen: '15000',
    });
    expect((await expectStatus(buyer.get(`/settlements/${late.settlementNo}`), 200)).body).toMatchObject({
      status: 'PAID',
      frozenAmount: '15000',
    });
  });

  it('dispute and arbitration split the frozen amount exactly', async () => {
    const buyer = alliance.as('EcommerceMSP:buyer1');
    const store = alliance.as('EcommerceMSP:store2');
    const buyerAccount = await alliance.openAccount('EcommerceMSP:buyer1', 'buyer', '40000');
    const storeAccount = await alliance.openAccount('EcommerceMSP:store2', 'store');
    const { orderPath, settlementNo } = await alliance.purchase(
      'EcommerceMSP:buyer1',
      buyerAccount,
      storeAccount,
      '33333',
    );
    await expectStatus(store.post(`${orderPath}/payment-acknowledgement`), 200);
    await expectStatus(store.post(`${orderPath}/shipment`, { carrier: 'EMS', trackingNo: 'E2' }), 200);

    const evidenceHash = canonicalHash({ photos: ['broken-cup.jpg'] });
    const disputed = await expectStatus(
      buyer.post(`/settlements/${settlementNo}/dispute`, { reason: 'two cups arrived broken', evidenceHash }),
      200,
    );
    expect(disputed.body.data).toMatchObject({
      settlement: {
        status: 'DISPUTED',
        frozenAmount: '33333',
        dispute: { reason: 'two cups arrived broken', evidenceHash },
      },
      order: { status: 'DISPUTED' },
    });
    // A disputed settlement is no longer the buyer's to confirm.
    await expectProblem(
      buyer.post(`/settlements/${settlementNo}/confirmation`, { amountToPay: '1' }),
      409,
      'ILLEGAL_STATE',
    );

    const arbitrated = await expectStatus(
      alliance
        .as('EcommerceMSP:arbitrator1')
        .post(`/settlements/${settlementNo}/arbitration`, { storeAmount: '22222', ruling: 'two of six cups broken' }),
      200,
    );
    expect(arbitrated.body.data).toMatchObject({
      settlement: {
        status: 'ARBITRATED',
        frozenAmount: '0',
        paidAmount: '22222',
        refundedAmount: '11111',
        paymentTxId: arbitrated.body.transactionId,
        resolution: {
          storeAmount: '22222',
          buyerAmount: '11111',
          ruling: 'two of six cups broken',
          by: alliance.party('EcommerceMSP:arbitrator1'),
        },
      },
      order: { status: 'ARBITRATED', paidAmount: '22222' },
    });
    expect(await alliance.balance('EcommerceMSP:buyer1', buyerAccount)).toEqual({ available: '17778', frozen: '0' });
    expect(await alliance.balance('EcommerceMSP:store2', storeAccount)).toEqual({ available: '22222', frozen: '0' });
  });

  it("an integrator finds the store in the directory and names a purchase by the store's own number or the settlement", async () => {
    const buyer = alliance.as('EcommerceMSP:buyer2');
    // The directory lists stores (by role, by text) and never a buyer; a buyer is found by its exact handle.
    const stores = await expectStatus(buyer.get('/directory', { role: 'store', pageSize: 100 }), 200);
    const handles = (stores.body.items as { handle: string }[]).map((e) => e.handle);
    expect(handles).toEqual(expect.arrayContaining(['EcommerceMSP:store1', 'EcommerceMSP:store2']));
    const store1 = (stores.body.items as Record<string, unknown>[]).find((e) => e.handle === 'EcommerceMSP:store1');
    expect(store1).toMatchObject({
      party: alliance.party('EcommerceMSP:store1'),
      roles: ['store'],
      discoverable: true,
    });
    const everyone = await expectStatus(buyer.get('/directory', { q: 'buyer', pageSize: 100 }), 200);
    expect(everyone.body.items).toEqual([]);
    const friend = await expectStatus(buyer.get('/directory/EcommerceMSP:buyer1'), 200);
    expect(friend.body).toEqual({
      handle: 'EcommerceMSP:buyer1',
      party: alliance.party('EcommerceMSP:buyer1'),
      mspId: 'EcommerceMSP',
      roles: [],
      status: 'ACTIVE',
      discoverable: false,
    });

    // Two stores use the same order number of their own numbering.
    const buyerAccount = await alliance.openAccount('EcommerceMSP:buyer2', 'buyer', '1000');
    const number = alliance.uniqueId('A');
    const paid: { orderPath: string; settlementNo: string }[] = [];
    for (const store of ['EcommerceMSP:store1', 'EcommerceMSP:store2'] as const) {
      const storeAccount = await alliance.openAccount(store, 'store');
      const created = await expectStatus(
        buyer.post('/settlements', {
          storeOrderNo: number,
          buyerAccountId: buyerAccount,
          storeAccountId: storeAccount,
          currency: alliance.currency,
          amount: '100',
        }),
        201,
      );
      const { order, settlement } = created.body.data as {
        order: { storeHandle: string; buyerHandle: string; storeOrderNo: string };
        settlement: { settlementNo: string };
      };
      expect(order).toMatchObject({ storeHandle: store, buyerHandle: 'EcommerceMSP:buyer2', storeOrderNo: number });
      paid.push({
        orderPath: `/stores/${order.storeHandle}/orders/${number}`,
        settlementNo: settlement.settlementNo,
      });
    }
    const [first, second] = paid as [(typeof paid)[0], (typeof paid)[0]];
    expect(first.settlementNo).not.toBe(second.settlementNo);

    // The same purchase under both names; every step under either.
    const byOrder = await expectStatus(buyer.get(first.orderPath), 200);
    const bySettlement = await expectStatus(buyer.get(`/settlements/${first.settlementNo}/order`), 200);
    expect(bySettlement.body).toEqual(byOrder.body);
    expect(byOrder.body).toMatchObject({ settlementNo: first.settlementNo, storeHandle: 'EcommerceMSP:store1' });
    const settlementView = await expectStatus(buyer.get(`${first.orderPath}/settlement`), 200);
    expect(settlementView.body).toMatchObject({ settlementNo: first.settlementNo, status: 'PAID' });
    const store1Client = alliance.as('EcommerceMSP:store1');
    await expectStatus(store1Client.post(`/settlements/${first.settlementNo}/payment-acknowledgement`), 200);
    await expectStatus(store1Client.post(`${first.orderPath}/shipment`, { carrier: 'SF', trackingNo: number }), 200);
    const confirmed = await expectStatus(buyer.post(`${first.orderPath}/confirmation`, { amountToPay: '100' }), 200);
    expect(confirmed.body.data.settlement).toMatchObject({ settlementNo: first.settlementNo, status: 'COMPLETED' });
    await expectStatus(buyer.post(`${second.orderPath}/cancellation`, {}), 200);

    // A wrong kind of id is refused with the name that takes it.
    const asSettlement = await expectProblem(buyer.get(`/settlements/${number}`), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(asSettlement.errors)).toContain('/stores/{store}/orders/{storeOrderNo}');
    const asOrder = await expectProblem(
      buyer.get(`/stores/EcommerceMSP:store1/orders/${first.settlementNo}`),
      404,
      'NOT_FOUND',
    );
    expect(asOrder.detail).toContain('is a settlement number: give it as settlementNo');
    await expectProblem(buyer.get(`/stores/EcommerceMSP:nobody/orders/${number}`), 404, 'NOT_FOUND');
  });
});
