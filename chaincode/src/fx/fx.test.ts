import { Alliance, Client, orderSnapshot, type UserRef } from '../test/alliance';
import { payAmountOf, withinSlippage } from './conversion';

const HOUR = 3600;
const ORACLE1: UserRef = ['EcommerceMSP', 'oracle1'];

describe('payAmountOf', () => {
  const usdCny = { value: 71234n, scale: 4, payDecimals: 2, receiveDecimals: 2, spreadBps: 0 };
  it('converts B into A at the feed rate, in both directions, rounded up', () => {
    // 712.34 CNY at 7.1234 CNY per USD is exactly 100.00 USD.
    expect(payAmountOf({ ...usdCny, receive: 71234n, payInBase: true })).toBe(10000n);
    // 100.00 USD costs 712.34 CNY.
    expect(payAmountOf({ ...usdCny, receive: 10000n, payInBase: false })).toBe(71234n);
    // 1.00 CNY is 0.14038... USD: rounded up to 0.15.
    expect(payAmountOf({ ...usdCny, receive: 100n, payInBase: true })).toBe(15n);
    // 0.01 USD is 0.071234 CNY: rounded up to 0.08.
    expect(payAmountOf({ ...usdCny, receive: 1n, payInBase: false })).toBe(8n);
  });
  it('adds the spread and honours each currency’s decimals', () => {
    expect(payAmountOf({ ...usdCny, receive: 71234n, payInBase: true, spreadBps: 25 })).toBe(10025n);
    // JPY has no minor unit: 1 USD = 150.5 JPY (scale 1); 1,505 JPY cost 10.00 USD.
    const usdJpy = { value: 1505n, scale: 1, spreadBps: 0 };
    expect(payAmountOf({ ...usdJpy, receive: 1505n, payInBase: true, payDecimals: 2, receiveDecimals: 0 })).toBe(1000n);
    expect(payAmountOf({ ...usdJpy, receive: 1000n, payInBase: false, payDecimals: 0, receiveDecimals: 2 })).toBe(
      1505n,
    );
    expect(() => payAmountOf({ ...usdCny, value: 0n, receive: 1n, payInBase: true })).toThrow('rate of zero');
  });
  it('bounds slippage above the quote only', () => {
    expect(withinSlippage(10000n, 10050n, 50)).toBe(true);
    expect(withinSlippage(10000n, 10051n, 50)).toBe(false);
    expect(withinSlippage(10000n, 9000n, 0)).toBe(true);
  });
});

