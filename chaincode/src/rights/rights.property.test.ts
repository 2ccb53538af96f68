/**
 * Property: commodity rights are conserved with the money that pays for them. Random operations —
 * purchases, gifts, listings, resales, redemption steps, top-ups, and calls by the wrong party — by 5
 * parties over 3 classes, submitted in concurrent batches through devnet. After every batch the ledger
 * must equal a model that applies exactly the committed operations in commit order, and:
 * - tokens minted = purchases committed, never more than a class's supply, each unit once;
 * - each token has exactly one owner or is burned, and BalanceOf counts each party's live tokens;
 * - a burned token never moves again (the model refuses any committed step on one);
 * - money is conserved: Σ balances = issued, each account equal to the model (price, proceeds, royalty).
 */
import fc from 'fast-check';
import { canTransition } from '../lib/state-machine';
import { Alliance, Client, type Doc, type UserRef } from '../test/alliance';
import { batchStats, runBatch, type PlannedCall } from '../test/batch';
import { TokenMachine, type TokenAction, type TokenStatus } from './rights.states';

const OPS = 2_000;
const BATCH = 25;
const PARTIES: readonly UserRef[] = [
  ['EcommerceMSP', 'store1'],
  ['EcommerceMSP', 'store2'],
  ['EcommerceMSP', 'buyer1'],
  ['EcommerceMSP', 'buyer2'],
  ['EnergyMSP', 'producer1'],
];
const name = (p: UserRef): string => p[1];
const payAccount = (p: UserRef): string => `${name(p)}-pay`;
const recvAccount = (p: UserRef): string => `${name(p)}-recv`;
const spaceOf = (p: UserRef): string => `${name(p)}-space`;
/** Classes of the two stores: small supplies sell out during the run. */
const CLASSES = [
  { classId: 'pa', store: 0, price: 100n, supply: 5, royaltyBps: 250 },
  { classId: 'pb', store: 0, price: 999n, supply: 30, royaltyBps: 0 },
  { classId: 'pc', store: 1, price: 250n, supply: 8, royaltyBps: 1000 },
] as const;
const ORACLE: UserRef = ['EcommerceMSP', 'oracle1'];

type Op =
  | { t: 'purchase'; party: number; cls: number }
  | { t: 'issue'; party: number; amt: bigint }
  | { t: 'gift'; pick: number; to: number; fit: boolean }
  | { t: 'list'; pick: number; price: bigint; fit: boolean }
  | { t: 'cancel'; pick: number; fit: boolean }
  | { t: 'buyResale'; pick: number; buyer: number; fit: boolean }
  | { t: 'request'; pick: number; fit: boolean }
  | { t: 'withdraw' | 'refuse' | 'fulfil'; pick: number; fit: boolean }
  | { t: 'confirm'; pick: number; byOracle: boolean; fit: boolean }
  | { t: 'wrongActor'; pick: number; actor: number };

const party = fc.nat(PARTIES.length - 1);
const fit = fc.integer({ min: 0, max: 9 }).map((x) => x > 1);
const pick = fc.nat();
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('purchase' as const), party, cls: fc.nat(CLASSES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('issue' as const), party, amt: fc.bigInt(1n, 5000n) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('gift' as const), pick, to: party, fit }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('list' as const), pick, price: fc.bigInt(1n, 3000n), fit }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('cancel' as const), pick, fit }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('buyResale' as const), pick, buyer: party, fit }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('request' as const), pick, fit }) },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constantFrom('withdraw' as const, 'refuse' as const, 'fulfil' as const), pick, fit }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('confirm' as const), pick, byOracle: fc.boolean(), fit }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('wrongActor' as const), pick, actor: party }) },
);

interface Token {
  readonly tokenId: string;
  readonly cls: number;
  owner: number;
  status: TokenStatus;
  listing?: { seller: number; price: bigint };
}

/** The reference model: tokens, mints per class and balances, changed only by committed operations. */
class Model {
  readonly tokens = new Map<string, Token>();
  readonly minted = CLASSES.map(() => 0);
  readonly balances = new Map<string, bigint>();
  issued = 0n;

  move(accountId: string, delta: bigint): void {
    const next = (this.balances.get(accountId) ?? 0n) + delta;
    if (next < 0n) throw new Error(`model: a committed operation drove ${accountId} negative`);
    this.balances.set(accountId, next);
  }

