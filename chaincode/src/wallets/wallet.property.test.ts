/**
 * Property: money is conserved. 10,000 random operations (issue, transfer, redemption, compaction,
 * malformed amounts, the escrow steps that freeze and unfreeze, settlements funded by credit-line draws,
 * credit-line draws and repayments, and receivables issued, accepted, financed by a bank and repaid)
 * by 6 parties over 2 currencies,
 * submitted in concurrent batches through devnet. After every batch (every committed block) the ledger
 * must hold, for each currency, Σ(available + frozen) = issued − redeemed with no negative balance,
 * and must equal a model that applies exactly the committed operations in commit order — so refused
 * and MVCC-invalidated operations changed nothing.
 */
import fc from 'fast-check';
import { canTransition } from '../lib/state-machine';
import {
  OrderMachine,
  SettlementMachine,
  type OrderStatus,
  type SettlementStatus,
} from '../settlements/settlement.states';
import { Alliance, Client, orderSnapshot, type UserRef } from '../test/alliance';
import { batchStats, runBatch, type PlannedCall } from '../test/batch';
import { ReceivableMachine, type ReceivableStatus } from '../finance/finance.states';

const OPS = 10_000;
const BATCH = 25;
const CURRENCIES = ['CNY', 'USD'] as const;
type Cur = (typeof CURRENCIES)[number];
const ISSUER: Record<Cur, UserRef> = { CNY: ['FinanceMSP', 'issuer1'], USD: ['FinanceMSP', 'bank2'] };
const OWNERS: UserRef[] = [
  ['EcommerceMSP', 'buyer1'],
  ['EcommerceMSP', 'buyer2'],
  ['EcommerceMSP', 'store1'],
  ['EcommerceMSP', 'store2'],
  ['FinanceMSP', 'bank1'],
  ['EnergyMSP', 'producer1'],
];
const ACCOUNTS = OWNERS.flatMap((owner) => ['a', 'b'].map((s) => ({ id: `${owner[1]}-${s}`, owner })));
const BUYER_ACCOUNTS = ACCOUNTS.filter((a) => a.owner[1].startsWith('buyer'));
const STORE_ACCOUNTS = ACCOUNTS.filter((a) => a.owner[1].startsWith('store'));
/** The bank that grants credit lines and finances receivables, and its funding account. */
const BANK: UserRef = ['FinanceMSP', 'bank1'];
const BANK_ACCOUNT = 'bank1-a';
/** One credit line per buyer and currency, granted by the bank in the setup. */
const LINES = (['buyer1', 'buyer2'] as const).flatMap((buyer) =>
  CURRENCIES.map((c) => ({ buyer, cur: c, limit: 6000n })),
);
/** Receivables fall due 30 days after the (fixed) test clock; financed at 5 % a year over 30 days. */
const FINANCE_DAYS = 30n;
const RATE = { n: 5n, d: 100n };
/** `UNSAFE_NUMBER` stands for 9007199254740993 written as a JSON number (not representable in JS). */
const UNSAFE_NUMBER = Symbol('9007199254740993');
const BAD_AMOUNTS: unknown[] = ['', ' ', '1e3', '0x10', '-1', '1.5', 'Infinity', '01', 7, null, UNSAFE_NUMBER];

type Op =
  | { t: 'issue'; acct: number; cur: Cur; amt: bigint; wrongIssuer: boolean }
  | { t: 'transfer'; from: number; to: number; cur: Cur; amt: bigint; actor: number | null }
  | { t: 'redeem'; acct: number; cur: Cur; amt: bigint }
  | { t: 'closeRedemption'; pick: number; action: 'execute' | 'reject' | 'cancel' }
  | { t: 'compact'; acct: number; cur: Cur }
  | { t: 'badAmount'; acct: number; bad: unknown }
  | { t: 'request'; buyer: number; store: number; cur: Cur; amt: bigint; funding: 'none' | 'topUp' | 'line' }
  | { t: 'lineDraw'; line: number; amt: bigint }
  | { t: 'lineRepay'; line: number; amt: bigint }
  | { t: 'recvIssue'; store: number; buyer: number; cur: Cur; amt: bigint }
  | { t: 'recvStep'; pick: number; frac: number }
  | {
      t: 'step';
      pick: number;
      step: 'ack' | 'ship' | 'confirm' | 'cancel' | 'dispute' | 'arbitrate' | 'update';
      frac: number;
      amt: bigint;
    };