describe('cross-currency payment', () => {
  let alliance: Alliance;
  let oracle1: Client;
  let bank1: Client;
  let bank2: Client;
  let buyer1: Client;
  let buyer2: Client;
  let store1: Client;
  let issuer: Client;
  let auditor: Client;
  let round = 0;

  const balance = async (accountId: string, currency: string): Promise<string> =>
    (await auditor.evaluate('wallets:GetBalance', { accountId, currency })).available as string;
  const frozen = async (accountId: string, currency: string): Promise<string> =>
    (await auditor.evaluate('wallets:GetBalance', { accountId, currency })).frozen as string;
  /** Σ(available + frozen) of a currency over the accounts of this test. */
  const total = async (currency: string): Promise<bigint> => {
    let sum = 0n;
    for (const accountId of ['fx-bank', 'fx-bank2', 'b1', 'b2', 's1']) {
      const b = await auditor.evaluate('wallets:GetBalance', { accountId, currency });
      sum += BigInt(String(b.available)) + BigInt(String(b.frozen));
    }
    return sum;
  };
  const rate = (value: string) =>
    oracle1.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: `r${++round}`, value });
  const quote = (input: Record<string, unknown> = {}, as: Client = buyer1) =>
    as.submit('fx:RequestQuote', {
      providerId: 'bank1-fx',
      fromAccountId: 'b1',
      toAccountId: 's1',
      payCurrency: 'USD',
      receiveCurrency: 'CNY',
      receiveAmount: '71234',
      ...input,
    });

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers([
      ['EcommerceMSP', 'oracle1', ['oracle']],
      ['FinanceMSP', 'bank1', ['bank']],
      ['FinanceMSP', 'bank2', ['bank']],
      ['FinanceMSP', 'issuer1', ['issuer']],
      ['FinanceMSP', 'auditor1', ['auditor']],
      ['EcommerceMSP', 'buyer1', ['buyer']],
      ['EcommerceMSP', 'buyer2', ['buyer']],
      ['EcommerceMSP', 'store1', ['store']],
    ]);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    await alliance.registerCurrency('USD', ['FinanceMSP', 'issuer1']);
    await alliance.registerFeed({
      feedId: 'usd-cny',
      kind: 'FX_RATE',
      description: 'USD in CNY',
      oracles: [await alliance.party(...ORACLE1)],
      quorum: 1,
      maxAgeSeconds: HOUR,
      scale: 4,
      base: 'USD',
      quote: 'CNY',
    });
    [oracle1, bank1, bank2, buyer1, buyer2, store1, issuer, auditor] = await Promise.all([
      alliance.client(...ORACLE1),
      alliance.client('FinanceMSP', 'bank1'),
      alliance.client('FinanceMSP', 'bank2'),
      alliance.client('EcommerceMSP', 'buyer1'),
      alliance.client('EcommerceMSP', 'buyer2'),
      alliance.client('EcommerceMSP', 'store1'),
      alliance.client('FinanceMSP', 'issuer1'),
      alliance.client('FinanceMSP', 'auditor1'),
    ]);
    await bank1.submit('wallets:OpenAccount', { accountId: 'fx-bank' });
    await bank2.submit('wallets:OpenAccount', { accountId: 'fx-bank2' });
    await buyer1.submit('wallets:OpenAccount', { accountId: 'b1' });
    await buyer2.submit('wallets:OpenAccount', { accountId: 'b2' });
    await store1.submit('wallets:OpenAccount', { accountId: 's1' });
    for (const [accountId, currency, amount] of [
      ['fx-bank', 'CNY', '200000'],
      ['fx-bank', 'USD', '1000'],
      ['b1', 'USD', '100000'],
      ['b2', 'CNY', '100000'],
    ] as const) {
      await issuer.submit('wallets:Issue', { accountId, currency, amount });
    }
  });
  afterAll(() => alliance.close());

  it('lets a bank register a provider on an FX feed, and nobody else', async () => {
    await alliance.expectRefused(
      () => buyer1.submit('fx:RegisterProvider', { providerId: 'x', accountId: 'b1', feedId: 'usd-cny', spreadBps: 0 }),
      'FORBIDDEN',
    );
    await alliance.expectRefused(
      () =>
        bank1.submit('fx:RegisterProvider', { providerId: 'x', accountId: 'fx-bank', feedId: 'nope', spreadBps: 0 }),
      'NOT_FOUND',
    );
    const provider = await bank1.run('fx:RegisterProvider', {
      providerId: 'bank1-fx',
      accountId: 'fx-bank',
      feedId: 'usd-cny',
      spreadBps: 25,
    });
    expect(provider.result).toMatchObject({ status: 'ACTIVE', currencies: ['USD', 'CNY'], spreadBps: 25 });
    expect((await alliance.event(provider.txId))?.name).toBe('ProviderRegistered');
    await alliance.expectRefused(
      () =>
        bank1.submit('fx:RegisterProvider', {
          providerId: 'bank1-fx',
          accountId: 'fx-bank',
          feedId: 'usd-cny',
          spreadBps: 0,
        }),
      'CONFLICT',
    );
    await alliance.expectRefused(
      () =>
        bank1.submit('fx:RegisterProvider', {
          providerId: 'y',
          accountId: 'fx-bank',
          feedId: 'usd-cny',
          spreadBps: 1001,
        }),
      'INVALID_ARGUMENT',
    );
  });

  it('refuses a quote without a fresh rate, then quotes the amount in A with an expiry', async () => {
    await alliance.expectRefused(() => quote(), 'NO_QUORUM');
    await rate('71234');
    await alliance.expectRefused(() => quote({ payCurrency: 'CNY' }), 'INVALID_ARGUMENT');
    await alliance.expectRefused(() => quote({}, buyer2), 'FORBIDDEN');
    const q = await buyer1.run('fx:RequestQuote', {
      providerId: 'bank1-fx',
      fromAccountId: 'b1',
      toAccountId: 's1',
      payCurrency: 'USD',
      receiveCurrency: 'CNY',
      receiveAmount: '71234',
    });
    expect(q.result).toMatchObject({
      payAmount: '10025',
      receiveAmount: '71234',
      rate: { feedId: 'usd-cny', value: '71234', scale: 4, base: 'USD', quote: 'CNY' },
      spreadBps: 25,
      status: 'QUOTED',
    });
    expect(Date.parse(q.result.expiresAt as string) - Date.parse(q.result.quotedAt as string)).toBe(60_000);
    expect((await alliance.event(q.txId))?.name).toBe('QuoteRequested');
  });

  it('pays a quote: A to the provider, B from it to the payee, each currency conserved', async () => {
    const q = await quote();
    const before = { usd: await total('USD'), cny: await total('CNY') };
    await alliance.expectRefused(
      () => buyer2.submit('fx:PayQuote', { quoteId: q.quoteId, maxSlippageBps: 0 }),
      'FORBIDDEN',
    );
    const paid = await buyer1.run('fx:PayQuote', { quoteId: q.quoteId, maxSlippageBps: 0 });
    expect(paid.result).toMatchObject({ status: 'PAID', paid: { payAmount: '10025', txId: paid.txId } });
    expect(await alliance.event(paid.txId)).toMatchObject({ name: 'QuotePaid' });
    expect(await balance('b1', 'USD')).toBe(String(100000 - 10025));
    expect(await balance('s1', 'CNY')).toBe('71234');
    expect(await balance('fx-bank', 'USD')).toBe(String(1000 + 10025));
    expect(await balance('fx-bank', 'CNY')).toBe(String(200000 - 71234));
    expect({ usd: await total('USD'), cny: await total('CNY') }).toEqual(before);
    await alliance.expectRefused(
      () => buyer1.submit('fx:PayQuote', { quoteId: q.quoteId, maxSlippageBps: 0 }),
      'ILLEGAL_STATE',
    );
  });

  it('converts at the paying transaction’s rate within the slippage, and refuses beyond it', async () => {
    const q = await quote({ receiveAmount: '7123' });
    expect(q.payAmount).toBe('1003');
    await rate('70000'); // the dollar buys less: 71.23 CNY now cost 10.21 USD with the spread
    const probes = [() => balance('b1', 'USD'), () => balance('fx-bank', 'CNY')];
    const refused = await alliance.expectRefused(
      () => buyer1.submit('fx:PayQuote', { quoteId: q.quoteId, maxSlippageBps: 100 }),
      'ILLEGAL_STATE',
      probes,
    );
    expect(refused.details).toMatchObject({ quotedPayAmount: '1003', payAmount: '1021', maxSlippageBps: 100 });
    const paid = await buyer1.submit('fx:PayQuote', { quoteId: q.quoteId, maxSlippageBps: 200 });
    expect(paid.paid).toMatchObject({ payAmount: '1021', rate: { value: '70000' } });
  });

  it('refuses an expired quote, a stale rate, a paused provider and a provider short of B', async () => {
    const q = await quote();
    alliance.advance(61);
    const expired = await alliance.expectRefused(
      () => buyer1.submit('fx:PayQuote', { quoteId: q.quoteId, maxSlippageBps: 0 }),
      'ILLEGAL_STATE',
    );
    expect(expired.details).toMatchObject({ expiresAt: q.expiresAt });
    alliance.advance(HOUR);
    await alliance.expectRefused(() => quote(), 'STALE_VALUE');
    await rate('71234');

    const big = await quote({ receiveAmount: '199999' });
    const short = await alliance.expectRefused(
      () => buyer1.submit('fx:PayQuote', { quoteId: big.quoteId, maxSlippageBps: 0 }),
      'INSUFFICIENT_FUNDS',
    );
    // The provider's balance is its own business.
    expect(short.details).toEqual({ providerId: 'bank1-fx', currency: 'CNY' });

    const waiting = await quote();
    await alliance.expectRefused(
      () => buyer1.submit('fx:SetProviderStatus', { providerId: 'bank1-fx', status: 'PAUSED' }),
      'FORBIDDEN',
    );
    await bank1.submit('fx:SetProviderStatus', { providerId: 'bank1-fx', status: 'PAUSED' });
    await alliance.expectRefused(() => quote(), 'ILLEGAL_STATE');
    await alliance.expectRefused(
      () => buyer1.submit('fx:PayQuote', { quoteId: waiting.quoteId, maxSlippageBps: 0 }),
      'ILLEGAL_STATE',
    );
    await bank1.submit('fx:SetProviderStatus', { providerId: 'bank1-fx', status: 'ACTIVE' });
    const cancelled = await buyer1.submit('fx:CancelQuote', { quoteId: waiting.quoteId });
    expect(cancelled.status).toBe('CANCELLED');
    await alliance.expectRefused(
      () => buyer1.submit('fx:PayQuote', { quoteId: waiting.quoteId, maxSlippageBps: 0 }),
      'ILLEGAL_STATE',
    );
    expect((await auditor.evaluate('fx:GetQuote', { quoteId: waiting.quoteId })).status).toBe('CANCELLED');
    await alliance.expectRefused(() => buyer2.evaluate('fx:GetQuote', { quoteId: waiting.quoteId }), 'FORBIDDEN');
  });

  it('funds an escrow in CNY from a USD wallet at the transaction’s rate (patent step S103)', async () => {
    const no = 's1-fx-1';
    const q = await quote({ toAccountId: 'b1', receiveAmount: '35617' });
    expect(q.payAmount).toBe('5013');
    const usdBefore = await balance('b1', 'USD');
    const totals = { usd: await total('USD'), cny: await total('CNY') };
    const request = (extra: Record<string, unknown>) =>
      buyer1.submit(
        'settlements:RequestSettlement',
        { storeOrderNo: no, buyerAccountId: 'b1', storeAccountId: 's1', currency: 'CNY', amount: '35617', ...extra },
        { transient: { order: orderSnapshot(no, '35617') } },
      );
    await alliance.expectRefused(
      () => request({ exchange: { quoteId: q.quoteId, maxSlippageBps: 0 }, topUpFromAccountId: 'b2' }),
      'INVALID_ARGUMENT',
    );
    const other = await quote({ toAccountId: 's1', receiveAmount: '35617' });
    await alliance.expectRefused(
      () => request({ exchange: { quoteId: other.quoteId, maxSlippageBps: 0 } }),
      'INVALID_ARGUMENT',
    );
    const run = await buyer1.run(
      'settlements:RequestSettlement',
      {
        storeOrderNo: no,
        buyerAccountId: 'b1',
        storeAccountId: 's1',
        currency: 'CNY',
        amount: '35617',
        exchange: { quoteId: q.quoteId, maxSlippageBps: 0 },
      },
      { transient: { order: orderSnapshot(no, '35617') } },
    );
    expect(run.result.settlement).toMatchObject({
      frozenAmount: '35617',
      exchanges: [{ quoteId: q.quoteId, payCurrency: 'USD', payAmount: '5013', amount: '35617', txId: run.txId }],
    });
    const event = await alliance.event(run.txId);
    expect(event?.payload).toMatchObject({
      exchange: { quoteId: q.quoteId, payCurrency: 'USD', payAmount: '5013', amount: '35617' },
    });
    expect(event?.payload.audience.parties).toContain(await alliance.party('FinanceMSP', 'bank1'));
    expect(await balance('b1', 'USD')).toBe(String(BigInt(usdBefore) - 5013n));
    expect(await frozen('b1', 'CNY')).toBe('35617');
    expect({ usd: await total('USD'), cny: await total('CNY') }).toEqual(totals);
    const paid = await auditor.evaluate('fx:GetQuote', { quoteId: q.quoteId });
    expect(paid).toMatchObject({ status: 'PAID', paid: { settlementNo: run.result.settlement.settlementNo } });

    // Someone else's quote cannot fund my escrow.
    const theirs = await quote(
      { fromAccountId: 'b2', payCurrency: 'CNY', receiveCurrency: 'USD', toAccountId: 'b1', receiveAmount: '100' },
      buyer2,
    );
    await alliance.expectRefused(
      () =>
        buyer1.submit(
          'settlements:RequestSettlement',
          {
            storeOrderNo: 's1-fx-2',
            buyerAccountId: 'b1',
            storeAccountId: 's1',
            currency: 'USD',
            amount: '100',
            exchange: { quoteId: theirs.quoteId, maxSlippageBps: 0 },
          },
          { transient: { order: orderSnapshot('s1-fx-2', '100', 'USD') } },
        ),
      'FORBIDDEN',
    );
  });
});