  /** Applies a token step the table must allow: a burned token never moves. */
  step(tokenId: string, action: TokenAction): Token {
    const token = this.tokens.get(tokenId);
    if (!token) throw new Error(`model: step on unknown token ${tokenId}`);
    if (token.status === 'BURNED') throw new Error(`model: a burned token moved (${action} on ${tokenId})`);
    if (!canTransition(TokenMachine, token.status, action)) {
      throw new Error(`model: committed ${action} from ${token.status}`);
    }
    token.status = TokenMachine.transitions[action].to;
    return token;
  }
}

/** One planned ledger call and how its commit changes the model. */
type Planned = PlannedCall<Model>;

describe('commodity rights conservation property', () => {
  let alliance: Alliance;
  let auditor: Client;
  const parties: string[] = [];

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers([
      ['EcommerceMSP', 'store1', ['store']],
      ['EcommerceMSP', 'store2', ['store']],
      ['EcommerceMSP', 'buyer1', ['buyer']],
      ['EcommerceMSP', 'buyer2', ['buyer']],
      ['EnergyMSP', 'producer1', ['energy_producer']],
      ['EcommerceMSP', 'oracle1', ['oracle']],
      ['FinanceMSP', 'issuer1', ['issuer']],
      ['FinanceMSP', 'auditor1', ['auditor']],
    ]);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    auditor = await alliance.client('FinanceMSP', 'auditor1');
    for (const p of PARTIES) parties.push(await alliance.party(...p));
    await Promise.all(
      PARTIES.map(async (p) => {
        const client = await alliance.client(...p);
        await client.submit('wallets:OpenAccount', { accountId: payAccount(p) });
        await client.submit('wallets:OpenAccount', { accountId: recvAccount(p) });
        await client.submit('rights:OpenSpace', {
          spaceId: spaceOf(p),
          name: name(p),
          payoutAccountId: recvAccount(p),
        });
      }),
    );
    await Promise.all(
      PARTIES.flatMap((p) =>
        PARTIES.map(async (space) => {
          await (
            await alliance.client(...p)
          ).submit('rights:BindWallet', { spaceId: spaceOf(space), accountId: payAccount(p) });
        }),
      ),
    );
    for (const c of CLASSES) {
      const store = PARTIES[c.store]!;
      await (
        await alliance.client(...store)
      ).submit('rights:RegisterRightClass', {
        classId: c.classId,
        spaceId: spaceOf(store),
        category: 'tea',
        sku: c.classId,
        name: c.classId,
        specification: 'tin',
        production: { producer: 'farm' },
        price: c.price.toString(),
        currency: 'CNY',
        supply: c.supply,
        redeemable: ['DELIVERY', 'PICKUP'],
        royaltyBps: c.royaltyBps,
      });
    }
  }, 60_000);
  afterAll(() => alliance.close());

  async function plan(op: Op, model: Model): Promise<Planned> {
    const client = (ref: UserRef): Promise<Client> => alliance.client(...ref);
    /** A token for a step from `statuses` (or, when `fitting` is false, any token). */
    const choose = (n: number, statuses: readonly TokenStatus[], fitting: boolean): Token | undefined => {
      const all = [...model.tokens.values()];
      const candidates = fitting ? all.filter((t) => statuses.includes(t.status)) : all;
      return candidates[n % Math.max(candidates.length, 1)];
    };
    /** No token fits (yet): a step on a token that does not exist. */
    const none = async (): Promise<Planned> => ({
      op: op.t,
      client: await client(PARTIES[0]!),
      tx: 'rights:CancelResale',
      input: { tokenId: 'none.00001' },
      mustRefuse: 'NOT_FOUND',
    });
    const holderStep = async (
      tx: string,
      action: TokenAction,
      token: Token,
      input: Record<string, unknown>,
      apply?: (m: Model, t: Token) => void,
    ): Promise<Planned> => ({
      op: op.t,
      client: await client(PARTIES[token.owner]!),
      tx,
      input: { tokenId: token.tokenId, ...input },
      apply: (m) => {
        const t = m.step(token.tokenId, action);
        apply?.(m, t);
      },
    });
    switch (op.t) {
      case 'purchase': {
        const buyer = PARTIES[op.party]!;
        const c = CLASSES[op.cls]!;
        return {
          op: op.t,
          client: await client(buyer),
          tx: 'rights:PurchaseRight',
          input: { classId: c.classId, accountId: payAccount(buyer) },
          apply: (m, { result }) => {
            const tokenId = String(result.token.tokenId);
            if (m.tokens.has(tokenId)) throw new Error(`model: unit ${tokenId} sold twice`);
            if (++m.minted[op.cls]! > c.supply) throw new Error(`model: ${c.classId} minted beyond its supply`);
            m.tokens.set(tokenId, { tokenId, cls: op.cls, owner: op.party, status: 'HELD' });
            m.move(payAccount(buyer), -c.price);
            m.move(recvAccount(PARTIES[c.store]!), c.price);
          },
        };
      }
      case 'issue': {
        const p = PARTIES[op.party]!;
        return {
          op: op.t,
          client: await client(['FinanceMSP', 'issuer1']),
          tx: 'wallets:Issue',
          input: { currency: 'CNY', accountId: payAccount(p), amount: op.amt.toString() },
          apply: (m) => {
            m.move(payAccount(p), op.amt);
            m.issued += op.amt;
          },
        };
      }
      case 'gift': {
        const token = choose(op.pick, ['HELD'], op.fit);
        if (!token) return none();
        const to = op.to === token.owner ? (op.to + 1) % PARTIES.length : op.to;
        return holderStep('rights:TransferRight', 'TRANSFER', token, { to: parties[to] }, (_m, t) => {
          t.owner = to;
        });
      }
      case 'list': {
        const token = choose(op.pick, ['HELD'], op.fit);
        if (!token) return none();
        const seller = token.owner;
        return holderStep(
          'rights:ListForResale',
          'LIST',
          token,
          { spaceId: spaceOf(PARTIES[seller]!), price: op.price.toString() },
          (_m, t) => {
            t.listing = { seller, price: op.price };
          },
        );
      }
      case 'cancel': {
        const token = choose(op.pick, ['LISTED'], op.fit);
        if (!token) return none();
        return holderStep('rights:CancelResale', 'CANCEL_LISTING', token, {}, (_m, t) => {
          delete t.listing;
        });
      }
      case 'buyResale': {
        const token = choose(op.pick, ['LISTED'], op.fit);
        if (!token) return none();
        const buyer = op.buyer === token.owner ? (op.buyer + 1) % PARTIES.length : op.buyer;
        const c = CLASSES[token.cls]!;
        return {
          op: op.t,
          client: await client(PARTIES[buyer]!),
          tx: 'rights:BuyResale',
          input: { tokenId: token.tokenId, accountId: payAccount(PARTIES[buyer]!) },
          apply: (m) => {
            const t = m.step(token.tokenId, 'BUY_RESALE');
            const listing = t.listing;
            if (!listing) throw new Error('model: a resale without a listing');
            // ⌊price × bps / 10000⌋ to the store, written out independently of royalty.ts.
            const royalty = (listing.price * BigInt(c.royaltyBps)) / 10_000n;
            m.move(payAccount(PARTIES[buyer]!), -listing.price);
            m.move(recvAccount(PARTIES[listing.seller]!), listing.price - royalty);
            m.move(recvAccount(PARTIES[c.store]!), royalty);
            t.owner = buyer;
            delete t.listing;
          },
        };
      }
      case 'request': {
        const token = choose(op.pick, ['HELD'], op.fit);
        if (!token) return none();
        return holderStep('rights:RequestRedemption', 'REQUEST_REDEMPTION', token, { method: 'PICKUP' });
      }
      case 'withdraw': {
        const token = choose(op.pick, ['REDEEMING'], op.fit);
        if (!token) return none();
        return holderStep('rights:WithdrawRedemption', 'WITHDRAW_REDEMPTION', token, {});
      }
      case 'refuse':
      case 'fulfil': {
        const token = choose(op.pick, ['REDEEMING'], op.fit);
        const tx = op.t === 'refuse' ? 'rights:RefuseRedemption' : 'rights:FulfilRedemption';
        if (!token) return none();
        const action: TokenAction = op.t === 'refuse' ? 'REFUSE_REDEMPTION' : 'FULFIL_REDEMPTION';
        return {
          op: op.t,
          client: await client(PARTIES[CLASSES[token.cls]!.store]!),
          tx,
          input: op.t === 'refuse' ? { tokenId: token.tokenId, reason: 'r' } : { tokenId: token.tokenId },
          apply: (m) => {
            m.step(token.tokenId, action);
          },
        };
      }
      case 'confirm': {
        const token = choose(op.pick, ['FULFILLED'], op.fit);
        if (!token) return none();
        return {
          op: op.t,
          client: await client(op.byOracle ? ORACLE : PARTIES[token.owner]!),
          tx: 'rights:ConfirmRedemption',
          input: { tokenId: token.tokenId },
          apply: (m) => {
            m.step(token.tokenId, 'CONFIRM_REDEMPTION');
          },
        };
      }
      case 'wrongActor': {
        const token = choose(op.pick, ['HELD'], true);
        if (!token) return none();
        const actor = op.actor === token.owner ? (op.actor + 1) % PARTIES.length : op.actor;
        return {
          op: op.t,
          client: await client(PARTIES[actor]!),
          tx: 'rights:TransferRight',
          input: { tokenId: token.tokenId, to: parties[actor] },
          mustRefuse: 'FORBIDDEN',
        };
      }
    }
  }

  async function checkLedger(model: Model, batch: number): Promise<void> {
    for (const [i, c] of CLASSES.entries()) {
      const view = await auditor.evaluate('rights:GetRightClass', { classId: c.classId });
      const burned = [...model.tokens.values()].filter((t) => t.cls === i && t.status === 'BURNED').length;
      expect({ batch, classId: c.classId, counts: view.counts }).toEqual({
        batch,
        classId: c.classId,
        counts: {
          minted: model.minted[i],
          burned,
          outstanding: model.minted[i]! - burned,
          available: c.supply - model.minted[i]!,
        },
      });
      const listed = await auditor.evaluate('rights:ListClassTokens', { classId: c.classId, pageSize: 100 });
      const ledger = Object.fromEntries(
        (listed.items as Doc[]).map((t: Doc) => [
          String(t.tokenId),
          { owner: String(t.owner), status: String(t.status) },
        ]),
      );
      const expected = Object.fromEntries(
        [...model.tokens.values()]
          .filter((t) => t.cls === i)
          .map((t) => [t.tokenId, { owner: parties[t.owner]!, status: t.status }]),
      );
      expect({ batch, tokens: ledger }).toEqual({ batch, tokens: expected });
    }
    for (const [i, p] of PARTIES.entries()) {
      const live = [...model.tokens.values()].filter((t) => t.owner === i && t.status !== 'BURNED').length;
      const { balance } = await auditor.evaluate('rights:BalanceOf', { owner: parties[i] });
      expect({ batch, party: name(p), balance }).toEqual({ batch, party: name(p), balance: live });
    }
    const ledger: Record<string, string> = {};
    let total = 0n;
    for (const p of PARTIES) {
      for (const accountId of [payAccount(p), recvAccount(p)]) {
        const b = await auditor.evaluate('wallets:GetBalance', { accountId, currency: 'CNY' });
        if (BigInt(String(b.frozen)) !== 0n) throw new Error(`batch ${String(batch)}: frozen funds in ${accountId}`);
        total += BigInt(String(b.available));
        if (String(b.available) !== '0') ledger[accountId] = String(b.available);
      }
    }
    const expected = Object.fromEntries(
      [...model.balances].filter(([, v]) => v !== 0n).map(([k, v]) => [k, v.toString()]),
    );
    expect({ batch, balances: ledger }).toEqual({ batch, balances: expected });
    const currency = await auditor.evaluate('wallets:GetCurrency', { code: 'CNY' });
    expect({ batch, total: total.toString() }).toEqual({ batch, total: currency.outstanding });
    expect(currency.issued).toBe(model.issued.toString());
  }

  it(`conserves rights and money over ${String(OPS)} random operations by ${String(PARTIES.length)} parties`, async () => {
    const stats = batchStats();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: OPS, maxLength: OPS }), async (ops) => {
        const model = new Model();
        // Everyone starts with funds, issued in the first batch.
        const start: Op[] = PARTIES.map((_p, i) => ({ t: 'issue', party: i, amt: 20_000n }));
        const all = [...start, ...ops];
        for (let from = 0, batch = 0; from < all.length; from += BATCH, batch++) {
          const planned = await Promise.all(all.slice(from, from + BATCH).map((op) => plan(op, model)));
          await runBatch(alliance, planned, model, stats);
          await checkLedger(model, batch);
        }
        // Every class sold out on the way: more purchases were tried than units exist.
        expect(model.minted).toEqual(CLASSES.map((c) => c.supply));
      }),
      { numRuns: 1, endOnFailure: true },
    );
    console.info('rights property run', JSON.stringify(stats));
    expect(stats.committed + stats.refused + stats.invalid).toBe(OPS + PARTIES.length);
    for (const op of [
      'purchase',
      'gift',
      'list',
      'cancel',
      'buyResale',
      'request',
      'withdraw',
      'refuse',
      'fulfil',
      'confirm',
    ]) {
      expect({ op, committed: (stats.committedByOp[op] ?? 0) > 0 }).toEqual({ op, committed: true });
    }
  }, 600_000);
});
