import { createHash } from 'node:crypto';
import { canonicalJson } from '@allianceledger/contract';
import { Alliance, Client, STANDARD_ROLES, expectCode, orderSnapshot, pluck } from '../test/alliance';
import { TIME_LIMIT } from './time-limit';

const DAY = 24 * 60 * 60;
/** store1 by its handle: orders are named by their store and the store's own number. */
const STORE1 = 'EcommerceMSP:store1';

describe('orders and C2C escrow settlement', () => {
  let alliance: Alliance;
  let buyer1: Client;
  let buyer2: Client;
  let store1: Client;
  let store2: Client;
  let oracle: Client;
  let arbitrator: Client;
  let auditor: Client;
  let bank: Client;
  let energy: Client;
  let seq = 0;

  const balance = async (accountId: string): Promise<{ available: string; frozen: string }> => {
    const b = await auditor.evaluate('wallets:GetBalance', { accountId, currency: 'CNY' });
    return { available: b.available, frozen: b.frozen };
  };

  /** Requests a settlement for a fresh store order of store account `s1`. */
  const request = async (
    amount: string,
    options: {
      buyer?: Client;
      buyerAccountId?: string;
      storeAccountId?: string;
      no?: string;
      extra?: object;
      snapshot?: boolean;
    } = {},
  ) => {
    const storeAccountId = options.storeAccountId ?? 's1';
    const no = options.no ?? `${storeAccountId}-${String(++seq).padStart(4, '0')}`;
    const input = {
      storeOrderNo: no,
      buyerAccountId: options.buyerAccountId ?? 'b1',
      storeAccountId,
      currency: 'CNY',
      amount,
      ...options.extra,
    };
    const run = await (options.buyer ?? buyer1).run(
      'settlements:RequestSettlement',
      input,
      options.snapshot === false ? {} : { transient: { order: orderSnapshot(no, amount) } },
    );
    return { no, settlementNo: run.result.settlement.settlementNo as string, txId: run.txId, result: run.result };
  };

  const shipped = async (amount: string, extra: object = {}) => {
    const r = await request(amount, { extra });
    await store1.submit('settlements:AcknowledgePayment', { store: STORE1, storeOrderNo: r.no });
    const ship = await store1.run('settlements:Ship', {
      store: STORE1,
      storeOrderNo: r.no,
      carrier: 'SF Express',
      trackingNo: `SF${seq}`,
    });
    return { ...r, order: ship.result };
  };

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers(STANDARD_ROLES);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    await alliance.registerLogisticsFeed();
    [buyer1, buyer2, store1, store2, oracle, arbitrator, auditor, bank, energy] = await Promise.all([
      alliance.client('EcommerceMSP', 'buyer1'),
      alliance.client('EcommerceMSP', 'buyer2'),
      alliance.client('EcommerceMSP', 'store1'),
      alliance.client('EcommerceMSP', 'store2'),
      alliance.client('EcommerceMSP', 'oracle1'),
      alliance.client('EcommerceMSP', 'arbitrator1'),
      alliance.client('FinanceMSP', 'auditor1'),
      alliance.client('FinanceMSP', 'bank1'),
      alliance.client('EnergyMSP', 'consumer1'),
    ]);
    await Promise.all([
      buyer1.submit('wallets:OpenAccount', { accountId: 'b1' }),
      buyer1.submit('wallets:OpenAccount', { accountId: 'b1-savings' }),
      buyer1.submit('wallets:OpenAccount', { accountId: 'b1-empty' }),
      buyer2.submit('wallets:OpenAccount', { accountId: 'b2' }),
      store1.submit('wallets:OpenAccount', { accountId: 's1' }),
      store2.submit('wallets:OpenAccount', { accountId: 's2' }),
    ]);
    const issuer = await alliance.client('FinanceMSP', 'issuer1');
    for (const [accountId, amount] of [
      ['b1', '100000'],
      ['b1-savings', '5000'],
      ['b2', '100000'],
    ] as const) {
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId, amount });
    }
  });
  afterAll(() => alliance.close());

  describe('step 1: request', () => {
    it('freezes the amount; settlement PAID, store order PLACED; the snapshot is private, its hash public', async () => {
      const before = await balance('b1');
      const r = await request('600');
      expect(r.result.settlement).toMatchObject({
        status: 'PAID',
        amount: '600',
        frozenAmount: '600',
        paidAmount: '0',
      });
      expect(r.result.order).toMatchObject({
        status: 'PLACED',
        amount: '600',
        settlementNo: r.settlementNo,
        timeLimitSeconds: 10 * DAY,
        revision: 0,
      });
      expect(r.settlementNo).toBe(r.txId);
      const after = await balance('b1');
      expect(BigInt(after.available)).toBe(BigInt(before.available) - 600n);
      expect(BigInt(after.frozen)).toBe(BigInt(before.frozen) + 600n);

      const expectedHash = createHash('sha256')
        .update(canonicalJson(orderSnapshot(r.no, '600')))
        .digest('hex');
      expect(r.result.order.snapshotHash).toBe(expectedHash);
      expect(r.result.order).not.toHaveProperty('shippingAddress');
      const details = await store1.evaluate('settlements:GetOrderDetails', { store: STORE1, storeOrderNo: r.no });
      expect(details).toEqual({
        settlementNo: r.settlementNo,
        storeOrderNo: r.no,
        snapshotHash: expectedHash,
        snapshot: orderSnapshot(r.no, '600'),
      });
      expect(
        (await auditor.evaluate('settlements:GetOrderDetails', { store: STORE1, storeOrderNo: r.no })).snapshotHash,
      ).toBe(expectedHash);
      await expectCode(
        store2.evaluate('settlements:GetOrderDetails', { store: STORE1, storeOrderNo: r.no }),
        'FORBIDDEN',
      );
      await expectCode(
        energy.evaluate('settlements:GetOrderDetails', { store: STORE1, storeOrderNo: r.no }),
        'FORBIDDEN',
      );

      for (let n = 0n; n < alliance.height(); n++) {
        const block = await alliance.devnet.getBlock(n);
        expect(Buffer.from(block!.serializeBinary()).includes('West Lake Road')).toBe(false);
      }
      // The event carries the purchase's ids, parties, states and amount for its parties, and no balance.
      const event = await alliance.event(r.txId);
      expect(event?.name).toBe('SettlementRequested');
      expect(event?.payload).toMatchObject({
        settlementNo: r.settlementNo,
        storeOrderNo: r.no,
        status: 'PAID',
        orderStatus: 'PLACED',
        amount: '600',
        frozenAmount: '600',
        audience: {
          parties: [await alliance.party('EcommerceMSP', 'buyer1'), await alliance.party('EcommerceMSP', 'store1')],
        },
      });
      expect(JSON.stringify(event?.payload)).not.toMatch(/available|shippingAddress|snapshot/);
    });

    it('accepts a request without an order snapshot: no hash, no private details', async () => {
      const r = await request('30', { snapshot: false });
      expect(r.result.order.status).toBe('PLACED');
      expect(r.result.order).not.toHaveProperty('snapshotHash');
      await expectCode(
        store1.evaluate('settlements:GetOrderDetails', { store: STORE1, storeOrderNo: r.no }),
        'NOT_FOUND',
      );
    });

    it("lists settlements by buyer and by store through the orders' index rows: the same purchases, in the same order", async () => {
      await request('30');
      await request('40');
      const store = await alliance.party('EcommerceMSP', 'store1');
      const buyer = await alliance.party('EcommerceMSP', 'buyer1');
      for (const [by, value] of [
        ['store', store],
        ['buyer', buyer],
      ] as const) {
        const orders = await auditor.evaluate('settlements:ListOrders', { by, value, pageSize: 100 });
        const settlements = await auditor.evaluate('settlements:ListSettlements', { by, value, pageSize: 100 });
        expect(pluck(settlements.items, 'settlementNo')).toEqual(pluck(orders.items, 'settlementNo'));
        expect(settlements.items.length).toBeGreaterThanOrEqual(2);
        // A page boundary: the bookmark of a settlement listing continues the same listing.
        const first = await auditor.evaluate('settlements:ListSettlements', { by, value, pageSize: 1 });
        const next = await auditor.evaluate('settlements:ListSettlements', {
          by,
          value,
          pageSize: 1,
          bookmark: first.bookmark,
        });
        expect([...pluck(first.items, 'settlementNo'), ...pluck(next.items, 'settlementNo')]).toEqual(
          pluck(settlements.items, 'settlementNo').slice(0, 2),
        );
      }
    });

    it('refuses a snapshot that does not match the public input', async () => {
      const input = {
        storeOrderNo: 's1-x1',
        buyerAccountId: 'b1',
        storeAccountId: 's1',
        currency: 'CNY',
        amount: '10',
      };
      const probes = [() => balance('b1')];
      await alliance.expectRefused(
        () =>
          buyer1.submit('settlements:RequestSettlement', input, { transient: { order: orderSnapshot('s1-x1', '11') } }),
        'INVALID_ARGUMENT',
        probes,
      );
      await alliance.expectRefused(
        () =>
          buyer1.submit('settlements:RequestSettlement', input, {
            transient: { order: { ...orderSnapshot('s1-x1', '10'), secret: true } },
          }),
        'INVALID_ARGUMENT',
        probes,
      );
    });

    it.each([
      ['""', ''],
      ['" "', ' '],
      ['"1e3"', '1e3'],
      ['"0x10"', '0x10'],
      ['"-1"', '-1'],
      ['"1.5"', '1.5'],
      ['"Infinity"', 'Infinity'],
      ['"0"', '0'],
      ['a number', 5],
      ['null', null],
      ['an object', { amount: '5' }],
    ])('refuses the amount %s with INVALID_ARGUMENT and writes nothing', async (_name, amount) => {
      const no = 's1-bad';
      const input = { storeOrderNo: no, buyerAccountId: 'b1', storeAccountId: 's1', currency: 'CNY', amount };
      await alliance.expectRefused(
        () => buyer1.submit('settlements:RequestSettlement', input, { transient: { order: orderSnapshot(no, '5') } }),
        'INVALID_ARGUMENT',
        [() => balance('b1')],
      );
    });

    it('refuses 9007199254740993 as a JSON number', async () => {
      const no = 's1-big';
      const json = `{"storeOrderNo":"${no}","buyerAccountId":"b1","storeAccountId":"s1","currency":"CNY","amount":9007199254740993}`;
      await alliance.expectRefused(
        () => buyer1.submit('settlements:RequestSettlement', json, { transient: { order: orderSnapshot(no, '5') } }),
        'INVALID_ARGUMENT',
        [() => balance('b1')],
      );
    });

    it('updates the open settlement of the same store order and adjusts the frozen amount', async () => {
      const r = await request('600');
      const base = await balance('b1');
      const up = await buyer1.run(
        'settlements:RequestSettlement',
        { storeOrderNo: r.no, buyerAccountId: 'b1', storeAccountId: 's1', currency: 'CNY', amount: '800' },
        { transient: { order: orderSnapshot(r.no, '800') } },
      );
      expect(up.result).toMatchObject({
        updated: true,
        settlement: { settlementNo: r.settlementNo, amount: '800', frozenAmount: '800' },
      });
      expect(up.result.order).toMatchObject({ revision: 1, amount: '800', status: 'PLACED' });
      expect(await balance('b1')).toEqual({
        available: (BigInt(base.available) - 200n).toString(),
        frozen: (BigInt(base.frozen) + 200n).toString(),
      });
      expect((await alliance.event(up.txId))?.name).toBe('SettlementUpdated');

      // After the store acknowledged, a change sends the order back to PLACED for a new acknowledgement.
      await store1.submit('settlements:AcknowledgePayment', { store: STORE1, storeOrderNo: r.no });
      const down = await buyer1.submit(
        'settlements:RequestSettlement',
        { storeOrderNo: r.no, buyerAccountId: 'b1', storeAccountId: 's1', currency: 'CNY', amount: '500' },
        { transient: { order: orderSnapshot(r.no, '500') } },
      );
      expect(down.order).toMatchObject({ revision: 2, amount: '500', status: 'PLACED' });
      expect(await balance('b1')).toEqual({
        available: (BigInt(base.available) + 100n).toString(),
        frozen: (BigInt(base.frozen) - 100n).toString(),
      });
      const list = await auditor.evaluate('settlements:ListSettlements', {
        by: 'buyer',
        value: await alliance.party('EcommerceMSP', 'buyer1'),
        pageSize: 100,
      });
      expect(pluck(list.items, 'storeOrderNo').filter((n) => n === r.no)).toHaveLength(1);

      const again = { storeOrderNo: r.no, storeAccountId: 's1', currency: 'CNY', amount: '500' };
      const t = { transient: { order: orderSnapshot(r.no, '500') } };
      await alliance.expectRefused(
        () => buyer2.submit('settlements:RequestSettlement', { ...again, buyerAccountId: 'b2' }, t),
        'FORBIDDEN',
        [() => balance('b2')],
      );
      await alliance.expectRefused(
        () => buyer1.submit('settlements:RequestSettlement', { ...again, buyerAccountId: 'b1-savings' }, t),
        'CONFLICT',
        [() => balance('b1'), () => balance('b1-savings')],
      );
    });

    it('refuses to reopen a closed store order', async () => {
      const r = await request('100');
      await buyer1.submit('settlements:Cancel', { settlementNo: r.settlementNo });
      await alliance.expectRefused(
        () =>
          buyer1.submit(
            'settlements:RequestSettlement',
            { storeOrderNo: r.no, buyerAccountId: 'b1', storeAccountId: 's1', currency: 'CNY', amount: '100' },
            { transient: { order: orderSnapshot(r.no, '100') } },
          ),
        'ILLEGAL_STATE',
        [() => balance('b1')],
      );
    });

    it('1a: tops up the shortfall from another account of the same buyer', async () => {
      await buyer1.submit('wallets:Transfer', {
        fromAccountId: 'b1',
        toAccountId: 'b1-empty',
        currency: 'CNY',
        amount: '100',
      });
      const savings = await balance('b1-savings');
      const r = await request('300', { buyerAccountId: 'b1-empty', extra: { topUpFromAccountId: 'b1-savings' } });
      expect(r.result.settlement.topUps).toEqual([{ fromAccountId: 'b1-savings', amount: '200', txId: r.txId }]);
      expect(await balance('b1-empty')).toEqual({ available: '0', frozen: '300' });
      expect((await balance('b1-savings')).available).toBe((BigInt(savings.available) - 200n).toString());

      const probes = [() => balance('b1-empty'), () => balance('b1-savings'), () => balance('b2')];
      await alliance.expectRefused(() => request('10', { buyerAccountId: 'b1-empty' }), 'INSUFFICIENT_FUNDS', probes);
      await alliance.expectRefused(
        () => request('999999', { buyerAccountId: 'b1-empty', extra: { topUpFromAccountId: 'b1-savings' } }),
        'INSUFFICIENT_FUNDS',
        probes,
      );
      await alliance.expectRefused(
        () => request('10', { buyerAccountId: 'b1-empty', extra: { topUpFromAccountId: 'b2' } }),
        'FORBIDDEN',
        probes,
      );
    });

    it('1b: draws the shortfall from the buyer’s credit line, records it, and freezes as usual', async () => {
      await bank.submit('wallets:OpenAccount', { accountId: 'bank1-funding' });
      await alliance.devnet.flush();
      const issuer = await alliance.client('FinanceMSP', 'issuer1');
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'bank1-funding', amount: '1000' });
      const line = await bank.submit('finance:GrantCreditLine', {
        borrower: await alliance.party('EcommerceMSP', 'buyer1'),
        currency: 'CNY',
        limit: '300',
        fundingAccountId: 'bank1-funding',
      });
      await buyer1.submit('wallets:OpenAccount', { accountId: 'b1-credit' });
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'b1-credit', amount: '50' });

      const r = await request('250', { buyerAccountId: 'b1-credit', extra: { creditLineId: line.lineId } });
      expect(r.result.settlement).toMatchObject({
        amount: '250',
        frozenAmount: '250',
        topUps: [],
        creditDraws: [{ creditLineId: line.lineId, amount: '200', txId: r.txId }],
      });
      expect(await balance('b1-credit')).toEqual({ available: '0', frozen: '250' });
      expect(await balance('bank1-funding')).toEqual({ available: '800', frozen: '0' });
      expect(await bank.evaluate('finance:GetCreditLine', { lineId: line.lineId })).toMatchObject({ drawn: '200' });

      // Beyond the line's limit, or on somebody else's line, nothing moves.
      const probes = [() => balance('b1-credit'), () => balance('bank1-funding')];
      const over = await alliance.expectRefused(
        () => request('101', { buyerAccountId: 'b1-credit', extra: { creditLineId: line.lineId } }),
        'INSUFFICIENT_FUNDS',
        probes,
      );
      expect(over.details).toMatchObject({ lineId: line.lineId, available: '100', requested: '101' });

      // The bank's funding account short: the buyer learns that, and nothing of the bank's account.
      await bank.submit('wallets:Transfer', {
        fromAccountId: 'bank1-funding',
        toAccountId: 's1',
        currency: 'CNY',
        amount: '790',
      });
      const unfunded = await alliance.expectRefused(
        () => request('100', { buyerAccountId: 'b1-credit', extra: { creditLineId: line.lineId } }),
        'INSUFFICIENT_FUNDS',
        probes,
      );
      expect(unfunded.details).toEqual({ lineId: line.lineId, requested: '100' });
      expect(JSON.stringify(unfunded)).not.toContain('bank1-funding');
      await alliance.expectRefused(
        () => request('10000000', { buyer: buyer2, buyerAccountId: 'b2', extra: { creditLineId: line.lineId } }),
        'FORBIDDEN',
        probes,
      );
      await alliance.expectRefused(
        () =>
          request('10', {
            buyerAccountId: 'b1-credit',
            extra: { creditLineId: line.lineId, topUpFromAccountId: 'b1' },
          }),
        'INVALID_ARGUMENT',
        probes,
      );
      // Cancelling returns the funds to the buyer; the line stays drawn until repaid.
      await buyer1.submit('settlements:Cancel', { settlementNo: r.settlementNo });
      expect(await balance('b1-credit')).toEqual({ available: '250', frozen: '0' });
      await buyer1.submit('finance:RepayCreditLine', { lineId: line.lineId, accountId: 'b1-credit', amount: '200' });
      // 1000 granted from, 200 drawn and repaid, 790 moved away by the bank itself.
      expect(await balance('bank1-funding')).toEqual({ available: '210', frozen: '0' });
    });
  });

  describe('naming a purchase', () => {
    it('scopes order numbers to the store: two stores use their own numbering, each order found by its store', async () => {
      const a = await request('10', { no: 'ORDER-1' });
      const b = await request('20', { no: 'ORDER-1', storeAccountId: 's2' });
      expect(a.settlementNo).not.toBe(b.settlementNo);
      const store1Party = await alliance.party('EcommerceMSP', 'store1');
      expect(await buyer1.evaluate('settlements:GetOrder', { store: STORE1, storeOrderNo: 'ORDER-1' })).toMatchObject({
        settlementNo: a.settlementNo,
        amount: '10',
      });
      expect(
        await buyer1.evaluate('settlements:GetOrder', { store: store1Party, storeOrderNo: 'ORDER-1' }),
      ).toMatchObject({ settlementNo: a.settlementNo });
      expect(
        await buyer1.evaluate('settlements:GetOrder', { store: 'EcommerceMSP:store2', storeOrderNo: 'ORDER-1' }),
      ).toMatchObject({ settlementNo: b.settlementNo, amount: '20' });
      // Every step takes either name: the store acknowledges by settlement number, ships by its own number.
      await store1.submit('settlements:AcknowledgePayment', { settlementNo: a.settlementNo });
      await store1.submit('settlements:Ship', {
        store: STORE1,
        storeOrderNo: 'ORDER-1',
        carrier: 'SF',
        trackingNo: 'T',
      });
      const done = await buyer1.submit('settlements:ConfirmReceipt', {
        store: STORE1,
        storeOrderNo: 'ORDER-1',
        amountToPay: '10',
      });
      expect(done.settlement).toMatchObject({ settlementNo: a.settlementNo, status: 'COMPLETED' });
      expect(
        await buyer1.evaluate('settlements:GetSettlement', { store: 'EcommerceMSP:store2', storeOrderNo: 'ORDER-1' }),
      ).toMatchObject({ settlementNo: b.settlementNo, status: 'PAID' });
      await buyer1.submit('settlements:Cancel', { settlementNo: b.settlementNo });
    });

    it('says which id to use when an input gives the other kind', async () => {
      const r = await request('10');
      const wrongKind = await expectCode(
        buyer1.evaluate('settlements:GetSettlement', { settlementNo: r.no }),
        'NOT_FOUND',
      );
      expect(wrongKind.message).toContain('give store and storeOrderNo');
      const asOrderNo = await expectCode(
        buyer1.evaluate('settlements:GetOrder', { store: STORE1, storeOrderNo: r.settlementNo }),
        'NOT_FOUND',
      );
      expect(asOrderNo.message).toContain(`${r.settlementNo} is a settlement number: give it as settlementNo`);
      const unknown = await expectCode(
        buyer1.evaluate('settlements:GetOrder', { store: STORE1, storeOrderNo: 'never-made' }),
        'NOT_FOUND',
      );
      expect(unknown.message).toBe('order not found');
      const noSuchSettlement = await expectCode(
        buyer1.evaluate('settlements:GetSettlement', { settlementNo: 'f'.repeat(64) }),
        'NOT_FOUND',
      );
      expect(noSuchSettlement.message).toBe('settlement not found');
      await buyer1.submit('settlements:Cancel', { settlementNo: r.settlementNo });
    });

    it('refuses an input that names a purchase no way, half a way or both ways', async () => {
      const r = await request('10');
      expect(
        (await expectCode(buyer1.evaluate('settlements:GetOrder', { storeOrderNo: r.no }), 'INVALID_ARGUMENT')).message,
      ).toBe('input.store: required with storeOrderNo');
      expect((await expectCode(buyer1.evaluate('settlements:GetOrder', {}), 'INVALID_ARGUMENT')).message).toBe(
        'input.settlementNo: required, or store and storeOrderNo',
      );
      expect(
        (
          await expectCode(
            buyer1.evaluate('settlements:GetOrder', {
              settlementNo: r.settlementNo,
              store: STORE1,
              storeOrderNo: r.no,
            }),
            'INVALID_ARGUMENT',
          )
        ).message,
      ).toBe('input.settlementNo: give settlementNo or store and storeOrderNo, not both');
      const unknownStore = await expectCode(
        buyer1.evaluate('settlements:GetOrder', { store: 'EcommerceMSP:nobody', storeOrderNo: r.no }),
        'NOT_FOUND',
      );
      expect(unknownStore.details).toEqual({ entity: 'member handle', id: 'EcommerceMSP:nobody' });
      await buyer1.submit('settlements:Cancel', { settlementNo: r.settlementNo });
    });
  });

  describe('steps 2–4: acknowledge, ship, deliver, confirm', () => {
    it('pays the amount to pay to the store and unfreezes the rest', async () => {
      const r = await request('1000');
      const ack = await store1.run('settlements:AcknowledgePayment', { store: STORE1, storeOrderNo: r.no });
      expect(ack.result.status).toBe('PAID');
      expect((await alliance.event(ack.txId))?.name).toBe('PaymentAcknowledged');

      const ship = await store1.run('settlements:Ship', {
        store: STORE1,
        storeOrderNo: r.no,
        carrier: 'SF Express',
        trackingNo: 'SF123',
      });
      expect(ship.result).toMatchObject({
        status: 'SHIPPED',
        logistics: { carrier: 'SF Express', trackingNo: 'SF123' },
      });
      const shippedAt = Date.parse(String(ship.result.logistics.shippedAt));
      expect(Date.parse(String(ship.result.releaseDeadline))).toBe(shippedAt + 10 * DAY * 1000);
      expect((await alliance.event(ship.txId))?.name).toBe('OrderShipped');

      const delivered = await oracle.run('settlements:RecordDelivery', {
        store: STORE1,
        storeOrderNo: r.no,
        proofHash: 'a'.repeat(64),
      });
      expect(delivered.result).toMatchObject({ status: 'DELIVERED', deliveryProofHash: 'a'.repeat(64) });
      expect((await alliance.event(delivered.txId))?.name).toBe('OrderDelivered');

      const buyerBefore = await balance('b1');
      const storeBefore = await balance('s1');
      await alliance.expectRefused(
        () => buyer1.submit('settlements:ConfirmReceipt', { settlementNo: r.settlementNo, amountToPay: '1001' }),
        'INVALID_ARGUMENT',
        [() => balance('b1'), () => balance('s1')],
      );
      const confirm = await buyer1.run('settlements:ConfirmReceipt', {
        settlementNo: r.settlementNo,
        amountToPay: '900',
      });
      expect(confirm.result.settlement).toMatchObject({
        status: 'COMPLETED',
        frozenAmount: '0',
        paidAmount: '900',
        refundedAmount: '100',
        paymentTxId: confirm.txId,
      });
      expect(confirm.result.order).toMatchObject({ status: 'COMPLETED', paidAmount: '900' });
      expect(await balance('b1')).toEqual({
        available: (BigInt(buyerBefore.available) + 100n).toString(),
        frozen: (BigInt(buyerBefore.frozen) - 1000n).toString(),
      });
      expect((await balance('s1')).available).toBe((BigInt(storeBefore.available) + 900n).toString());
      expect((await alliance.event(confirm.txId))?.name).toBe('SettlementConfirmed');

      const history = await buyer1.evaluate('settlements:GetOrderHistory', { store: STORE1, storeOrderNo: r.no });
      expect(pluck(pluck(history, 'value'), 'status')).toEqual(['PLACED', 'PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED']);
      expect(pluck(history, 'txId')).toEqual([r.txId, ack.txId, ship.txId, delivered.txId, confirm.txId]);
      const sHistory = await store1.evaluate('settlements:GetSettlementHistory', { settlementNo: r.settlementNo });
      expect(pluck(pluck(sHistory, 'value'), 'status')).toEqual(['PAID', 'COMPLETED']);
    });

    it('lets the buyer confirm without delivery and pay nothing after a full deduction', async () => {
      const r = await shipped('250');
      const storeBefore = await balance('s1');
      const c = await buyer1.submit('settlements:ConfirmReceipt', { settlementNo: r.settlementNo, amountToPay: '0' });
      expect(c.settlement).toMatchObject({ paidAmount: '0', refundedAmount: '250' });
      expect(c.settlement).not.toHaveProperty('paymentTxId');
      expect(await balance('s1')).toEqual(storeBefore);
    });
  });

  describe('step 5: settle-expired', () => {
    it('releases the full amount to the store only once the transaction timestamp reaches the deadline', async () => {
      const r = await shipped('700', { timeLimitSeconds: 3600 });
      const probes = [() => balance('b1'), () => balance('s1')];
      // The store reads its purchase: its refusal names the deadline.
      const body = await alliance.expectRefused(
        () => store1.submit('settlements:SettleExpired', { settlementNo: r.settlementNo }),
        'ILLEGAL_STATE',
        probes,
      );
      expect(body.details).toMatchObject({ releaseDeadline: r.order.releaseDeadline });
      alliance.advance(3599);
      // Anyone may release, but a bank that is no party learns neither the state nor the deadline.
      const outsider = await alliance.expectRefused(
        () => bank.submit('settlements:SettleExpired', { settlementNo: r.settlementNo }),
        'ILLEGAL_STATE',
        probes,
      );
      expect(outsider.details).toEqual({ entity: 'settlement' });
      expect(JSON.stringify(outsider)).not.toMatch(/SHIPPED|PAID|releaseDeadline/);
      expect(JSON.stringify(outsider)).not.toContain(r.order.releaseDeadline);
      alliance.advance(1);
      const storeBefore = await balance('s1');
      const done = await energy.run('settlements:SettleExpired', { settlementNo: r.settlementNo });
      // …and its answer is the number and the new status only: not the parties, accounts or amounts.
      expect(done.result).toEqual({ settlementNo: r.settlementNo, status: 'COMPLETED' });
      const settled = await store1.evaluate('settlements:GetSettlement', { settlementNo: r.settlementNo });
      expect(settled).toMatchObject({ status: 'COMPLETED', paidAmount: '700', refundedAmount: '0' });
      expect((await balance('s1')).available).toBe((BigInt(storeBefore.available) + 700n).toString());
      expect((await alliance.event(done.txId))?.name).toBe('SettlementExpired');
    });

    it('answers a party that releases an expired purchase with the settlement and its order', async () => {
      const r = await shipped('300', { timeLimitSeconds: 60 });
      alliance.advance(60);
      const done = await store1.submit('settlements:SettleExpired', { settlementNo: r.settlementNo });
      expect(done.settlement).toMatchObject({ status: 'COMPLETED', paidAmount: '300', buyer: r.order.buyer });
      expect(done.order).toMatchObject({ status: 'COMPLETED', storeOrderNo: r.no });
    });

    it('past the deadline refuses a dispute and a deduction, naming the deadline; a full confirmation still pays', async () => {
      const r = await shipped('800', { timeLimitSeconds: 3600 });
      alliance.advance(3600);
      const probes = [() => balance('b1'), () => balance('s1')];
      const disputed = await alliance.expectRefused(
        () => buyer1.submit('settlements:Dispute', { settlementNo: r.settlementNo, reason: 'too late' }),
        'ILLEGAL_STATE',
        probes,
      );
      expect(disputed.message).toContain(r.order.releaseDeadline);
      expect(disputed.details).toMatchObject({ releaseDeadline: r.order.releaseDeadline });
      const deducted = await alliance.expectRefused(
        () => buyer1.submit('settlements:ConfirmReceipt', { settlementNo: r.settlementNo, amountToPay: '1' }),
        'ILLEGAL_STATE',
        probes,
      );
      expect(deducted.details).toMatchObject({ releaseDeadline: r.order.releaseDeadline });
      const full = await buyer1.submit('settlements:ConfirmReceipt', {
        settlementNo: r.settlementNo,
        amountToPay: '800',
      });
      expect(full.settlement).toMatchObject({ status: 'COMPLETED', paidAmount: '800' });
    });

    it('within the deadline still takes a dispute and a deduction', async () => {
      const a = await shipped('90', { timeLimitSeconds: 3600 });
      alliance.advance(3599);
      await buyer1.submit('settlements:Dispute', { settlementNo: a.settlementNo, reason: 'just in time' });
      const b = await shipped('90', { timeLimitSeconds: 3600 });
      alliance.advance(3599);
      const c = await buyer1.submit('settlements:ConfirmReceipt', { settlementNo: b.settlementNo, amountToPay: '80' });
      expect(c.settlement).toMatchObject({ paidAmount: '80', refundedAmount: '10' });
    });

    it('defaults to 10 days after shipment', async () => {
      const r = await shipped('50');
      alliance.advance(10 * DAY - 1);
      await expectCode(bank.submit('settlements:SettleExpired', { settlementNo: r.settlementNo }), 'ILLEGAL_STATE');
      alliance.advance(1);
      await bank.submit('settlements:SettleExpired', { settlementNo: r.settlementNo });
    });

    it('bounds the time limit a request may set', async () => {
      for (const timeLimitSeconds of [TIME_LIMIT.MIN_SECONDS - 1, TIME_LIMIT.MAX_SECONDS + 1, 60.5, '3600']) {
        await alliance.expectRefused(() => request('5', { extra: { timeLimitSeconds } }), 'INVALID_ARGUMENT', [
          () => balance('b1'),
        ]);
      }
    });
  });

  describe('step 6: cancel', () => {
    it('is open to the buyer or the store before shipment and unfreezes everything', async () => {
      const before = await balance('b1');
      const a = await request('40');
      const byBuyer = await buyer1.run('settlements:Cancel', {
        settlementNo: a.settlementNo,
        reason: 'changed my mind',
      });
      expect(byBuyer.result.settlement).toMatchObject({
        status: 'CANCELLED',
        refundedAmount: '40',
        cancelReason: 'changed my mind',
      });
      expect(byBuyer.result.order.status).toBe('CANCELLED');
      expect((await alliance.event(byBuyer.txId))?.name).toBe('SettlementCancelled');

      const b = await request('60');
      await store1.submit('settlements:AcknowledgePayment', { store: STORE1, storeOrderNo: b.no });
      const byStore = await store1.submit('settlements:Cancel', { settlementNo: b.settlementNo });
      expect(byStore.settlement.status).toBe('CANCELLED');
      expect(await balance('b1')).toEqual(before);

      const c = await shipped('70');
      await alliance.expectRefused(
        () => buyer1.submit('settlements:Cancel', { settlementNo: c.settlementNo }),
        'ILLEGAL_STATE',
        [() => balance('b1')],
      );
    });
  });

  describe('step 7: dispute and arbitration', () => {
    it('stops the clock and splits the frozen amount as the arbitrator rules', async () => {
      const r = await shipped('500', { timeLimitSeconds: 3600 });
      const d = await buyer1.run('settlements:Dispute', {
        settlementNo: r.settlementNo,
        reason: 'two items missing',
        evidenceHash: 'b'.repeat(64),
      });
      expect(d.result.settlement).toMatchObject({ status: 'DISPUTED', dispute: { reason: 'two items missing' } });
      expect(d.result.order.status).toBe('DISPUTED');
      expect((await alliance.event(d.txId))?.name).toBe('SettlementDisputed');

      alliance.advance(7200);
      await alliance.expectRefused(
        () => bank.submit('settlements:SettleExpired', { settlementNo: r.settlementNo }),
        'ILLEGAL_STATE',
        [() => balance('b1'), () => balance('s1')],
      );
      await alliance.expectRefused(
        () =>
          arbitrator.submit('settlements:Arbitrate', { settlementNo: r.settlementNo, storeAmount: '501', ruling: 'x' }),
        'INVALID_ARGUMENT',
        [() => balance('b1'), () => balance('s1')],
      );
      const buyerBefore = await balance('b1');
      const storeBefore = await balance('s1');
      const a = await arbitrator.run('settlements:Arbitrate', {
        settlementNo: r.settlementNo,
        storeAmount: '300',
        ruling: 'store delivered 3 of 5 items',
      });
      expect(a.result.settlement).toMatchObject({
        status: 'ARBITRATED',
        paidAmount: '300',
        refundedAmount: '200',
        resolution: { storeAmount: '300', buyerAmount: '200', by: await alliance.party('EcommerceMSP', 'arbitrator1') },
      });
      expect(a.result.order.status).toBe('ARBITRATED');
      expect(await balance('b1')).toEqual({
        available: (BigInt(buyerBefore.available) + 200n).toString(),
        frozen: (BigInt(buyerBefore.frozen) - 500n).toString(),
      });
      expect((await balance('s1')).available).toBe((BigInt(storeBefore.available) + 300n).toString());
      expect((await alliance.event(a.txId))?.name).toBe('SettlementArbitrated');
    });
  });

  describe('an arbitrator with a stake', () => {
    it('may not rule on a dispute in which it is the buyer or the store', async () => {
      const admin = await alliance.client('EcommerceMSP', 'Admin');
      const arbitratorParty = await alliance.party('EcommerceMSP', 'arbitrator1');
      await admin.submit('members:ChangeMemberRoles', {
        member: arbitratorParty,
        roles: ['arbitrator', 'buyer'],
        reason: 'also shops here',
      });
      try {
        await arbitrator.submit('wallets:OpenAccount', { accountId: 'arb-own' });
        const issuer = await alliance.client('FinanceMSP', 'issuer1');
        await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'arb-own', amount: '100' });
        const own = await request('100', { buyer: arbitrator, buyerAccountId: 'arb-own' });
        await store1.submit('settlements:AcknowledgePayment', { store: STORE1, storeOrderNo: own.no });
        await store1.submit('settlements:Ship', {
          store: STORE1,
          storeOrderNo: own.no,
          carrier: 'SF',
          trackingNo: 'A1',
        });
        await arbitrator.submit('settlements:Dispute', { settlementNo: own.settlementNo, reason: 'broken' });
        const body = await alliance.expectRefused(
          () =>
            arbitrator.submit('settlements:Arbitrate', {
              settlementNo: own.settlementNo,
              storeAmount: '0',
              ruling: 'I win',
            }),
          'FORBIDDEN',
          [() => balance('arb-own'), () => balance('s1')],
        );
        expect(body.message).toMatch(/buyer or the store/);
      } finally {
        await admin.submit('members:ChangeMemberRoles', {
          member: arbitratorParty,
          roles: ['arbitrator'],
          reason: 'restore',
        });
      }
    });
  });

  describe('listings', () => {
    it('pages orders by store, by buyer and by status through composite-key indexes', async () => {
      const made: string[] = [];
      for (let i = 0; i < 5; i++)
        made.push((await request('1', { buyer: buyer2, buyerAccountId: 'b2', storeAccountId: 's2' })).no);
      const store2Party = await alliance.party('EcommerceMSP', 'store2');

      const seen: string[] = [];
      let bookmark = '';
      let pages = 0;
      do {
        const page = await store2.evaluate('settlements:ListOrders', { by: 'store', pageSize: 2, bookmark });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...pluck(page.items, 'storeOrderNo').map(String));
        bookmark = page.bookmark;
        pages++;
      } while (bookmark !== '');
      // In the store's own numbering: its ORDER-1 (named in "naming a purchase") sorts before s2-….
      expect(seen).toEqual(['ORDER-1', ...made]);
      expect(pages).toBe(3);

      const byBuyer = await buyer2.evaluate('settlements:ListOrders', { by: 'buyer', pageSize: 100 });
      expect(pluck(byBuyer.items, 'storeOrderNo')).toEqual(made);
      const byAuditor = await auditor.evaluate('settlements:ListOrders', {
        by: 'store',
        value: store2Party,
        pageSize: 100,
      });
      expect(byAuditor.items).toHaveLength(6);

      const placed = await auditor.evaluate('settlements:ListOrders', { by: 'status', value: 'PLACED', pageSize: 100 });
      expect(new Set(pluck(placed.items, 'status'))).toEqual(new Set(['PLACED']));
      expect(pluck(placed.items, 'storeOrderNo')).toEqual(expect.arrayContaining(made));
      const paid = await arbitrator.evaluate('settlements:ListSettlements', {
        by: 'status',
        value: 'PAID',
        pageSize: 100,
      });
      expect(new Set(pluck(paid.items, 'status'))).toEqual(new Set(['PAID']));

      await expectCode(store1.evaluate('settlements:ListOrders', { by: 'store', value: store2Party }), 'FORBIDDEN');
      await expectCode(buyer1.evaluate('settlements:ListOrders', { by: 'status', value: 'PLACED' }), 'FORBIDDEN');
      await expectCode(auditor.evaluate('settlements:ListOrders', { by: 'status', value: 'NOPE' }), 'INVALID_ARGUMENT');
      await expectCode(
        auditor.evaluate('settlements:ListOrders', { by: 'status', value: 'PLACED', pageSize: 0 }),
        'INVALID_ARGUMENT',
      );
      // A bookmark from another listing would start the scan outside the caller's range.
      const other = await store1.evaluate('settlements:ListOrders', { by: 'store', pageSize: 1 });
      expect(other.bookmark).not.toBe('');
      await expectCode(
        store2.evaluate('settlements:ListOrders', { by: 'store', pageSize: 1, bookmark: other.bookmark }),
        'INVALID_ARGUMENT',
      );
    });
  });
});
