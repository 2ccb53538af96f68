/**
 * Property: cross-currency payments conserve each currency. Random operations — quotes in both
 * directions through two providers, payments with random slippage bounds, cancellations, escrows funded
 * from the other currency (patent step S103), plain transfers and rate changes between them — by three
 * parties, submitted in concurrent batches through devnet. After every batch the ledger equals a model
 * that applies exactly the committed operations in commit order, and for each currency
 * Σ(available + frozen) over all accounts = issued − redeemed. Every committed payment paid exactly
 * what the conversion formula gives at the rate it names, within the payer's slippage over its quote.
 */
import fc from 'fast-check';
import { Alliance, Client, type UserRef } from '../test/alliance';
import { batchStats, runBatch, type Committed, type PlannedCall } from '../test/batch';
import { payAmountOf, withinSlippage } from './conversion';

const OPS = 600;
const BATCH = 6;
const CURRENCIES = ['USD', 'CNY'] as const;
type Currency = (typeof CURRENCIES)[number];
const PAYERS: readonly UserRef[] = [
  ['EcommerceMSP', 'buyer1'],
  ['EcommerceMSP', 'buyer2'],
  ['EcommerceMSP', 'store1'],
];
const DESKS = [
  { providerId: 'desk1', accountId: 'desk1', bank: ['FinanceMSP', 'bank1'] as UserRef, spreadBps: 25 },
  { providerId: 'desk2', accountId: 'desk2', bank: ['FinanceMSP', 'bank2'] as UserRef, spreadBps: 0 },
] as const;
const accountOf = (p: UserRef): string => `${p[1]}-acct`;
const ACCOUNTS = [...PAYERS.map(accountOf), ...DESKS.map((d) => d.accountId)];

type Op =
  | { t: 'quote'; payer: number; to: number; desk: number; usdToCny: boolean; amount: bigint }
  | { t: 'pay'; pick: number; slippage: number }
  | { t: 'cancel'; pick: number }
  | { t: 'escrow'; pick: number; slippage: number }
  | { t: 'transfer'; from: number; to: number; currency: number; amount: bigint }
  | { t: 'rate'; value: bigint };

const payer = fc.nat(PAYERS.length - 1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('quote' as const),
      payer,
      to: payer,
      desk: fc.nat(DESKS.length - 1),
      usdToCny: fc.boolean(),
      amount: fc.bigInt(1n, 20_000n),
    }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('pay' as const), pick: fc.nat(), slippage: fc.nat(300) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('escrow' as const), pick: fc.nat(), slippage: fc.nat(300) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('transfer' as const),
      from: payer,
      to: payer,
      currency: fc.nat(1),
      amount: fc.bigInt(1n, 5_000n),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('rate' as const), value: fc.bigInt(65_000n, 78_000n) }) },
);

interface OpenQuote {
  readonly quoteId: string;
  readonly payer: number;
  readonly fromAccountId: string;
  readonly toAccountId: string;
  readonly desk: number;
  readonly payCurrency: Currency;
  readonly receiveCurrency: Currency;
  readonly receive: bigint;
  readonly payAmount: bigint;
}

class Model {
  readonly balances = new Map<string, bigint>();
  readonly open: OpenQuote[] = [];
  issued: Record<Currency, bigint> = { USD: 0n, CNY: 0n };

  add(accountId: string, currency: Currency, amount: bigint): void {
    const key = `${accountId}/${currency}`;
    this.balances.set(key, (this.balances.get(key) ?? 0n) + amount);
  }

  close(quoteId: string): OpenQuote {
    const i = this.open.findIndex((q) => q.quoteId === quoteId);
    const [q] = this.open.splice(i, 1);
    if (i < 0 || !q) throw new Error(`quote ${quoteId} committed twice`);
    return q;
  }

  /**
   * A committed payment of `q` (into its payee, or into the buyer's escrow) of `payAmount` in A: each
   * currency moves once. A direct payment names the rate it converted at, and must have paid exactly what
   * the formula gives at it; every payment stays within the payer's slippage over its quote.
   */
  paid(q: OpenQuote, payAmount: bigint, slippage: number, rateValue?: string): void {
    if (rateValue !== undefined) {
      const expected = payAmountOf({
        receive: q.receive,
        value: BigInt(rateValue),
        scale: 4,
        payInBase: q.payCurrency === 'USD',
        payDecimals: 2,
        receiveDecimals: 2,
        spreadBps: DESKS[q.desk]!.spreadBps,
      });
      expect({ quoteId: q.quoteId, payAmount }).toEqual({ quoteId: q.quoteId, payAmount: expected });
    }
    expect(withinSlippage(q.payAmount, payAmount, slippage)).toBe(true);
    const desk = DESKS[q.desk]!.accountId;
    this.add(q.fromAccountId, q.payCurrency, -payAmount);
    this.add(desk, q.payCurrency, payAmount);
    this.add(desk, q.receiveCurrency, -q.receive);
    this.add(q.toAccountId, q.receiveCurrency, q.receive);
  }
}

