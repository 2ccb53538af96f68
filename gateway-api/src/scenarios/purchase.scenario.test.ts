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
    const { storeOrderNo, settlementNo, snapshot, response } = await alliance.purchase(
      'EcommerceMSP:buyer1',
      buyerAccount,
      storeAccount,
      '25000',
    );
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
    const order = `/orders/${storeOrderNo}`;
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
      expect(details.body).toEqual({ storeOrderNo, snapshotHash: canonicalHash(snapshot), snapshot });
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
    await expectStatus(store.post(`/orders/${early.storeOrderNo}/payment-acknowledgement`), 200);
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
    await expectStatus(store.post(`/orders/${late.storeOrderNo}/payment-acknowledgement`), 200);
    await expectStatus(store.post(`/orders/${late.storeOrderNo}/shipment`, { carrier: 'EMS', trackingNo: 'E1' }), 200);
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
    const { storeOrderNo, settlementNo } = await alliance.purchase(
      'EcommerceMSP:buyer1',
      buyerAccount,
      storeAccount,
      '33333',
    );
    await expectStatus(store.post(`/orders/${storeOrderNo}/payment-acknowledgement`), 200);
    await expectStatus(store.post(`/orders/${storeOrderNo}/shipment`, { carrier: 'EMS', trackingNo: 'E2' }), 200);

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
});
