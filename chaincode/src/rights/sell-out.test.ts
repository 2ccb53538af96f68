import { Alliance, Client, EndorseError, pluck } from '../test/alliance';
import { parseErrorMessage } from '../lib/errors';

type Outcome =
  | { readonly kind: 'minted'; readonly tokenId: string; readonly block: bigint }
  | { readonly kind: 'invalid'; readonly code: string }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string };

/**
 * Concurrent buyers of one class, on devnet's real MVCC validation: purchases claim unit keys (see
 * unit-claim.ts), so exactly `supply` of them ever mint, and buyers of a class with units to spare do
 * not get in each other's way — nor in the way of the store's hot payout account.
 */
describe('selling out a limited edition', () => {
  const PRICE = 5000n;
  let alliance: Alliance;
  let store: Client;
  let auditor: Client;
  let buyers: Client[];
  let accountSeq = 0;

  /** `n` funded accounts of alternating buyers, each bound to the store's space. */
  async function buyerAccounts(n: number): Promise<{ client: Client; accountId: string }[]> {
    const issuer = await alliance.client('FinanceMSP', 'issuer1');
    const accounts = Array.from({ length: n }, (_, i) => ({
      client: buyers[i % buyers.length]!,
      accountId: `so-${String(++accountSeq)}`,
    }));
    await Promise.all(
      accounts.map(async ({ client, accountId }) => {
        await client.submit('wallets:OpenAccount', { accountId });
        await issuer.submit('wallets:Issue', { currency: 'CNY', accountId, amount: String(PRICE) });
        await client.submit('rights:BindWallet', { spaceId: 'so-shop', accountId });
      }),
    );
    return accounts;
  }

  async function register(classId: string, supply: number): Promise<void> {
    await store.submit('rights:RegisterRightClass', {
      classId,
      spaceId: 'so-shop',
      category: 'liquor',
      sku: 'MT-53-500',
      name: 'Moutai, 2024 zodiac edition',
      specification: '500 ml, 53 %',
      production: { producer: 'Kweichow Moutai', origin: 'Renhuai' },
      price: String(PRICE),
      currency: 'CNY',
      supply,
      redeemable: ['DELIVERY'],
    });
  }

  /** Submits one purchase per account at once and waits for every commit or refusal. */
  function attempt(classId: string, accounts: readonly { client: Client; accountId: string }[]): Promise<Outcome[]> {
    return Promise.all(
      accounts.map(async ({ client, accountId }): Promise<Outcome> => {
        try {
          const submitted = await client.submitAsync('rights:PurchaseRight', { classId, accountId });
          const status = await submitted.status;
          return status.successful
            ? { kind: 'minted', tokenId: String(submitted.result.token.tokenId), block: status.blockNumber }
            : { kind: 'invalid', code: status.codeName };
        } catch (err) {
          if (!(err instanceof EndorseError)) throw err;
          const body = parseErrorMessage(err.message);
          return { kind: 'refused', code: body?.code ?? 'UNKNOWN', message: body?.message ?? err.message };
        }
      }),
    );
  }

  /**
   * Gives every purchase a final answer: minted, or refused at endorsement. One that lost an MVCC race
   * wrote nothing and is submitted again (as the REST gateway does), with a new transaction id.
   */
  async function untilFinal(
    classId: string,
    accounts: readonly { client: Client; accountId: string }[],
  ): Promise<{ outcomes: Outcome[]; invalidations: string[]; rounds: number; firstRoundMinted: number }> {
    const final = new Map<number, Outcome>();
    const invalidations: string[] = [];
    let pending = accounts.map((_, i) => i);
    let rounds = 0;
    let firstRoundMinted = 0;
    while (pending.length > 0) {
      if (++rounds > 40) throw new Error(`${String(pending.length)} purchases still invalidated after 40 rounds`);
      const outcomes = await attempt(
        classId,
        pending.map((i) => accounts[i]!),
      );
      const retry: number[] = [];
      outcomes.forEach((outcome, j) => {
        const i = pending[j]!;
        if (outcome.kind === 'invalid') {
          invalidations.push(outcome.code);
          retry.push(i);
        } else final.set(i, outcome);
      });
      if (rounds === 1) firstRoundMinted = outcomes.filter((o) => o.kind === 'minted').length;
      pending = retry;
    }
    return { outcomes: accounts.map((_, i) => final.get(i)!), invalidations, rounds, firstRoundMinted };
  }

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers([
      ['EcommerceMSP', 'store1', ['store']],
      ['EcommerceMSP', 'buyer1', ['buyer']],
      ['EcommerceMSP', 'buyer2', ['buyer']],
      ['FinanceMSP', 'issuer1', ['issuer']],
      ['FinanceMSP', 'auditor1', ['auditor']],
    ]);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    store = await alliance.client('EcommerceMSP', 'store1');
    auditor = await alliance.client('FinanceMSP', 'auditor1');
    buyers = [await alliance.client('EcommerceMSP', 'buyer1'), await alliance.client('EcommerceMSP', 'buyer2')];
    await store.submit('wallets:OpenAccount', { accountId: 'so-pay' });
    await store.submit('rights:OpenSpace', { spaceId: 'so-shop', name: 'Zodiac editions', payoutAccountId: 'so-pay' });
  });
  afterAll(() => alliance.close());

  it('30 concurrent buyers of the last 6 of 10 units: exactly 6 mint, the other 24 are told it is sold out', async () => {
    await register('zodiac', 10);
    const early = await buyerAccounts(4);
    for (const { client, accountId } of early)
      await client.submit('rights:PurchaseRight', { classId: 'zodiac', accountId });
    const accounts = await buyerAccounts(30);

    const { outcomes, invalidations, rounds, firstRoundMinted } = await untilFinal('zodiac', accounts);
    const minted = outcomes.filter((o): o is Extract<Outcome, { kind: 'minted' }> => o.kind === 'minted');
    const refused = outcomes.filter((o): o is Extract<Outcome, { kind: 'refused' }> => o.kind === 'refused');

    expect(minted).toHaveLength(6);
    expect(refused).toHaveLength(24);
    expect(new Set(refused.map((r) => `${r.code}: ${r.message}`))).toEqual(
      new Set(['ILLEGAL_STATE: the class is sold out']),
    );
    expect(invalidations.filter((code) => !/^(MVCC|PHANTOM)_READ_CONFLICT$/.test(code))).toEqual([]);
    // Ten distinct tokens, one per unit, and no more.
    const all = await auditor.evaluate('rights:ListClassTokens', { classId: 'zodiac', pageSize: 100 });
    expect((pluck(all.items, 'tokenId') as string[]).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `zodiac.${String(i + 1).padStart(5, '0')}`),
    );
    expect(minted.map((m) => m.tokenId).every((id) => (pluck(all.items, 'tokenId') as string[]).includes(id))).toBe(
      true,
    );
    expect((await auditor.evaluate('rights:GetRightClass', { classId: 'zodiac' })).counts).toEqual({
      minted: 10,
      burned: 0,
      outstanding: 10,
      available: 0,
    });
    // Exactly the six winners paid; the store got ten prices.
    const paid = await Promise.all(
      accounts.map(async ({ accountId }) =>
        BigInt(String((await auditor.evaluate('wallets:GetBalance', { accountId, currency: 'CNY' })).available)),
      ),
    );
    expect(paid.filter((b) => b === 0n)).toHaveLength(6);
    expect(paid.filter((b) => b === PRICE)).toHaveLength(24);
    const storeBalance = await auditor.evaluate('wallets:GetBalance', { accountId: 'so-pay', currency: 'CNY' });
    expect(BigInt(String(storeBalance.available))).toBe(10n * PRICE);
    console.info(
      `sell-out: 30 buyers for 6 units — ${String(firstRoundMinted)} minted in round 1, ` +
        `${String(invalidations.length)} invalidated and retried, ${String(rounds)} rounds`,
    );
  }, 120_000);

  it('100 concurrent buyers of a class of 10,000 units: they share blocks and barely ever collide', async () => {
    await register('zodiac-open', 10_000);
    const accounts = await buyerAccounts(100);
    const outcomes = await attempt('zodiac-open', accounts);
    const minted = outcomes.filter((o): o is Extract<Outcome, { kind: 'minted' }> => o.kind === 'minted');
    const invalid = outcomes.filter((o) => o.kind === 'invalid');
    expect(outcomes.filter((o) => o.kind === 'refused')).toEqual([]);
    // 100 random first picks among 10,000 units: 0.5 pairs coincide on average; more than 5, practically never.
    expect(invalid.length).toBeLessThanOrEqual(5);
    expect(new Set(minted.map((m) => m.tokenId)).size).toBe(minted.length);
    const blocks = new Set(minted.map((m) => m.block));
    expect(blocks.size).toBeLessThan(minted.length / 2);
    console.info(
      `open class: 100 concurrent buyers — ${String(minted.length)} minted in ${String(blocks.size)} blocks, ` +
        `${String(invalid.length)} collided`,
    );
  }, 120_000);

  it('finds the last free unit of two windows by scanning them, then answers sold out', async () => {
    await register('zodiac-120', 120);
    const { outcomes } = await untilFinal('zodiac-120', await buyerAccounts(119));
    expect(outcomes.filter((o) => o.kind === 'minted')).toHaveLength(119);
    const sold = new Set(outcomes.map((o) => (o.kind === 'minted' ? o.tokenId : '')));
    const [last] = await buyerAccounts(1);
    // Eight random probes of 120 units rarely hit the one left: the windows are scanned for it.
    const { token } = await last!.client.submit('rights:PurchaseRight', {
      classId: 'zodiac-120',
      accountId: last!.accountId,
    });
    expect(sold.has(String(token.tokenId))).toBe(false);
    expect((await auditor.evaluate('rights:GetRightClass', { classId: 'zodiac-120' })).counts.available).toBe(0);
    const [late] = await buyerAccounts(1);
    const refused = await attempt('zodiac-120', [late!]);
    expect(refused).toEqual([{ kind: 'refused', code: 'ILLEGAL_STATE', message: 'the class is sold out' }]);
  }, 120_000);
});
