import type { Response } from 'supertest';
import { Alliance, expectProblem, expectStatus, ISSUER, type Identity } from './alliance-bootstrap';

interface Quote {
  readonly quoteId: string;
  readonly payAmount: string;
  readonly receiveAmount: string;
  readonly status: string;
  readonly expiresAt: string;
  readonly paid?: { readonly payAmount: string; readonly settlementNo?: string };
}

/**
 * Cross-currency payment over REST (DOMAIN.md §7, patent step S103; docs/walkthrough-cross-border-buyer.md
 * tells the same story): a buyer holding currency U buys from a store that prices in the run's currency S.
 * A bank's liquidity provider converts at the FX feed's rate plus its spread: the buyer asks for a quote
 * into its own account, and the settlement request pays it at the transaction's rate and freezes the
 * converted amount. Each currency is conserved; a rate that moves beyond the slippage bound is refused.
 */
describe('cross-currency scenario: an escrow funded in another currency, and a direct payment', () => {
  const BUYER: Identity = 'EcommerceMSP:buyer1';
  const PAYER: Identity = 'EcommerceMSP:buyer2';
  const STORE: Identity = 'EcommerceMSP:store1';
  const BANK: Identity = 'FinanceMSP:bank1';
  const ORACLE: Identity = 'EcommerceMSP:oracle1';
  let alliance: Alliance;
  let foreign: string;
  let feedId: string;
  let providerId: string;
  let accounts: Record<'desk' | 'buyer' | 'payer' | 'store', string>;
  let round = 0;

  const quote = (res: Response): Quote => (res.body as { data: Quote }).data;
  const balanceOf = async (reader: Identity, accountId: string, currency: string): Promise<bigint> => {
    const res = await expectStatus(
      alliance.as(reader).get(`/accounts/${encodeURIComponent(accountId)}/balances/${currency}`),
      200,
    );
    const body = res.body as { available: string; frozen: string };
    return BigInt(body.available) + BigInt(body.frozen);
  };
  /** Σ(available + frozen) of a currency over this scenario's accounts, as an auditor reads them. */
  const total = async (currency: string): Promise<bigint> => {
    let sum = 0n;
    for (const accountId of Object.values(accounts)) sum += await balanceOf('FinanceMSP:auditor1', accountId, currency);
    return sum;
  };
  const report = (value: string) =>
    expectStatus(alliance.as(ORACLE).post(`/feeds/${feedId}/rounds/r${++round}/reports`, { value }), 201);
  const issue = (accountId: string, currency: string, amount: string) =>
    expectStatus(
      alliance.as(ISSUER).post('/issuances', { currency, accountId, amount, reference: 'cross-currency scenario' }),
      201,
    );

  beforeAll(async () => {
    alliance = await Alliance.open();
    foreign = `U${alliance.target.runId}`.slice(0, 16);
    await alliance.decide(
      'REGISTER_CURRENCY',
      { code: foreign, name: `Foreign currency ${alliance.target.runId}`, decimals: 2, issuer: ISSUER },
      'cross-currency scenario: the buyer’s currency',
    );
    feedId = alliance.uniqueId('fx');
    await alliance.decide('REGISTER_FEED', {
      feedId,
      kind: 'FX_RATE',
      description: `${foreign} priced in ${alliance.currency}`,
      oracles: [ORACLE],
      quorum: 1,
      maxAgeSeconds: 86_400,
      scale: 4,
      base: foreign,
      quote: alliance.currency,
    });
    accounts = {
      desk: await alliance.openAccount(BANK, 'fx-desk', '1000000'),
      buyer: await alliance.openAccount(BUYER, 'wallet'),
      payer: await alliance.openAccount(PAYER, 'wallet'),
      store: await alliance.openAccount(STORE, 'shop'),
    };
    await issue(accounts.desk, foreign, '1000');
    await issue(accounts.buyer, foreign, '20000');
    await issue(accounts.payer, foreign, '20000');
  }, 120_000);
  afterAll(() => alliance.close());

  it('a bank registers a liquidity provider on the FX feed', async () => {
    providerId = alliance.uniqueId('lp');
    const registered = await expectStatus(
      alliance.as(BANK).post('/liquidity-providers', { providerId, accountId: accounts.desk, feedId, spreadBps: 25 }),
      201,
    );
    expect(registered.headers.location).toBe(`/api/v1/liquidity-providers/${providerId}`);
    expect((registered.body as { data: unknown }).data).toMatchObject({
      status: 'ACTIVE',
      currencies: [foreign, alliance.currency],
      spreadBps: 25,
    });
    await expectProblem(
      alliance.as(BUYER).post('/liquidity-providers', {
        providerId: alliance.uniqueId('lp'),
        accountId: accounts.buyer,
        feedId,
        spreadBps: 0,
      }),
      403,
      'FORBIDDEN',
    );
  });

  it('the buyer funds an escrow in the store’s currency from its foreign wallet (S103), the store is paid', async () => {
    const quoteBody = {
      providerId,
      fromAccountId: accounts.buyer,
      toAccountId: accounts.buyer,
      payCurrency: foreign,
      receiveCurrency: alliance.currency,
      receiveAmount: '35617',
    };
    await expectProblem(alliance.as(BUYER).post('/fx-quotes', quoteBody), 409, 'NO_QUORUM');
    await report('71234'); // one unit of the foreign currency is 7.1234 of the store's
    const quoted = await expectStatus(alliance.as(BUYER).post('/fx-quotes', quoteBody), 201);
    const q = quote(quoted);
    // 356.17 at 7.1234 is 50.00, plus 0.25 % is 50.125, rounded up to 50.13.
    expect(q).toMatchObject({ payAmount: '5013', receiveAmount: '35617', status: 'QUOTED' });
    expect(quoted.headers.location).toBe(`/api/v1/fx-quotes/${q.quoteId}`);

    const before = { foreign: await total(foreign), home: await total(alliance.currency) };
    const purchase = await alliance.purchase(BUYER, accounts.buyer, accounts.store, '35617', {
      exchange: { quoteId: q.quoteId, maxSlippageBps: 50 },
    });
    const { settlement } = (
      purchase.response.body as {
        data: { settlement: { settlementNo: string; frozenAmount: string; exchanges: unknown[] } };
      }
    ).data;
    expect(settlement.frozenAmount).toBe('35617');
    expect(settlement.exchanges).toEqual([
      expect.objectContaining({ quoteId: q.quoteId, payCurrency: foreign, payAmount: '5013', amount: '35617' }),
    ]);
    expect(await balanceOf(BUYER, accounts.buyer, foreign)).toBe(20000n - 5013n);
    const paid = (await expectStatus(alliance.as(BANK).get(`/fx-quotes/${q.quoteId}`), 200)).body as Quote;
    expect(paid).toMatchObject({ status: 'PAID', paid: { payAmount: '5013', settlementNo: settlement.settlementNo } });

    await expectStatus(alliance.as(STORE).post(`${purchase.orderPath}/payment-acknowledgement`), 200);
    await expectStatus(
      alliance.as(STORE).post(`${purchase.orderPath}/shipment`, { carrier: 'SF Express', trackingNo: 'SF-FX' }),
      200,
    );
    await expectStatus(
      alliance.as(BUYER).post(`/settlements/${settlement.settlementNo}/confirmation`, { amountToPay: '35617' }),
      200,
    );
    expect(await balanceOf(STORE, accounts.store, alliance.currency)).toBe(35617n);
    expect({ foreign: await total(foreign), home: await total(alliance.currency) }).toEqual(before);
  });

  it('a direct payment converts at the paying transaction’s rate, refused beyond the slippage bound', async () => {
    const quoted = await expectStatus(
      alliance.as(PAYER).post('/fx-quotes', {
        providerId,
        fromAccountId: accounts.payer,
        toAccountId: accounts.store,
        payCurrency: foreign,
        receiveCurrency: alliance.currency,
        receiveAmount: '7123',
      }),
      201,
    );
    const q = quote(quoted);
    expect(q.payAmount).toBe('1003');
    await report('70000'); // the foreign currency weakened: the same 71.23 now cost 10.21
    const moved = await expectProblem(
      alliance.as(PAYER).post(`/fx-quotes/${q.quoteId}/payment`, { maxSlippageBps: 100 }),
      409,
      'ILLEGAL_STATE',
    );
    expect(moved.details).toMatchObject({ quotedPayAmount: '1003', payAmount: '1021' });
    await expectProblem(
      alliance.as(BUYER).post(`/fx-quotes/${q.quoteId}/payment`, { maxSlippageBps: 500 }),
      403,
      'FORBIDDEN',
    );
    const before = { foreign: await total(foreign), home: await total(alliance.currency) };
    const storeBefore = await balanceOf(STORE, accounts.store, alliance.currency);
    const paid = quote(
      await expectStatus(alliance.as(PAYER).post(`/fx-quotes/${q.quoteId}/payment`, { maxSlippageBps: 200 }), 200),
    );
    expect(paid).toMatchObject({ status: 'PAID', paid: { payAmount: '1021' } });
    expect(await balanceOf(STORE, accounts.store, alliance.currency)).toBe(storeBefore + 7123n);
    expect(await balanceOf(PAYER, accounts.payer, foreign)).toBe(20000n - 1021n);
    expect({ foreign: await total(foreign), home: await total(alliance.currency) }).toEqual(before);
  });
});