describe('cross-currency conservation property', () => {
  let alliance: Alliance;
  let auditor: Client;
  let issuer: Client;
  let oracle: Client;
  let round = 0;
  let orderNo = 0;

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers([
      ['EcommerceMSP', 'buyer1', ['buyer']],
      ['EcommerceMSP', 'buyer2', ['buyer']],
      ['EcommerceMSP', 'store1', ['store']],
      ['EcommerceMSP', 'oracle1', ['oracle']],
      ['FinanceMSP', 'bank1', ['bank']],
      ['FinanceMSP', 'bank2', ['bank']],
      ['FinanceMSP', 'issuer1', ['issuer']],
      ['FinanceMSP', 'auditor1', ['auditor']],
    ]);
    for (const code of CURRENCIES) await alliance.registerCurrency(code, ['FinanceMSP', 'issuer1']);
    await alliance.registerFeed({
      feedId: 'usd-cny',
      kind: 'FX_RATE',
      description: 'USD in CNY',
      oracles: ['EcommerceMSP:oracle1'],
      quorum: 1,
      maxAgeSeconds: 86_400,
      scale: 4,
      base: 'USD',
      quote: 'CNY',
    });
    [auditor, issuer, oracle] = await Promise.all([
      alliance.client('FinanceMSP', 'auditor1'),
      alliance.client('FinanceMSP', 'issuer1'),
      alliance.client('EcommerceMSP', 'oracle1'),
    ]);
    await oracle.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: 'p0', value: '71234' });
    for (const p of PAYERS)
      await (await alliance.client(...p)).submit('wallets:OpenAccount', { accountId: accountOf(p) });
    for (const d of DESKS) {
      const bank = await alliance.client(...d.bank);
      await bank.submit('wallets:OpenAccount', { accountId: d.accountId });
      await bank.submit('fx:RegisterProvider', {
        providerId: d.providerId,
        accountId: d.accountId,
        feedId: 'usd-cny',
        spreadBps: d.spreadBps,
      });
    }
  });
  afterAll(() => alliance.close());

  async function fund(model: Model): Promise<void> {
    for (const accountId of ACCOUNTS) {
      const desk = accountId.startsWith('desk');
      for (const [currency, amount] of [
        ['USD', desk ? 100_000n : 50_000n],
        ['CNY', desk ? 700_000n : 300_000n],
      ] as const) {
        await issuer.submit('wallets:Issue', { accountId, currency, amount: amount.toString() });
        model.add(accountId, currency, amount);
        model.issued[currency] += amount;
      }
    }
  }

  async function plan(op: Op, model: Model): Promise<PlannedCall<Model>> {
    const pickOpen = (pick: number, own = false): OpenQuote | undefined => {
      const candidates = own ? model.open.filter((q) => q.toAccountId === q.fromAccountId && q.payer < 2) : model.open;
      return candidates.length === 0 ? undefined : candidates[pick % candidates.length];
    };
    switch (op.t) {
      case 'quote': {
        const from = PAYERS[op.payer]!;
        const [payCurrency, receiveCurrency]: [Currency, Currency] = op.usdToCny ? ['USD', 'CNY'] : ['CNY', 'USD'];
        const input = {
          providerId: DESKS[op.desk]!.providerId,
          fromAccountId: accountOf(from),
          toAccountId: accountOf(PAYERS[op.to]!),
          payCurrency,
          receiveCurrency,
          receiveAmount: op.amount.toString(),
          validSeconds: 600,
        };
        return {
          op: op.t,
          client: await alliance.client(...from),
          tx: 'fx:RequestQuote',
          input,
          apply: (m, c: Committed) => {
            m.open.push({
              quoteId: String(c.result.quoteId),
              payer: op.payer,
              fromAccountId: input.fromAccountId,
              toAccountId: input.toAccountId,
              desk: op.desk,
              payCurrency,
              receiveCurrency,
              receive: op.amount,
              payAmount: BigInt(String(c.result.payAmount)),
            });
          },
        };
      }
      case 'pay':
      case 'cancel': {
        const q = pickOpen(op.pick);
        if (!q) return plan({ t: 'transfer', from: op.pick % PAYERS.length, to: 0, currency: 0, amount: 1n }, model);
        const client = await alliance.client(...PAYERS[q.payer]!);
        if (op.t === 'cancel') {
          return {
            op: op.t,
            client,
            tx: 'fx:CancelQuote',
            input: { quoteId: q.quoteId },
            apply: (m) => m.close(q.quoteId),
          };
        }
        return {
          op: op.t,
          client,
          tx: 'fx:PayQuote',
          input: { quoteId: q.quoteId, maxSlippageBps: op.slippage },
          apply: (m, c) => {
            const paid = c.result.paid as { payAmount: string; rate: { value: string } };
            m.paid(m.close(q.quoteId), BigInt(paid.payAmount), op.slippage, paid.rate.value);
          },
        };
      }
      case 'escrow': {
        const q = pickOpen(op.pick, true);
        if (!q) return plan({ t: 'transfer', from: op.pick % PAYERS.length, to: 1, currency: 1, amount: 1n }, model);
        const no = `o-${String(++orderNo)}`;
        return {
          op: op.t,
          client: await alliance.client(...PAYERS[q.payer]!),
          tx: 'settlements:RequestSettlement',
          input: {
            storeOrderNo: no,
            buyerAccountId: q.toAccountId,
            storeAccountId: accountOf(PAYERS[2]!),
            currency: q.receiveCurrency,
            amount: q.receive.toString(),
            exchange: { quoteId: q.quoteId, maxSlippageBps: op.slippage },
          },
          apply: (m, c) => {
            expect(c.result.settlement.frozenAmount).toBe(q.receive.toString());
            const [exchange] = c.result.settlement.exchanges as { payAmount: string }[];
            m.paid(m.close(q.quoteId), BigInt(exchange?.payAmount ?? '0'), op.slippage);
          },
        };
      }
      case 'transfer': {
        const from = PAYERS[op.from]!;
        const to = PAYERS[op.to === op.from ? (op.to + 1) % PAYERS.length : op.to]!;
        const currency = CURRENCIES[op.currency]!;
        return {
          op: op.t,
          client: await alliance.client(...from),
          tx: 'wallets:Transfer',
          input: { fromAccountId: accountOf(from), toAccountId: accountOf(to), currency, amount: op.amount.toString() },
          apply: (m) => {
            m.add(accountOf(from), currency, -op.amount);
            m.add(accountOf(to), currency, op.amount);
          },
        };
      }
      case 'rate':
        return rate(op.value);
    }
  }

  function rate(value: bigint): PlannedCall<Model> {
    return {
      op: 'rate',
      client: oracle,
      tx: 'oracles:ReportObservation',
      input: { feedId: 'usd-cny', roundId: `p${String(++round)}`, value: value.toString() },
    };
  }

  async function checkLedger(model: Model, batch: number): Promise<void> {
    const ledger: Record<string, string> = {};
    const totals: Record<Currency, bigint> = { USD: 0n, CNY: 0n };
    for (const accountId of ACCOUNTS) {
      for (const currency of CURRENCIES) {
        const b = await auditor.evaluate('wallets:GetBalance', { accountId, currency });
        const sum = BigInt(String(b.available)) + BigInt(String(b.frozen));
        totals[currency] += sum;
        ledger[`${accountId}/${currency}`] = sum.toString();
      }
    }
    const expected = Object.fromEntries(
      ACCOUNTS.flatMap((a) => CURRENCIES.map((c) => [`${a}/${c}`, (model.balances.get(`${a}/${c}`) ?? 0n).toString()])),
    );
    expect({ batch, balances: ledger }).toEqual({ batch, balances: expected });
    for (const currency of CURRENCIES) {
      const view = await auditor.evaluate('wallets:GetCurrency', { code: currency });
      expect({ batch, currency, total: totals[currency].toString() }).toEqual({
        batch,
        currency,
        total: String(view.outstanding),
      });
      expect(String(view.issued)).toBe(model.issued[currency].toString());
    }
  }

  it(`conserves each currency over ${String(OPS)} random cross-currency operations`, async () => {
    const stats = batchStats();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: OPS, maxLength: OPS }), async (ops) => {
        const model = new Model();
        await fund(model);
        for (let from = 0, batch = 0; from < ops.length; from += BATCH, batch++) {
          const planned = await Promise.all(ops.slice(from, from + BATCH).map((op) => plan(op, model)));
          await runBatch(alliance, planned, model, stats);
          await checkLedger(model, batch);
        }
      }),
      { numRuns: 1, endOnFailure: true },
    );
    console.info('fx property run', JSON.stringify(stats));
    expect(stats.committed + stats.refused + stats.invalid).toBe(OPS);
    for (const op of ['quote', 'pay', 'cancel', 'escrow', 'transfer']) {
      expect({ op, committed: (stats.committedByOp[op] ?? 0) > 0 }).toEqual({ op, committed: true });
    }
  }, 600_000);
});