const cur = fc.constantFrom(...CURRENCIES);
const acct = fc.nat(ACCOUNTS.length - 1);
const amt = fc.bigInt(1n, 3000n);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('issue' as const),
      acct,
      cur,
      amt: fc.bigInt(1n, 20000n),
      wrongIssuer: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('transfer' as const),
      from: acct,
      to: acct,
      cur,
      amt,
      actor: fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(OWNERS.length - 1) }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('redeem' as const), acct, cur, amt }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('closeRedemption' as const),
      pick: fc.nat(),
      action: fc.constantFrom('execute' as const, 'reject' as const, 'cancel' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('compact' as const), acct, cur }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('badAmount' as const), acct, bad: fc.constantFrom(...BAD_AMOUNTS) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('request' as const),
      buyer: fc.nat(BUYER_ACCOUNTS.length - 1),
      store: fc.nat(STORE_ACCOUNTS.length - 1),
      cur,
      amt,
      funding: fc.constantFrom('none' as const, 'topUp' as const, 'line' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('lineDraw' as const), line: fc.nat(LINES.length - 1), amt }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('lineRepay' as const), line: fc.nat(LINES.length - 1), amt }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('recvIssue' as const),
      store: fc.nat(STORE_ACCOUNTS.length - 1),
      buyer: fc.nat(BUYER_ACCOUNTS.length - 1),
      cur,
      amt: fc.bigInt(1n, 5000n),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('recvStep' as const),
      pick: fc.nat(),
      frac: fc.integer({ min: 0, max: 99 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('step' as const),
      pick: fc.nat(),
      step: fc.constantFrom(
        'ack' as const,
        'ship' as const,
        'confirm' as const,
        'cancel' as const,
        'dispute' as const,
        'arbitrate' as const,
        'update' as const,
      ),
      frac: fc.integer({ min: 0, max: 100 }),
      amt,
    }),
  },
);

interface Holding {
  available: bigint;
  frozen: bigint;
}
interface Redemption {
  id: string;
  acct: string;
  cur: Cur;
  amt: bigint;
  status: string;
}
interface Purchase {
  no: string;
  settlementNo: string;
  buyerAcct: string;
  storeAcct: string;
  cur: Cur;
  amount: bigint;
  order: OrderStatus;
  status: SettlementStatus;
}

interface Line {
  id: string;
  buyer: string;
  account: string;
  cur: Cur;
  limit: bigint;
  drawn: bigint;
}
interface Receivable {
  id: string;
  cur: Cur;
  face: bigint;
  debtorAcct: string;
  debtor: UserRef;
  holderAcct: string;
  holder: UserRef;
  status: ReceivableStatus;
}

/** The reference model: balances, supplies, redemptions and purchases, changed only by committed operations. */
class Model {
  readonly balances = new Map<string, Holding>();
  readonly supply: Record<Cur, { issued: bigint; redeemed: bigint }> = {
    CNY: { issued: 0n, redeemed: 0n },
    USD: { issued: 0n, redeemed: 0n },
  };
  readonly redemptions: Redemption[] = [];
  readonly purchases: Purchase[] = [];
  readonly lines: Line[] = [];
  readonly receivables: Receivable[] = [];

  holding(account: string, c: Cur): Holding {
    const k = `${account}/${c}`;
    let h = this.balances.get(k);
    if (!h) {
      h = { available: 0n, frozen: 0n };
      this.balances.set(k, h);
    }
    return h;
  }

  move(h: Holding, field: keyof Holding, delta: bigint): void {
    h[field] += delta;
    if (h[field] < 0n) throw new Error(`model: a committed operation drove a balance negative`);
  }
}

/** One planned ledger call and how its commit changes the model. */
type Planned = PlannedCall<Model> & { readonly op: Op['t'] | 'requestOnCredit' };

