import { MAX_AMOUNT } from '@allianceledger/contract';
import { Alliance, Client, STANDARD_ROLES, expectCode, pluck, type Doc } from '../test/alliance';

const BAD_AMOUNTS: readonly [string, unknown][] = [
  ['""', ''],
  ['" "', ' '],
  ['"1e3"', '1e3'],
  ['"0x10"', '0x10'],
  ['"-1"', '-1'],
  ['"1.5"', '1.5'],
  ['"Infinity"', 'Infinity'],
  ['"01"', '01'],
  ['above the maximum', (MAX_AMOUNT + 1n).toString()],
  ['a number', 10],
  ['null', null],
  ['true', true],
  ['an array', ['10']],
];

describe('currencies and wallets', () => {
  let alliance: Alliance;
  let issuer: Client;
  let usdIssuer: Client;
  let buyer1: Client;
  let buyer2: Client;
  let store1: Client;
  let auditor: Client;

  const balance = (accountId: string, currency = 'CNY'): Promise<Doc> =>
    auditor.evaluate('wallets:GetBalance', { accountId, currency });
  const supply = async (code = 'CNY'): Promise<{ issued: string; redeemed: string }> => {
    const c = await auditor.evaluate('wallets:GetCurrency', { code });
    return { issued: String(c.issued), redeemed: String(c.redeemed) };
  };

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers(STANDARD_ROLES);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    await alliance.registerCurrency('USD', ['FinanceMSP', 'bank2']);
    await alliance.registerCurrency('BIG', ['FinanceMSP', 'issuer1'], 0);
    [issuer, usdIssuer, buyer1, buyer2, store1, auditor] = await Promise.all([
      alliance.client('FinanceMSP', 'issuer1'),
      alliance.client('FinanceMSP', 'bank2'),
      alliance.client('EcommerceMSP', 'buyer1'),
      alliance.client('EcommerceMSP', 'buyer2'),
      alliance.client('EcommerceMSP', 'store1'),
      alliance.client('FinanceMSP', 'auditor1'),
    ]);
    await Promise.all([
      buyer1.submit('wallets:OpenAccount', { accountId: 'b1' }),
      buyer1.submit('wallets:OpenAccount', { accountId: 'b1-2' }),
      buyer2.submit('wallets:OpenAccount', { accountId: 'b2' }),
      store1.submit('wallets:OpenAccount', { accountId: 's1' }),
    ]);
  });
  afterAll(() => alliance.close());

  describe('accounts', () => {
    it('are opened by members for themselves and listed for their owner', async () => {
      const opened = await buyer2.run('wallets:OpenAccount', { accountId: 'b2-2' });
      expect(opened.result).toMatchObject({ accountId: 'b2-2', owner: await alliance.party('EcommerceMSP', 'buyer2') });
      expect((await alliance.event(opened.txId))?.name).toBe('AccountOpened');
      await alliance.expectRefused(() => buyer1.submit('wallets:OpenAccount', { accountId: 'b2-2' }), 'CONFLICT');
      await alliance.expectRefused(
        async () =>
          (await alliance.client('EcommerceMSP', 'Admin')).submit('wallets:OpenAccount', { accountId: 'adm' }),
        'FORBIDDEN',
      );
      await alliance.expectRefused(
        () => buyer1.submit('wallets:OpenAccount', { accountId: 'has space' }),
        'INVALID_ARGUMENT',
      );

      const mine = await buyer2.evaluate('wallets:ListAccounts', {});
      expect(pluck(mine.items, 'accountId')).toEqual(['b2', 'b2-2']);
      const owner = await alliance.party('EcommerceMSP', 'buyer2');
      expect((await auditor.evaluate('wallets:ListAccounts', { owner })).items).toHaveLength(2);
      await expectCode(buyer1.evaluate('wallets:ListAccounts', { owner }), 'FORBIDDEN');
      const account = await buyer2.evaluate('wallets:GetAccount', { accountId: 'b2-2' });
      expect(account).toMatchObject({ accountId: 'b2-2', balances: [] });
    });
  });

  describe('issue', () => {
    it('is for the currency issuer only and credits a delta row', async () => {
      const before = await supply();
      const issued = await issuer.run('wallets:Issue', {
        currency: 'CNY',
        accountId: 'b1',
        amount: '1000',
        reference: 'deposit-1',
      });
      expect(issued.result).toMatchObject({ amount: '1000', toAccountId: 'b1' });
      expect(await alliance.event(issued.txId)).toMatchObject({ name: 'Issued', payload: { reference: 'deposit-1' } });
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'b1', amount: '500' });
      expect(await balance('b1')).toMatchObject({ available: '1500', frozen: '0', pendingCredits: 2 });
      expect(await supply()).toEqual({ issued: (BigInt(before.issued) + 1500n).toString(), redeemed: before.redeemed });

      const probes = [() => balance('b1'), () => supply()];
      await alliance.expectRefused(
        () => usdIssuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'b1', amount: '1' }),
        'FORBIDDEN',
        probes,
      );
      await alliance.expectRefused(
        () => issuer.submit('wallets:Issue', { currency: 'USD', accountId: 'b1', amount: '1' }),
        'FORBIDDEN',
        probes,
      );
      await alliance.expectRefused(
        () => issuer.submit('wallets:Issue', { currency: 'XXX', accountId: 'b1', amount: '1' }),
        'NOT_FOUND',
        probes,
      );
      await alliance.expectRefused(
        () => issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'zz', amount: '1' }),
        'NOT_FOUND',
        probes,
      );
      await usdIssuer.submit('wallets:Issue', { currency: 'USD', accountId: 'b1', amount: '7' });
      expect(await balance('b1', 'USD')).toMatchObject({ available: '7' });
    });

    it.each(BAD_AMOUNTS)('refuses the amount %s with INVALID_ARGUMENT and writes nothing', async (_n, amount) => {
      await alliance.expectRefused(
        () => issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'b1', amount }),
        'INVALID_ARGUMENT',
        [() => balance('b1'), () => supply()],
      );
    });

    it('commits 200 concurrent issuances by one issuer, with no conflict and an exact supply', async () => {
      await buyer1.submit('wallets:OpenAccount', { accountId: 'hot-1' });
      await buyer1.submit('wallets:OpenAccount', { accountId: 'hot-2' });
      await alliance.devnet.flush();
      const before = BigInt((await supply()).issued);
      const redeemedBefore = BigInt((await supply()).redeemed);
      const runs = await Promise.all(
        Array.from({ length: 200 }, (_v, i) =>
          issuer.submitAsync('wallets:Issue', { currency: 'CNY', accountId: i % 2 ? 'hot-1' : 'hot-2', amount: '3' }),
        ),
      );
      const codes = await Promise.all(runs.map(async (r) => (await r.status).codeName));
      expect(codes.filter((c) => c !== 'VALID')).toEqual([]);
      expect(BigInt((await supply()).issued)).toBe(before + 600n);
      // A redemption folds the pending supply rows into the counter: the figures do not change.
      expect(await balance('hot-1')).toMatchObject({ available: '300', pendingCredits: 100 });
      const pending = await buyer1.submit('wallets:RequestRedemption', {
        accountId: 'hot-1',
        currency: 'CNY',
        amount: '5',
      });
      await issuer.submit('wallets:ExecuteRedemption', { redemptionId: pending.redemptionId });
      expect(await supply()).toEqual({
        issued: (before + 600n).toString(),
        redeemed: (redeemedBefore + 5n).toString(),
      });
    });
  });

  describe('transfer', () => {
    it('moves available funds, debiting the full balance and folding pending credits', async () => {
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'b2', amount: '300' });
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'b2', amount: '200' });
      expect(await balance('b2')).toMatchObject({ available: '500', pendingCredits: 2 });
      const t = await buyer2.run('wallets:Transfer', {
        fromAccountId: 'b2',
        toAccountId: 's1',
        currency: 'CNY',
        amount: '450',
        memo: 'order 1',
      });
      expect(t.result.from).toMatchObject({ available: '50', pendingCredits: 0 });
      expect(await alliance.event(t.txId)).toMatchObject({
        name: 'Transferred',
        payload: { amount: '450', memo: 'order 1' },
      });
      expect(await balance('b2')).toMatchObject({ available: '50', frozen: '0', pendingCredits: 0 });
      expect(await balance('s1')).toMatchObject({ available: '450', pendingCredits: 1 });

      const probes = [() => balance('b2'), () => balance('s1')];
      const body = await alliance.expectRefused(
        () =>
          buyer2.submit('wallets:Transfer', { fromAccountId: 'b2', toAccountId: 's1', currency: 'CNY', amount: '51' }),
        'INSUFFICIENT_FUNDS',
        probes,
      );
      expect(body.details).toMatchObject({ available: '50', requested: '51' });
      await alliance.expectRefused(
        () =>
          buyer1.submit('wallets:Transfer', { fromAccountId: 'b2', toAccountId: 'b1', currency: 'CNY', amount: '1' }),
        'FORBIDDEN',
        probes,
      );
      await alliance.expectRefused(
        () =>
          buyer2.submit('wallets:Transfer', { fromAccountId: 'b2', toAccountId: 'b2', currency: 'CNY', amount: '1' }),
        'INVALID_ARGUMENT',
        probes,
      );
      await alliance.expectRefused(
        () =>
          buyer2.submit('wallets:Transfer', { fromAccountId: 'b2', toAccountId: 'nope', currency: 'CNY', amount: '1' }),
        'NOT_FOUND',
        probes,
      );
    });

    it.each(BAD_AMOUNTS)('refuses the amount %s with INVALID_ARGUMENT and writes nothing', async (_n, amount) => {
      await alliance.expectRefused(
        () => buyer1.submit('wallets:Transfer', { fromAccountId: 'b1', toAccountId: 'b2', currency: 'CNY', amount }),
        'INVALID_ARGUMENT',
        [() => balance('b1'), () => balance('b2')],
      );
    });

    it('refuses a zero transfer and 9007199254740993 as a JSON number', async () => {
      const probes = [() => balance('b1')];
      await alliance.expectRefused(
        () =>
          buyer1.submit('wallets:Transfer', { fromAccountId: 'b1', toAccountId: 'b2', currency: 'CNY', amount: '0' }),
        'INVALID_ARGUMENT',
        probes,
      );
      await alliance.expectRefused(
        () =>
          buyer1.submit(
            'wallets:Transfer',
            '{"fromAccountId":"b1","toAccountId":"b2","currency":"CNY","amount":9007199254740993}',
          ),
        'INVALID_ARGUMENT',
        probes,
      );
    });
  });

  describe('compaction', () => {
    it('folds the owner’s pending credits into the base without changing the balance', async () => {
      const before = await balance('s1');
      expect(before.pendingCredits).toBeGreaterThan(0);
      await alliance.expectRefused(
        () => buyer2.submit('wallets:CompactAccount', { accountId: 's1', currency: 'CNY' }),
        'FORBIDDEN',
        [() => balance('s1')],
      );
      const c = await store1.run('wallets:CompactAccount', { accountId: 's1', currency: 'CNY' });
      expect(c.result).toMatchObject({ folded: before.pendingCredits, available: before.available, pendingCredits: 0 });
      expect((await alliance.event(c.txId))?.name).toBe('AccountCompacted');
      expect(await balance('s1')).toEqual({ ...before, pendingCredits: 0 });
    });
  });

  describe('redemption', () => {
    it('freezes on request; the issuer executes (burns) or rejects; the owner may cancel', async () => {
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'b1-2', amount: '900' });
      const s0 = await supply();
      const r1 = await buyer1.run('wallets:RequestRedemption', { accountId: 'b1-2', currency: 'CNY', amount: '400' });
      expect(r1.result).toMatchObject({ status: 'REQUESTED', redemptionId: r1.txId, amount: '400' });
      expect((await alliance.event(r1.txId))?.name).toBe('RedemptionRequested');
      expect(await balance('b1-2')).toMatchObject({ available: '500', frozen: '400' });
      const queue = await issuer.evaluate('wallets:ListRedemptions', { currency: 'CNY', status: 'REQUESTED' });
      expect(pluck(queue.items, 'redemptionId')).toContain(r1.txId);

      const probes = [() => balance('b1-2'), () => supply()];
      await alliance.expectRefused(
        () => usdIssuer.submit('wallets:ExecuteRedemption', { redemptionId: r1.txId }),
        'FORBIDDEN',
        probes,
      );
      await alliance.expectRefused(
        () => buyer1.submit('wallets:ExecuteRedemption', { redemptionId: r1.txId }),
        'FORBIDDEN',
        probes,
      );
      const ex = await issuer.run('wallets:ExecuteRedemption', { redemptionId: r1.txId });
      expect(ex.result.status).toBe('EXECUTED');
      expect((await alliance.event(ex.txId))?.name).toBe('RedemptionExecuted');
      expect(await balance('b1-2')).toMatchObject({ available: '500', frozen: '0' });
      expect(await supply()).toEqual({ issued: s0.issued, redeemed: (BigInt(s0.redeemed) + 400n).toString() });

      const r2 = await buyer1.submit('wallets:RequestRedemption', {
        accountId: 'b1-2',
        currency: 'CNY',
        amount: '100',
      });
      const rej = await issuer.run('wallets:RejectRedemption', {
        redemptionId: r2.redemptionId,
        reason: 'KYC pending',
      });
      expect(rej.result).toMatchObject({ status: 'REJECTED', reason: 'KYC pending' });
      expect((await alliance.event(rej.txId))?.name).toBe('RedemptionRejected');
      const r3 = await buyer1.submit('wallets:RequestRedemption', {
        accountId: 'b1-2',
        currency: 'CNY',
        amount: '100',
      });
      await alliance.expectRefused(
        () => buyer2.submit('wallets:CancelRedemption', { redemptionId: r3.redemptionId }),
        'FORBIDDEN',
        probes,
      );
      const can = await buyer1.run('wallets:CancelRedemption', { redemptionId: r3.redemptionId });
      expect(can.result.status).toBe('CANCELLED');
      expect((await alliance.event(can.txId))?.name).toBe('RedemptionCancelled');
      expect(await balance('b1-2')).toMatchObject({ available: '500', frozen: '0' });

      await alliance.expectRefused(
        () => buyer1.submit('wallets:RequestRedemption', { accountId: 'b1-2', currency: 'CNY', amount: '501' }),
        'INSUFFICIENT_FUNDS',
        probes,
      );
      expect(await buyer1.evaluate('wallets:GetRedemption', { redemptionId: r2.redemptionId })).toMatchObject({
        status: 'REJECTED',
      });
      await expectCode(buyer2.evaluate('wallets:GetRedemption', { redemptionId: r2.redemptionId }), 'FORBIDDEN');
    });
  });
});