describe('wallet conservation property', () => {
  let alliance: Alliance;
  let auditor: Client;
  let orderSeq = 0;
  const lineIds: string[] = [];
  let dueAt = '';

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers([
      ...OWNERS.map(([msp, user]): readonly [typeof msp, string, readonly string[]] => [
        msp,
        user,
        [
          user.startsWith('buyer')
            ? 'buyer'
            : user.startsWith('store')
              ? 'store'
              : user === 'bank1'
                ? 'bank'
                : 'energy_producer',
        ],
      ]),
      ['FinanceMSP', 'issuer1', ['issuer']],
      ['FinanceMSP', 'bank2', ['bank', 'issuer']],
      ['FinanceMSP', 'auditor1', ['auditor']],
      ['EcommerceMSP', 'arbitrator1', ['arbitrator']],
    ]);
    for (const c of CURRENCIES) await alliance.registerCurrency(c, ISSUER[c]);
    auditor = await alliance.client('FinanceMSP', 'auditor1');
    await Promise.all(
      ACCOUNTS.map(async (a) => {
        await (await alliance.client(...a.owner)).submit('wallets:OpenAccount', { accountId: a.id });
      }),
    );
    const bank = await alliance.client(...BANK);
    for (const l of LINES) {
      const line = await bank.submit('finance:GrantCreditLine', {
        borrower: await alliance.party('EcommerceMSP', l.buyer),
        currency: l.cur,
        limit: l.limit.toString(),
        fundingAccountId: BANK_ACCOUNT,
      });
      lineIds.push(String(line.lineId));
    }
    dueAt = new Date(alliance.now + Number(FINANCE_DAYS) * 86_400_000).toISOString();
  }, 60_000);
  afterAll(() => alliance.close());

  async function plan(op: Op, model: Model): Promise<Planned> {
    const client = (ref: UserRef): Promise<Client> => alliance.client(...ref);
    switch (op.t) {
      case 'issue': {
        const a = ACCOUNTS[op.acct]!;
        const issuer = op.wrongIssuer ? ISSUER[op.cur === 'CNY' ? 'USD' : 'CNY'] : ISSUER[op.cur];
        return {
          op: op.t,
          client: await client(issuer),
          tx: 'wallets:Issue',
          input: { currency: op.cur, accountId: a.id, amount: op.amt.toString() },
          ...(op.wrongIssuer ? { mustRefuse: 'FORBIDDEN' } : {}),
          apply: (m) => {
            m.move(m.holding(a.id, op.cur), 'available', op.amt);
            m.supply[op.cur].issued += op.amt;
          },
        };
      }
      case 'transfer': {
        const from = ACCOUNTS[op.from]!;
        const to = ACCOUNTS[op.to === op.from ? (op.to + 1) % ACCOUNTS.length : op.to]!;
        const actor = op.actor === null ? from.owner : OWNERS[op.actor]!;
        const foreign = actor[1] !== from.owner[1];
        return {
          op: op.t,
          client: await client(actor),
          tx: 'wallets:Transfer',
          input: { fromAccountId: from.id, toAccountId: to.id, currency: op.cur, amount: op.amt.toString() },
          ...(foreign ? { mustRefuse: 'FORBIDDEN' } : {}),
          apply: (m) => {
            m.move(m.holding(from.id, op.cur), 'available', -op.amt);
            m.move(m.holding(to.id, op.cur), 'available', op.amt);
          },
        };
      }
      case 'redeem': {
        const a = ACCOUNTS[op.acct]!;
        return {
          op: op.t,
          client: await client(a.owner),
          tx: 'wallets:RequestRedemption',
          input: { accountId: a.id, currency: op.cur, amount: op.amt.toString() },
          apply: (m, { txId }) => {
            const h = m.holding(a.id, op.cur);
            m.move(h, 'available', -op.amt);
            m.move(h, 'frozen', op.amt);
            m.redemptions.push({ id: txId, acct: a.id, cur: op.cur, amt: op.amt, status: 'REQUESTED' });
          },
        };
      }
      case 'closeRedemption': {
        const open = model.redemptions.filter((r) => r.status === 'REQUESTED');
        const r = open[op.pick % Math.max(open.length, 1)];
        if (!r) {
          return {
            op: op.t,
            client: await client(ISSUER.CNY),
            tx: 'wallets:ExecuteRedemption',
            input: { redemptionId: 'none' },
            mustRefuse: 'NOT_FOUND',
          };
        }
        const owner = ACCOUNTS.find((a) => a.id === r.acct)!.owner;
        const tx = {
          execute: 'wallets:ExecuteRedemption',
          reject: 'wallets:RejectRedemption',
          cancel: 'wallets:CancelRedemption',
        }[op.action];
        return {
          op: op.t,
          client: await client(op.action === 'cancel' ? owner : ISSUER[r.cur]),
          tx,
          input: op.action === 'reject' ? { redemptionId: r.id, reason: 'no' } : { redemptionId: r.id },
          apply: (m) => {
            const target = m.redemptions.find((x) => x.id === r.id)!;
            if (target.status !== 'REQUESTED') throw new Error('model: redemption closed twice');
            const h = m.holding(r.acct, r.cur);
            m.move(h, 'frozen', -r.amt);
            if (op.action === 'execute') m.supply[r.cur].redeemed += r.amt;
            else m.move(h, 'available', r.amt);
            target.status = op.action;
          },
        };
      }
      case 'compact': {
        const a = ACCOUNTS[op.acct]!;
        return {
          op: op.t,
          client: await client(a.owner),
          tx: 'wallets:CompactAccount',
          input: { accountId: a.id, currency: op.cur },
          apply: () => undefined,
        };
      }
      case 'badAmount': {
        const a = ACCOUNTS[op.acct]!;
        const b = ACCOUNTS[(op.acct + 1) % ACCOUNTS.length]!;
        const input =
          op.bad === UNSAFE_NUMBER
            ? `{"fromAccountId":"${a.id}","toAccountId":"${b.id}","currency":"CNY","amount":9007199254740993}`
            : { fromAccountId: a.id, toAccountId: b.id, currency: 'CNY', amount: op.bad };
        return {
          op: op.t,
          client: await client(a.owner),
          tx: 'wallets:Transfer',
          input,
          mustRefuse: 'INVALID_ARGUMENT',
        };
      }
      case 'request': {
        const buyer = BUYER_ACCOUNTS[op.buyer]!;
        const other = BUYER_ACCOUNTS.find((a) => a.owner[1] === buyer.owner[1] && a.id !== buyer.id)!;
        const store = STORE_ACCOUNTS[op.store]!;
        const no = `${store.id}-p${++orderSeq}`;
        const lineIndex = LINES.findIndex((l) => l.buyer === buyer.owner[1] && l.cur === op.cur);
        return {
          op: op.funding === 'line' ? 'requestOnCredit' : op.t,
          client: await client(buyer.owner),
          tx: 'settlements:RequestSettlement',
          input: {
            storeOrderNo: no,
            buyerAccountId: buyer.id,
            storeAccountId: store.id,
            currency: op.cur,
            amount: op.amt.toString(),
            ...(op.funding === 'topUp' ? { topUpFromAccountId: other.id } : {}),
            ...(op.funding === 'line' ? { creditLineId: lineIds[lineIndex] } : {}),
          },
          transient: { order: orderSnapshot(no, op.amt.toString(), op.cur) },
          apply: (m, { txId }) => {
            const h = m.holding(buyer.id, op.cur);
            if (op.funding === 'topUp' && h.available < op.amt) {
              const shortfall = op.amt - h.available;
              m.move(m.holding(other.id, op.cur), 'available', -shortfall);
              m.move(h, 'available', shortfall);
            }
            if (op.funding === 'line' && h.available < op.amt) {
              const shortfall = op.amt - h.available;
              const line = m.lines[lineIndex]!;
              line.drawn += shortfall;
              if (line.drawn > line.limit) throw new Error('model: a draw exceeded the credit line');
              m.move(m.holding(BANK_ACCOUNT, op.cur), 'available', -shortfall);
              m.move(h, 'available', shortfall);
            }
            m.move(h, 'available', -op.amt);
            m.move(h, 'frozen', op.amt);
            m.purchases.push({
              no,
              settlementNo: txId,
              buyerAcct: buyer.id,
              storeAcct: store.id,
              cur: op.cur,
              amount: op.amt,
              order: 'PLACED',
              status: 'PAID',
            });
          },
        };
      }
      case 'lineDraw':
      case 'lineRepay': {
        const l = LINES[op.line]!;
        const account = `${l.buyer}-a`;
        const draw = op.t === 'lineDraw';
        return {
          op: op.t,
          client: await client(['EcommerceMSP', l.buyer]),
          tx: draw ? 'finance:DrawCreditLine' : 'finance:RepayCreditLine',
          input: { lineId: lineIds[op.line], accountId: account, amount: op.amt.toString() },
          apply: (m) => {
            const line = m.lines[op.line]!;
            line.drawn += draw ? op.amt : -op.amt;
            if (line.drawn < 0n || line.drawn > line.limit) throw new Error('model: credit line out of bounds');
            m.move(m.holding(BANK_ACCOUNT, l.cur), 'available', draw ? -op.amt : op.amt);
            m.move(m.holding(account, l.cur), 'available', draw ? op.amt : -op.amt);
          },
        };
      }
      case 'recvIssue': {
        const store = STORE_ACCOUNTS[op.store]!;
        const debtor = BUYER_ACCOUNTS[op.buyer]!;
        return {
          op: op.t,
          client: await client(store.owner),
          tx: 'finance:IssueReceivable',
          input: {
            debtor: await alliance.party(...debtor.owner),
            currency: op.cur,
            faceAmount: op.amt.toString(),
            dueAt,
            contractHash: 'ab'.repeat(32),
            accountId: store.id,
          },
          apply: (m, { txId }) => {
            m.receivables.push({
              id: txId,
              cur: op.cur,
              face: op.amt,
              debtorAcct: debtor.id,
              debtor: debtor.owner,
              holderAcct: store.id,
              holder: store.owner,
              status: 'ISSUED',
            });
          },
        };
      }
      case 'recvStep': {
        const open = model.receivables.filter((r) => r.status !== 'SETTLED');
        const r = open[op.pick % Math.max(open.length, 1)];
        if (!r) {
          return {
            op: op.t,
            client: await client(BANK),
            tx: 'finance:FinanceReceivable',
            input: { receivableId: 'none', fromAccountId: BANK_ACCOUNT },
            mustRefuse: 'NOT_FOUND',
          };
        }
        const transition = (m: Model, action: 'ACCEPT' | 'REQUEST_FINANCING' | 'FINANCE' | 'REPAY'): Receivable => {
          const target = m.receivables.find((x) => x.id === r.id)!;
          if (!canTransition(ReceivableMachine, target.status, action)) {
            throw new Error(`model: committed ${action} from ${target.status}`);
          }
          target.status = ReceivableMachine.transitions[action].to;
          return target;
        };
        const repay = async (): Promise<Planned> => ({
          op: op.t,
          client: await client(r.debtor),
          tx: 'finance:RepayReceivable',
          input: { receivableId: r.id, fromAccountId: r.debtorAcct },
          apply: (m) => {
            const target = transition(m, 'REPAY');
            m.move(m.holding(target.debtorAcct, target.cur), 'available', -target.face);
            m.move(m.holding(target.holderAcct, target.cur), 'available', target.face);
          },
        });
        switch (r.status) {
          case 'ISSUED':
            return {
              op: op.t,
              client: await client(r.debtor),
              tx: 'finance:AcceptReceivable',
              input: { receivableId: r.id },
              apply: (m) => {
                transition(m, 'ACCEPT');
              },
            };
          case 'ACCEPTED':
            if (op.frac >= 50) return repay();
            return {
              op: op.t,
              client: await client(r.holder),
              tx: 'finance:RequestFinancing',
              input: {
                receivableId: r.id,
                bank: await alliance.party(...BANK),
                annualRate: '0.05',
                payoutAccountId: r.holderAcct,
              },
              apply: (m) => {
                transition(m, 'REQUEST_FINANCING');
              },
            };
          case 'FINANCING_REQUESTED':
            return {
              op: op.t,
              client: await client(BANK),
              tx: 'finance:FinanceReceivable',
              input: { receivableId: r.id, fromAccountId: BANK_ACCOUNT },
              apply: (m) => {
                const target = transition(m, 'FINANCE');
                // ⌊face × (1 − 5/100 × 30/365)⌋, written out independently of discount.ts.
                const paid = (target.face * (365n * RATE.d - RATE.n * FINANCE_DAYS)) / (365n * RATE.d);
                m.move(m.holding(BANK_ACCOUNT, target.cur), 'available', -paid);
                m.move(m.holding(target.holderAcct, target.cur), 'available', paid);
                target.holderAcct = BANK_ACCOUNT;
                target.holder = BANK;
              },
            };
          default:
            return repay();
        }
      }
      case 'step': {
        const open = model.purchases.filter((p) => p.status === 'PAID' || p.status === 'DISPUTED');
        const p = open[op.pick % Math.max(open.length, 1)];
        if (!p) {
          return {
            op: op.t,
            client: await client(OWNERS[0]!),
            tx: 'settlements:ConfirmReceipt',
            input: { settlementNo: 'none', amountToPay: '1' },
            mustRefuse: 'NOT_FOUND',
          };
        }
        const buyer = ACCOUNTS.find((a) => a.id === p.buyerAcct)!.owner;
        const store = ACCOUNTS.find((a) => a.id === p.storeAcct)!.owner;
        const part = (p.amount * BigInt(op.frac)) / 100n;
        const action = {
          ack: 'ACKNOWLEDGE',
          ship: 'SHIP',
          confirm: 'CONFIRM',
          cancel: 'CANCEL',
          dispute: 'DISPUTE',
          arbitrate: 'ARBITRATE',
          update: 'UPDATE',
        } as const;
        const transition = (m: Model): Purchase => {
          const target = m.purchases.find((x) => x.settlementNo === p.settlementNo)!;
          const a = action[op.step];
          if (!canTransition(OrderMachine, target.order, a) || !canTransition(SettlementMachine, target.status, a)) {
            throw new Error(`model: committed ${a} from ${target.order}/${target.status}`);
          }
          target.order = OrderMachine.transitions[a].to;
          target.status = SettlementMachine.transitions[a].to;
          return target;
        };
        const close = (m: Model, toStore: bigint): void => {
          const target = transition(m);
          const h = m.holding(target.buyerAcct, target.cur);
          m.move(h, 'frozen', -target.amount);
          m.move(h, 'available', target.amount - toStore);
          m.move(m.holding(target.storeAcct, target.cur), 'available', toStore);
        };
        const c = await client(
          op.step === 'ack' || op.step === 'ship'
            ? store
            : op.step === 'arbitrate'
              ? ['EcommerceMSP', 'arbitrator1']
              : buyer,
        );
        switch (op.step) {
          case 'ack':
            return {
              op: op.t,
              client: c,
              tx: 'settlements:AcknowledgePayment',
              input: { settlementNo: p.settlementNo },
              apply: (m) => {
                transition(m);
              },
            };
          case 'ship':
            return {
              op: op.t,
              client: c,
              tx: 'settlements:Ship',
              input: { settlementNo: p.settlementNo, carrier: 'SF', trackingNo: 'T' },
              apply: (m) => {
                transition(m);
              },
            };
          case 'dispute':
            return {
              op: op.t,
              client: c,
              tx: 'settlements:Dispute',
              input: { settlementNo: p.settlementNo, reason: 'r' },
              apply: (m) => {
                transition(m);
              },
            };
          case 'confirm':
            return {
              op: op.t,
              client: c,
              tx: 'settlements:ConfirmReceipt',
              input: { settlementNo: p.settlementNo, amountToPay: part.toString() },
              apply: (m) => {
                close(m, part);
              },
            };
          case 'arbitrate':
            return {
              op: op.t,
              client: c,
              tx: 'settlements:Arbitrate',
              input: { settlementNo: p.settlementNo, storeAmount: part.toString(), ruling: 'r' },
              apply: (m) => {
                close(m, part);
              },
            };
          case 'cancel':
            return {
              op: op.t,
              client: c,
              tx: 'settlements:Cancel',
              input: { settlementNo: p.settlementNo },
              apply: (m) => {
                close(m, 0n);
              },
            };
          case 'update':
            return {
              op: op.t,
              client: c,
              tx: 'settlements:RequestSettlement',
              input: {
                storeOrderNo: p.no,
                buyerAccountId: p.buyerAcct,
                storeAccountId: p.storeAcct,
                currency: p.cur,
                amount: op.amt.toString(),
              },
              transient: { order: orderSnapshot(p.no, op.amt.toString(), p.cur) },
              apply: (m) => {
                const target = transition(m);
                const h = m.holding(target.buyerAcct, target.cur);
                const diff = op.amt - target.amount;
                m.move(h, 'available', -diff);
                m.move(h, 'frozen', diff);
                target.amount = op.amt;
              },
            };
        }
      }
    }
  }

  async function checkLedger(model: Model, batch: number): Promise<void> {
    const views = await Promise.all(ACCOUNTS.map((a) => auditor.evaluate('wallets:GetAccount', { accountId: a.id })));
    const totals: Record<Cur, bigint> = { CNY: 0n, USD: 0n };
    const ledger: Record<string, { available: string; frozen: string }> = {};
    for (const v of views) {
      for (const b of v.balances as { currency: Cur; available: string; frozen: string }[]) {
        const available = BigInt(b.available);
        const frozen = BigInt(b.frozen);
        if (available < 0n || frozen < 0n) throw new Error(`batch ${batch}: negative balance ${v.accountId}`);
        totals[b.currency] += available + frozen;
        if (available !== 0n || frozen !== 0n)
          ledger[`${v.accountId}/${b.currency}`] = { available: b.available, frozen: b.frozen };
      }
    }
    for (const c of CURRENCIES) {
      const currency = await auditor.evaluate('wallets:GetCurrency', { code: c });
      // The invariant, on the ledger's own numbers.
      expect({ batch, c, total: totals[c].toString() }).toEqual({ batch, c, total: currency.outstanding });
      expect({ batch, issued: currency.issued, redeemed: currency.redeemed }).toEqual({
        batch,
        issued: model.supply[c].issued.toString(),
        redeemed: model.supply[c].redeemed.toString(),
      });
    }
    const expected: Record<string, { available: string; frozen: string }> = {};
    for (const [k, h] of model.balances) {
      if (h.available !== 0n || h.frozen !== 0n)
        expected[k] = { available: h.available.toString(), frozen: h.frozen.toString() };
    }
    expect({ batch, balances: ledger }).toEqual({ batch, balances: expected });
  }

  it(`conserves money over ${OPS} random operations by ${OWNERS.length} parties in ${CURRENCIES.length} currencies`, async () => {
    const stats = batchStats();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: OPS, maxLength: OPS }), async (ops) => {
        const model = new Model();
        for (const [i, l] of LINES.entries()) {
          model.lines.push({
            id: lineIds[i]!,
            buyer: l.buyer,
            account: `${l.buyer}-a`,
            cur: l.cur,
            limit: l.limit,
            drawn: 0n,
          });
        }
        for (let start = 0, batch = 0; start < ops.length; start += BATCH, batch++) {
          const planned = await Promise.all(ops.slice(start, start + BATCH).map((op) => plan(op, model)));
          await runBatch(alliance, planned, model, stats);
          await checkLedger(model, batch);
        }
      }),
      { numRuns: 1, endOnFailure: true },
    );
    console.info('property run', JSON.stringify(stats));
    expect(stats.committed + stats.refused + stats.invalid).toBe(OPS);
    for (const op of [
      'issue',
      'transfer',
      'redeem',
      'closeRedemption',
      'compact',
      'request',
      'step',
      'requestOnCredit',
      'lineDraw',
      'lineRepay',
      'recvIssue',
      'recvStep',
    ]) {
      expect({ op, committed: (stats.committedByOp[op] ?? 0) > 0 }).toEqual({ op, committed: true });
    }
  }, 600_000);
});
