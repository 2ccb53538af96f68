import { createHash } from 'node:crypto';
import type { Identity } from '../scenarios/alliance-bootstrap';
import {
  blockToken,
  partyToken,
  txToken,
  type ListingSpec,
  type Operation,
  type Outcome,
  type Step,
} from './operation';
import type { Random } from './prng';

/**
 * The operation generator: a model of what the run created on the ledger (accounts and balances,
 * purchases, redemptions, evidence, proposals, receivables, receipts, credit lines, one member's
 * status) from which it draws, with a seeded generator, the next operation over every contract —
 * valid ones and refusals (400, 403, 404, 409, 422), listings, histories, explorer reads, concurrent
 * debits and `?async=true` writes. The model follows what the reference ledger (devnet) answered, so a
 * guess of the model never derails the run; the expected status only feeds the figures.
 */

const BUYER1: Identity = 'EcommerceMSP:buyer1';
const BUYER2: Identity = 'EcommerceMSP:buyer2';
const STORE1: Identity = 'EcommerceMSP:store1';
const STORE2: Identity = 'EcommerceMSP:store2';
const ARBITRATOR: Identity = 'EcommerceMSP:arbitrator1';
const ORACLE: Identity = 'EcommerceMSP:oracle1';
const BANK1: Identity = 'FinanceMSP:bank1';
const BANK2: Identity = 'FinanceMSP:bank2';
const ISSUER: Identity = 'FinanceMSP:issuer1';
const AUDITOR: Identity = 'FinanceMSP:auditor1';
const PRODUCER: Identity = 'EnergyMSP:producer1';
const CONSUMER: Identity = 'EnergyMSP:consumer1';
/** Party to no record: reads every transaction as a non-party; its own status and roles are exercised. */
const METER: Identity = 'EnergyMSP:meter1';
const ADMINS = {
  EcommerceMSP: 'EcommerceMSP:Admin',
  FinanceMSP: 'FinanceMSP:Admin',
  EnergyMSP: 'EnergyMSP:Admin',
} as const satisfies Record<string, Identity>;
type Msp = keyof typeof ADMINS;

const BUYERS = [BUYER1, BUYER2] as const;
const STORES = [STORE1, STORE2] as const;
const BANKS = [BANK1, BANK2] as const;
/** Receivables: creditors issue against debtors, who repay from their own accounts. */
const CREDITORS = [STORE1, PRODUCER] as const;
const DEBTORS = [BUYER2, CONSUMER] as const;
const RECEIPT_OWNERS = [BUYER2, PRODUCER] as const;
const BORROWERS = [BUYER1, BUYER2] as const;
/** Members that hold accounts. */
const ACCOUNT_OWNERS = [BUYER1, BUYER2, STORE1, STORE2, BANK1, BANK2, PRODUCER, CONSUMER] as const;
/** Everybody who may call something. */
const EVERYONE: readonly Identity[] = [
  BUYER1,
  BUYER2,
  STORE1,
  STORE2,
  ARBITRATOR,
  ORACLE,
  BANK1,
  BANK2,
  ISSUER,
  AUDITOR,
  PRODUCER,
  CONSUMER,
  METER,
  ADMINS.EcommerceMSP,
  ADMINS.FinanceMSP,
  ADMINS.EnergyMSP,
];

type OrderStatus = 'PLACED' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'DISPUTED' | 'ARBITRATED';

interface Account {
  readonly id: string;
  readonly owner: Identity;
  available: bigint;
  frozen: bigint;
}
interface Purchase {
  /** The operation that requested it: its settlement number is `{{tx:ref}}`. */
  readonly ref: number;
  readonly storeOrderNo: string;
  readonly buyer: Identity;
  readonly buyerAccount: Account;
  readonly store: Identity;
  readonly storeAccount: Account;
  amount: bigint;
  status: OrderStatus;
  snapshot: boolean;
}
interface Redemption {
  readonly ref: number;
  readonly account: Account;
  readonly amount: bigint;
  status: 'REQUESTED' | 'EXECUTED' | 'REJECTED' | 'CANCELLED';
}
interface Evidence {
  readonly hash: string;
  readonly owner: Identity;
  /** The anchoring batch's operation, for a batched hash. */
  readonly batch?: number;
}
interface Proposal {
  readonly ref: number;
  readonly proposer: Msp;
  readonly kind: string;
  readonly approvals: Set<Msp>;
  status: 'OPEN' | 'EXECUTED' | 'WITHDRAWN';
}
interface Receivable {
  /** `{{tx:N}}`, or `{{tx:N}}-1` for a part. */
  readonly id: string;
  readonly creditor: Identity;
  readonly debtor: Identity;
  holder: Identity;
  holderAccount: Account;
  readonly amount: bigint;
  status: 'ISSUED' | 'ACCEPTED' | 'REJECTED' | 'FINANCING_REQUESTED' | 'FINANCED' | 'SPLIT' | 'SETTLED' | 'OVERDUE';
  bank?: Identity;
  payout?: Account;
  /** Funded by `bank`: the record keeps its financing (and that bank stays its party) for good. */
  financed?: true;
}
interface Receipt {
  readonly ref: number;
  readonly owner: Identity;
  status: 'ISSUED' | 'PLEDGE_REQUESTED' | 'PLEDGED' | 'RELEASED' | 'CLOSED';
  bank?: Identity;
  loan: bigint;
  repay: bigint;
  ownerAccount?: Account;
  /** The bank's account that funded the pledge: the repayment goes there. */
  bankAccount?: Account;
}
/** The bank a receivable's holder asked, while the request (or its funding) is on record: its only bank party. */
function bankAskedFor(rc: Receivable): Identity | undefined {
  return rc.status === 'FINANCING_REQUESTED' || rc.financed ? rc.bank : undefined;
}
/** The bank of a receipt's pledge, while the pledge is on record: its only bank party. */
function pledgeBankOf(rc: Receipt): Identity | undefined {
  return rc.status === 'PLEDGE_REQUESTED' || rc.status === 'PLEDGED' ? rc.bank : undefined;
}
interface CreditLine {
  readonly ref: number;
  readonly bank: Identity;
  readonly borrower: Identity;
  readonly funding: Account;
  readonly limit: bigint;
  drawn: bigint;
  status: 'ACTIVE' | 'CLOSED';
}

/** Records the run created, for the final read-back of world state. */
export interface RunRecords {
  readonly accounts: readonly { readonly id: string; readonly owner: Identity }[];
  readonly purchases: readonly {
    readonly ref: number;
    readonly storeOrderNo: string;
    readonly buyer: Identity;
    readonly store: Identity;
  }[];
  readonly redemptions: readonly { readonly ref: number; readonly owner: Identity }[];
  readonly evidence: readonly { readonly hash: string; readonly owner: Identity; readonly batched: boolean }[];
  readonly batches: readonly { readonly ref: number; readonly owner: Identity }[];
  readonly proposals: readonly number[];
  readonly receivables: readonly { readonly id: string; readonly creditor: Identity }[];
  readonly receipts: readonly { readonly ref: number; readonly owner: Identity }[];
  readonly creditLines: readonly { readonly ref: number; readonly borrower: Identity }[];
  /** Writes that committed, by operation index: their transactions are read back too. */
  readonly writes: readonly number[];
}

export interface GeneratorOptions {
  readonly random: Random;
  /** Shared by every target of the run: ids and hashes carry it, so that they are new on a ledger that keeps state. */
  readonly runId: string;
  /** The run's currency (registered at bootstrap on every target). */
  readonly currency: string;
  /** The run's start: due times are chosen from it, the same on every target. */
  readonly startedAt: number;
  /** Times the operations write (due times): the normaliser keeps them, so they must come back unchanged. */
  readonly chosenTimes: Set<string>;
}

type Apply = (outcome: Outcome) => void;

export class OperationGenerator {
  readonly #random: Random;
  readonly #runId: string;
  readonly #currency: string;
  readonly #startedAt: number;
  readonly #chosenTimes: Set<string>;
  #index = 0;
  #serial = 0;
  readonly #applies = new Map<number, Apply>();
  readonly #queue: (() => Step)[];

  readonly #accounts: Account[] = [];
  readonly #purchases: Purchase[] = [];
  readonly #redemptions: Redemption[] = [];
  readonly #evidence: Evidence[] = [];
  readonly #batches: { ref: number; owner: Identity; leaves: string[] }[] = [];
  readonly #proposals: Proposal[] = [];
  readonly #receivables: Receivable[] = [];
  readonly #receipts: Receipt[] = [];
  readonly #lines: CreditLine[] = [];
  readonly #writes: number[] = [];
  /** meter1's registry state and list entry, which member and consortium operations move. */
  #meter = { active: true, roles: ['oracle'] as string[], listed: false };
  /** Writes that committed, for explorer reads. */
  readonly #committed: number[] = [];

  constructor(options: GeneratorOptions) {
    this.#random = options.random;
    this.#runId = options.runId;
    this.#currency = options.currency;
    this.#startedAt = options.startedAt;
    this.#chosenTimes = options.chosenTimes;
    // First every owner opens an account and is funded; buyers and banks get a second account. Later
    // steps that must follow one another (an idempotent replay) are queued here too.
    this.#queue = [
      ...ACCOUNT_OWNERS.map((owner) => () => this.#openAccount(owner, true)),
      ...[BUYER1, BUYER2, BANK1, BANK2].map((owner) => () => this.#openAccount(owner, true)),
      ...ACCOUNT_OWNERS.map((owner) => () => this.#issueTo(owner, 1_000_000n)),
      ...[BANK1, BANK2].map((owner) => () => this.#issueTo(owner, 5_000_000n)),
    ];
  }

  /** The next step of the run. */
  next(): Step {
    const prelude = this.#queue.shift();
    if (prelude) return prelude();
    for (;;) {
      const action = this.#random.weighted(this.#weights());
      const act = this.#actions[action];
      if (!act) throw new Error(`no action ${action}`);
      const step = act();
      if (step) return step;
    }
  }

  /** What the reference ledger answered for a step's operations: the model follows it. */
  observe(step: Step, outcomes: readonly Outcome[]): void {
    const ops = step.type === 'single' ? [step.op] : step.ops;
    ops.forEach((op, i) => {
      const outcome = outcomes[i];
      if (!outcome) return;
      // A concurrent group's winners may differ from ledger to ledger: its transactions are not referred to later.
      if (step.type === 'single' && op.method === 'POST' && succeeded(outcome)) {
        this.#writes.push(op.index);
        this.#committed.push(op.index);
      }
      this.#applies.get(op.index)?.(outcome);
      this.#applies.delete(op.index);
    });
  }

  /** Everything the run created, for the final read-back. */
  records(): RunRecords {
    return {
      accounts: this.#accounts.map((a) => ({ id: a.id, owner: a.owner })),
      purchases: this.#purchases.map((p) => ({
        ref: p.ref,
        storeOrderNo: p.storeOrderNo,
        buyer: p.buyer,
        store: p.store,
      })),
      redemptions: this.#redemptions.map((r) => ({ ref: r.ref, owner: r.account.owner })),
      evidence: this.#evidence.map((e) => ({ hash: e.hash, owner: e.owner, batched: e.batch !== undefined })),
      batches: this.#batches.map((b) => ({ ref: b.ref, owner: b.owner })),
      proposals: this.#proposals.map((p) => p.ref),
      receivables: this.#receivables.map((r) => ({ id: r.id, creditor: r.creditor })),
      receipts: this.#receipts.map((r) => ({ ref: r.ref, owner: r.owner })),
      creditLines: this.#lines.map((l) => ({ ref: l.ref, borrower: l.borrower })),
      writes: [...this.#writes],
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Building operations

  #op(fields: Omit<Operation, 'index'> & { readonly apply?: Apply }): Operation {
    const { apply, ...rest } = fields;
    const op: Operation = { index: this.#index++, ...rest };
    if (apply) this.#applies.set(op.index, apply);
    return op;
  }

  #single(fields: Omit<Operation, 'index'> & { readonly apply?: Apply }): Step {
    return { type: 'single', op: this.#op(fields) };
  }

  #id(label: string): string {
    this.#serial += 1;
    return `${label}${this.#serial}-${this.#runId}`;
  }

  /** A SHA-256 unique to the run and equal on every target. */
  #hash(label: string): string {
    this.#serial += 1;
    return createHash('sha256').update(`${this.#runId}/${label}/${this.#serial}`).digest('hex');
  }

  #amount(min: number, max: number): bigint {
    return BigInt(this.#random.between(min, max));
  }

  #accountsOf(owner: Identity): Account[] {
    return this.#accounts.filter((a) => a.owner === owner);
  }

  #richest(owner: Identity): Account | undefined {
    return this.#accountsOf(owner).reduce<Account | undefined>(
      (best, a) => (best === undefined || a.available > best.available ? a : best),
      undefined,
    );
  }

  /**
   * Mostly a record for which `step` is allowed (so flows run to their end), sometimes any record (so
   * refusals of illegal steps come up too).
   */
  #pickFor<T>(records: readonly T[], allowed: (record: T) => boolean): T {
    const fit = records.filter(allowed);
    return fit.length > 0 && this.#random.chance(0.8) ? this.#random.pick(fit) : this.#random.pick(records);
  }

  /** The account of `owner` with the most available funds (every owner opens one in the prelude). */
  #richestOf(owner: Identity): Account {
    const account = this.#richest(owner);
    if (!account) throw new Error(`${owner} has no account`);
    return account;
  }

  /**
   * A page size: small ones walk many bookmarks; listings that grow through the run (every owner's
   * evidence, proposals, currencies, credit records) take larger ones, so that long runs stay fast.
   */
  #listing(order: ListingSpec['order'], long = false): ListingSpec {
    return { pageSize: this.#random.pick(long ? [7, 20, 100] : [1, 2, 3, 7, 20, 100]), order };
  }

  /** Someone who is none of `parties` (nor an auditor): for refusals of reads and writes. */
  #outsider(...parties: Identity[]): Identity {
    return this.#random.pick(
      [BUYER1, BUYER2, STORE1, STORE2, PRODUCER, CONSUMER, BANK2].filter((i) => !parties.includes(i)),
    );
  }

  #snapshot(storeOrderNo: string, amount: bigint): Record<string, unknown> {
    const first = amount / 2n;
    return {
      storeOrderNo,
      currency: this.#currency,
      amount: amount.toString(),
      items: [
        { name: 'Tea set', model: 'TS-2', quantity: 1, unitPrice: first.toString() },
        { name: 'Green tea', spec: '250 g', quantity: 1, unitPrice: (amount - first).toString(), origin: 'Hangzhou' },
      ],
      shippingAddress: { recipient: 'Li Wei', line1: '1 Example Road', city: 'Beijing', country: 'CN' },
    };
  }

  /** A due time 60–400 days ahead at 12:00 UTC: the same instant on every target, far from any deadline. */
  #dueAt(): string {
    const day = 86_400_000;
    const base = Math.floor(this.#startedAt / day) * day + day / 2;
    const dueAt = new Date(base + this.#random.between(60, 400) * day).toISOString().replace('.000Z', 'Z');
    this.#chosenTimes.add(dueAt);
    return dueAt;
  }

  // ---------------------------------------------------------------------------------------------
  // Wallets

  #openAccount(owner: Identity, prelude = false): Step {
    const accountId = this.#id('a');
    return this.#single({
      kind: prelude ? 'accounts.open(prelude)' : 'accounts.open',
      as: owner,
      method: 'POST',
      path: '/accounts',
      body: { accountId },
      expect: 201,
      apply: (o) => {
        if (o.status === 201) this.#accounts.push({ id: accountId, owner, available: 0n, frozen: 0n });
      },
    });
  }

  #issueTo(owner: Identity, amount: bigint): Step {
    const account = this.#accountsOf(owner)[0];
    if (!account) throw new Error(`no account of ${owner}`);
    return this.#issue(account, amount, 'issuances.issue(prelude)');
  }

  #issue(account: Account, amount: bigint, kind = 'issuances.issue', async = false): Step {
    return this.#single({
      kind: async ? `${kind}(async)` : kind,
      as: ISSUER,
      method: 'POST',
      path: '/issuances',
      body: {
        currency: this.#currency,
        accountId: account.id,
        amount: amount.toString(),
        reference: `ref-${this.#index}`,
      },
      ...(async ? { async: true } : {}),
      expect: async ? 202 : 201,
      apply: (o) => {
        if (succeeded(o)) account.available += amount;
      },
    });
  }

  /**
   * A transfer with an `Idempotency-Key`, then a step later the same request again: the replay answers
   * the first response (`Idempotent-Replayed: true`) and moves no money. The same key with another
   * body is refused (422).
   */
  #idempotentPair(from: Account, to: Account, amount: bigint): Step {
    const key = `k${this.#index}-${this.#runId}`;
    const body = { fromAccountId: from.id, toAccountId: to.id, currency: this.#currency, amount: amount.toString() };
    const first = this.#op({
      kind: 'transfers.transfer+idempotency-key',
      as: from.owner,
      method: 'POST',
      path: '/transfers',
      body,
      idempotencyKey: key,
      expect: 201,
      apply: (o) => {
        if (!succeeded(o)) return;
        from.available -= amount;
        to.available += amount;
      },
    });
    const reused = this.#random.chance(0.3);
    this.#queue.push(() =>
      this.#single({
        kind: reused ? 'transfers.idempotency-key.reused' : 'transfers.idempotent-replay',
        as: from.owner,
        method: 'POST',
        path: '/transfers',
        body: reused ? { ...body, amount: (amount + 1n).toString() } : body,
        idempotencyKey: key,
        expect: reused ? 422 : 201,
      }),
    );
    return { type: 'single', op: first };
  }

  readonly #actions: Record<string, () => Step | undefined> = {
    accountOpen: () => {
      const r = this.#random.next();
      if (r < 0.7) return this.#openAccount(this.#random.pick(ACCOUNT_OWNERS));
      if (r < 0.8) {
        const existing = this.#random.pick(this.#accounts);
        return this.#single({
          kind: 'accounts.open.duplicate',
          as: existing.owner,
          method: 'POST',
          path: '/accounts',
          body: { accountId: existing.id },
          expect: 409,
        });
      }
      if (r < 0.9) {
        return this.#single({
          kind: 'accounts.open.admin-forbidden',
          as: ADMINS.FinanceMSP,
          method: 'POST',
          path: '/accounts',
          body: { accountId: this.#id('x') },
          expect: 403,
        });
      }
      return this.#single({
        kind: 'accounts.open.bad-input',
        as: BUYER1,
        method: 'POST',
        path: '/accounts',
        body: { accountId: 'not an id!', extra: true },
        expect: 400,
      });
    },

    issue: () => {
      const account = this.#random.pick(this.#accounts);
      const r = this.#random.next();
      if (r < 0.7)
        return this.#issue(account, this.#amount(1_000, 200_000), 'issuances.issue', this.#random.chance(0.3));
      if (r < 0.8) {
        return this.#single({
          kind: 'issuances.issue.forbidden',
          as: this.#random.pick([BANK1, BUYER1]),
          method: 'POST',
          path: '/issuances',
          body: { currency: this.#currency, accountId: account.id, amount: '100' },
          expect: 403,
        });
      }
      if (r < 0.9) {
        return this.#single({
          kind: 'issuances.issue.missing-account',
          as: ISSUER,
          method: 'POST',
          path: '/issuances',
          body: { currency: this.#currency, accountId: this.#id('missing'), amount: '100' },
          expect: 404,
        });
      }
      return this.#single({
        kind: 'issuances.issue.bad-amount',
        as: ISSUER,
        method: 'POST',
        path: '/issuances',
        body: { currency: this.#currency, accountId: account.id, amount: this.#random.pick(['1.5', '-1', '01', '']) },
        expect: 400,
      });
    },

    transfer: () => {
      const from = this.#random.pick(this.#accounts);
      const to = this.#random.pick(this.#accounts.filter((a) => a !== from));
      const r = this.#random.next();
      if (r < 0.6 && from.available > 0n) {
        const amount = BigInt(1 + this.#random.below(Number(from.available < 50_000n ? from.available : 50_000n)));
        const async = this.#random.chance(0.2);
        if (!async && this.#random.chance(0.15)) return this.#idempotentPair(from, to, amount);
        return this.#single({
          kind: async ? 'transfers.transfer(async)' : 'transfers.transfer',
          as: from.owner,
          method: 'POST',
          path: '/transfers',
          body: {
            fromAccountId: from.id,
            toAccountId: to.id,
            currency: this.#currency,
            amount: amount.toString(),
            memo: `m${this.#index}`,
          },
          ...(async ? { async: true } : {}),
          expect: async ? 202 : 201,
          apply: (o) => {
            if (succeeded(o)) {
              from.available -= amount;
              to.available += amount;
            }
          },
        });
      }
      if (r < 0.75) {
        return this.#single({
          kind: 'transfers.insufficient',
          as: from.owner,
          method: 'POST',
          path: '/transfers',
          body: {
            fromAccountId: from.id,
            toAccountId: to.id,
            currency: this.#currency,
            amount: (from.available + 1_000_000_000n).toString(),
          },
          expect: 422,
        });
      }
      if (r < 0.85) {
        return this.#single({
          kind: 'transfers.forbidden',
          as: this.#outsider(from.owner),
          method: 'POST',
          path: '/transfers',
          body: { fromAccountId: from.id, toAccountId: to.id, currency: this.#currency, amount: '1' },
          expect: 403,
        });
      }
      if (r < 0.93) {
        return this.#single({
          kind: 'transfers.missing-account',
          as: from.owner,
          method: 'POST',
          path: '/transfers',
          body: { fromAccountId: from.id, toAccountId: this.#id('missing'), currency: this.#currency, amount: '1' },
          expect: 404,
        });
      }
      return this.#single({
        kind: 'transfers.bad-input',
        as: from.owner,
        method: 'POST',
        path: '/transfers',
        body: { fromAccountId: from.id, toAccountId: to.id, currency: this.#currency, amount: 5 },
        expect: 400,
      });
    },

    concurrentDebits: () => {
      // Several debits of one account at once whose total exceeds its balance: some pay, the rest are refused.
      const from = this.#random.pick(this.#accounts.filter((a) => a.available >= 100n));
      const to = this.#random.pick(this.#accounts.filter((a) => a !== from));
      const count = this.#random.between(3, 4);
      const winners = this.#random.between(1, count - 1);
      // winners × amount ≤ available < (winners + 1) × amount
      const amount = from.available / BigInt(winners + 1) + 1n;
      const ops = Array.from({ length: count }, () =>
        this.#op({
          kind: 'transfers.concurrent',
          as: from.owner,
          method: 'POST',
          path: '/transfers',
          body: { fromAccountId: from.id, toAccountId: to.id, currency: this.#currency, amount: amount.toString() },
          expect: 0,
          apply: (o) => {
            if (o.status === 201) {
              from.available -= amount;
              to.available += amount;
            }
          },
        }),
      );
      return { type: 'concurrent', ops };
    },

    concurrentCredits: () => {
      // Many issuances into one account at once: credits are blind rows, so all commit (in shared blocks);
      // after a few groups the account holds more pending rows than one range-query batch (100) carries.
      const account = this.#random.pick(this.#accounts);
      const count = this.#random.between(5, 25);
      const amount = this.#amount(1, 100);
      const ops = Array.from({ length: count }, () =>
        this.#op({
          kind: 'issuances.concurrent',
          as: ISSUER,
          method: 'POST',
          path: '/issuances',
          body: { currency: this.#currency, accountId: account.id, amount: amount.toString(), reference: 'bulk' },
          expect: 201,
          apply: (o) => {
            if (succeeded(o)) account.available += amount;
          },
        }),
      );
      return { type: 'concurrent', ops };
    },

    compaction: () => {
      const account = this.#random.pick(this.#accounts);
      const forbidden = this.#random.chance(0.2);
      return this.#single({
        kind: forbidden ? 'accounts.compaction.forbidden' : 'accounts.compaction',
        as: forbidden ? this.#outsider(account.owner) : account.owner,
        method: 'POST',
        path: `/accounts/${account.id}/compaction`,
        body: { currency: this.#currency },
        expect: forbidden ? 403 : 200,
      });
    },

    accountRead: () => {
      const account = this.#random.pick(this.#accounts);
      const r = this.#random.next();
      const reader = r < 0.6 ? account.owner : r < 0.8 ? AUDITOR : this.#outsider(account.owner);
      const expect = r < 0.8 ? 200 : 403;
      if (this.#random.chance(0.1)) {
        return this.#single({
          kind: 'accounts.get.missing',
          as: AUDITOR,
          method: 'GET',
          path: `/accounts/${this.#id('missing')}`,
          expect: 404,
        });
      }
      if (this.#random.chance(0.5)) {
        return this.#single({
          kind: 'accounts.balance',
          as: reader,
          method: 'GET',
          path: `/accounts/${account.id}/balances/${this.#currency}`,
          expect,
          apply: (o) => {
            // The model follows the ledger's balances (a concurrent group's winners are known only here).
            if (o.status === 200) {
              const b = o.body as { available: string; frozen: string };
              account.available = BigInt(b.available);
              account.frozen = BigInt(b.frozen);
            }
          },
        });
      }
      return this.#single({ kind: 'accounts.get', as: reader, method: 'GET', path: `/accounts/${account.id}`, expect });
    },

    accountList: () => {
      const owner = this.#random.pick(ACCOUNT_OWNERS);
      const auditor = this.#random.chance(0.3);
      return this.#single({
        kind: auditor ? 'accounts.list(auditor)' : 'accounts.list',
        as: auditor ? AUDITOR : owner,
        method: 'GET',
        path: '/accounts',
        query: auditor ? { owner: partyToken(owner) } : {},
        listing: this.#listing('key'),
        expect: 200,
      });
    },

    // -------------------------------------------------------------------------------------------
    // Redemptions

    redemptionRequest: () => {
      const account = this.#random.pick(this.#accounts.filter((a) => a.owner !== BANK1 && a.owner !== BANK2));
      if (this.#random.chance(0.15)) {
        return this.#single({
          kind: 'redemptions.request.insufficient',
          as: account.owner,
          method: 'POST',
          path: '/redemptions',
          body: {
            accountId: account.id,
            currency: this.#currency,
            amount: (account.available + 10n ** 12n).toString(),
          },
          expect: 422,
        });
      }
      if (account.available < 10n) return undefined;
      const amount = this.#amount(1, Math.min(5_000, Number(account.available)));
      const index = this.#index;
      return this.#single({
        kind: 'redemptions.request',
        as: account.owner,
        method: 'POST',
        path: '/redemptions',
        body: { accountId: account.id, currency: this.#currency, amount: amount.toString() },
        expect: 201,
        apply: (o) => {
          if (o.status !== 201) return;
          account.available -= amount;
          account.frozen += amount;
          this.#redemptions.push({ ref: index, account, amount, status: 'REQUESTED' });
        },
      });
    },

    redemptionStep: () => {
      const redemption = this.#pickFor(this.#redemptions, (r) => r.status === 'REQUESTED');
      const open = redemption.status === 'REQUESTED';
      const step = this.#random.pick(['execution', 'rejection', 'cancellation'] as const);
      const by = step === 'cancellation' ? redemption.account.owner : ISSUER;
      const forbidden = this.#random.chance(0.15);
      const expect = forbidden ? 403 : open ? 200 : 409;
      return this.#single({
        kind: `redemptions.${step}${forbidden ? '.forbidden' : open ? '' : '.illegal-state'}`,
        as: forbidden ? (step === 'cancellation' ? ISSUER : this.#outsider(redemption.account.owner)) : by,
        method: 'POST',
        path: `/redemptions/${txToken(redemption.ref)}/${step}`,
        ...(step === 'rejection' ? { body: { reason: 'not today' } } : {}),
        expect,
        apply: (o) => {
          if (o.status !== 200) return;
          const a = redemption.account;
          a.frozen -= redemption.amount;
          if (step !== 'execution') a.available += redemption.amount;
          redemption.status = step === 'execution' ? 'EXECUTED' : step === 'rejection' ? 'REJECTED' : 'CANCELLED';
        },
      });
    },

    redemptionRead: () => {
      const r = this.#random.next();
      if (r < 0.5 && this.#redemptions.length > 0) {
        const redemption = this.#random.pick(this.#redemptions);
        const reader = this.#random.pick([redemption.account.owner, ISSUER, AUDITOR, METER]);
        return this.#single({
          kind: 'redemptions.get',
          as: reader,
          method: 'GET',
          path: `/redemptions/${txToken(redemption.ref)}`,
          expect: reader === METER ? 403 : 200,
        });
      }
      // The run's currency makes these listings the run's own: compared page by page.
      const status = this.#random.pick(['REQUESTED', 'EXECUTED', 'REJECTED', 'CANCELLED'] as const);
      const reader = this.#random.pick([ISSUER, AUDITOR, BUYER1]);
      // Sometimes a page size that divides the listing exactly: the last full page must end it.
      const listed = this.#redemptions.filter((x) => x.status === status).length;
      const exact = listed > 0 && listed <= 100 && this.#random.chance(0.4);
      return this.#single({
        kind: reader === BUYER1 ? 'redemptions.list.forbidden' : 'redemptions.list',
        as: reader,
        method: 'GET',
        path: '/redemptions',
        query: { currency: this.#currency, status },
        ...(reader === BUYER1
          ? {}
          : {
              listing: exact
                ? { pageSize: this.#random.pick([listed, Math.max(1, Math.floor(listed / 2))]), order: 'set' as const }
                : this.#listing('set'),
            }),
        expect: reader === BUYER1 ? 403 : 200,
      });
    },

    // -------------------------------------------------------------------------------------------
    // Settlements and orders

    purchase: () => {
      const buyer = this.#random.pick(BUYERS);
      const store = this.#random.pick(STORES);
      const buyerAccount = this.#richest(buyer);
      const storeAccount = this.#random.pick(this.#accountsOf(store));
      if (!buyerAccount) return undefined;
      this.#serial += 1;
      const storeOrderNo = `${storeAccount.id}-o${this.#serial}`;
      const r = this.#random.next();
      if (r < 0.08) {
        return this.#single({
          kind: 'settlements.request.insufficient',
          as: buyer,
          method: 'POST',
          path: '/settlements',
          body: {
            storeOrderNo,
            buyerAccountId: buyerAccount.id,
            storeAccountId: storeAccount.id,
            currency: this.#currency,
            amount: (buyerAccount.available + 10n ** 12n).toString(),
          },
          expect: 422,
        });
      }
      if (r < 0.13) {
        return this.#single({
          kind: 'settlements.request.forbidden',
          as: store,
          method: 'POST',
          path: '/settlements',
          body: {
            storeOrderNo,
            buyerAccountId: buyerAccount.id,
            storeAccountId: storeAccount.id,
            currency: this.#currency,
            amount: '100',
          },
          expect: 403,
        });
      }
      if (r < 0.17) {
        return this.#single({
          kind: 'settlements.request.bad-input',
          as: buyer,
          method: 'POST',
          path: '/settlements',
          body: {
            storeOrderNo: `other-${storeOrderNo}`,
            buyerAccountId: buyerAccount.id,
            storeAccountId: storeAccount.id,
            currency: this.#currency,
            amount: '100',
            timeLimitSeconds: 5,
          },
          expect: 400,
        });
      }
      if (buyerAccount.available < 200n) return undefined;
      const amount = this.#amount(100, Math.min(20_000, Number(buyerAccount.available)));
      const snapshot = this.#random.chance(0.5);
      const async = this.#random.chance(0.15);
      const index = this.#index;
      return this.#single({
        kind: `settlements.request${snapshot ? '+snapshot' : ''}${async ? '(async)' : ''}`,
        as: buyer,
        method: 'POST',
        path: '/settlements',
        body: {
          storeOrderNo,
          buyerAccountId: buyerAccount.id,
          storeAccountId: storeAccount.id,
          currency: this.#currency,
          amount: amount.toString(),
          ...(this.#random.chance(0.3) ? { timeLimitSeconds: this.#random.pick([3_600, 86_400, 604_800]) } : {}),
          ...(snapshot ? { order: this.#snapshot(storeOrderNo, amount) } : {}),
        },
        ...(async ? { async: true } : {}),
        expect: async ? 202 : 201,
        apply: (o) => {
          if (!succeeded(o)) return;
          buyerAccount.available -= amount;
          buyerAccount.frozen += amount;
          this.#purchases.push({
            ref: index,
            storeOrderNo,
            buyer,
            buyerAccount,
            store,
            storeAccount,
            amount,
            status: 'PLACED',
            snapshot,
          });
        },
      });
    },

    purchaseWithCreditLine: () => {
      // Step 1b: a shortfall drawn on the buyer's own line.
      const line = this.#random.pick(this.#lines.filter((l) => l.status === 'ACTIVE'));
      const buyerAccount = this.#richest(line.borrower);
      const store = this.#random.pick(STORES);
      const storeAccount = this.#random.pick(this.#accountsOf(store));
      if (!buyerAccount) return undefined;
      this.#serial += 1;
      const storeOrderNo = `${storeAccount.id}-c${this.#serial}`;
      const shortfall = this.#amount(1, 2_000);
      const amount = buyerAccount.available + shortfall;
      const index = this.#index;
      const fits = line.drawn + shortfall <= line.limit && line.funding.available >= shortfall;
      return this.#single({
        kind: fits ? 'settlements.request+credit-line' : 'settlements.request+credit-line.insufficient',
        as: line.borrower,
        method: 'POST',
        path: '/settlements',
        body: {
          storeOrderNo,
          buyerAccountId: buyerAccount.id,
          storeAccountId: storeAccount.id,
          currency: this.#currency,
          amount: amount.toString(),
          creditLineId: txToken(line.ref),
        },
        expect: fits ? 201 : 422,
        apply: (o) => {
          if (o.status !== 201) return;
          line.drawn += shortfall;
          line.funding.available -= shortfall;
          buyerAccount.available = 0n;
          buyerAccount.frozen += amount;
          this.#purchases.push({
            ref: index,
            storeOrderNo,
            buyer: line.borrower,
            buyerAccount,
            store,
            storeAccount,
            amount,
            status: 'PLACED',
            snapshot: false,
          });
        },
      });
    },

    purchaseUpdate: () => {
      // The same store order again while PLACED or PAID updates the open settlement.
      const p = this.#random.pick(this.#purchases);
      const open = p.status === 'PLACED' || p.status === 'PAID';
      const amount = p.amount + this.#amount(1, 500);
      if (p.buyerAccount.available < 500n) return undefined;
      const snapshot = this.#random.chance(0.5);
      return this.#single({
        kind: open ? 'settlements.update' : 'settlements.update.illegal-state',
        as: p.buyer,
        method: 'POST',
        path: '/settlements',
        body: {
          storeOrderNo: p.storeOrderNo,
          buyerAccountId: p.buyerAccount.id,
          storeAccountId: p.storeAccount.id,
          currency: this.#currency,
          amount: amount.toString(),
          ...(snapshot ? { order: this.#snapshot(p.storeOrderNo, amount) } : {}),
        },
        expect: open ? 201 : 409,
        apply: (o) => {
          if (o.status !== 201) return;
          p.buyerAccount.available -= amount - p.amount;
          p.buyerAccount.frozen += amount - p.amount;
          p.amount = amount;
          p.status = 'PLACED';
          p.snapshot = snapshot;
        },
      });
    },

    fulfil: () => {
      const step = this.#random.weighted({ acknowledge: 3, ship: 3, deliver: 2, expire: 1 });
      const wanted: OrderStatus = step === 'acknowledge' ? 'PLACED' : step === 'ship' ? 'PAID' : 'SHIPPED';
      const p = this.#pickFor(this.#purchases, (x) => x.status === wanted);
      const allowed =
        step === 'acknowledge' ? p.status === 'PLACED' : step === 'ship' ? p.status === 'PAID' : p.status === 'SHIPPED';
      if (step === 'expire') {
        // Before the release deadline (or not shipped): refused; the keeper never acts within a run.
        return this.#single({
          kind: 'settlements.expiration.before-deadline',
          as: this.#random.pick([METER, p.store, ADMINS.EnergyMSP]),
          method: 'POST',
          path: `/settlements/${txToken(p.ref)}/expiration`,
          expect: 409,
        });
      }
      const forbidden = this.#random.chance(0.12);
      const by = step === 'deliver' ? ORACLE : p.store;
      const path =
        step === 'acknowledge'
          ? `/stores/${p.store}/orders/${p.storeOrderNo}/payment-acknowledgement`
          : step === 'ship'
            ? `/stores/${p.store}/orders/${p.storeOrderNo}/shipment`
            : `/stores/${p.store}/orders/${p.storeOrderNo}/delivery`;
      const body =
        step === 'ship'
          ? { carrier: 'SF Express', trackingNo: `SF${this.#index}` }
          : step === 'deliver'
            ? this.#random.chance(0.5)
              ? { proofHash: this.#hash('delivery') }
              : {}
            : undefined;
      const next: OrderStatus = step === 'acknowledge' ? 'PAID' : step === 'ship' ? 'SHIPPED' : 'DELIVERED';
      const async = allowed && !forbidden && this.#random.chance(0.15);
      return this.#single({
        kind: `orders.${step}${forbidden ? '.forbidden' : allowed ? '' : '.illegal-state'}`,
        as: forbidden ? (step === 'deliver' ? p.store : p.buyer) : by,
        method: 'POST',
        path,
        ...(body === undefined ? {} : { body }),
        ...(async ? { async: true } : {}),
        expect: forbidden ? 403 : allowed ? (async ? 202 : 200) : 409,
        apply: (o) => {
          if (succeeded(o)) p.status = next;
        },
      });
    },

    close: () => {
      const how = this.#random.weighted({ confirm: 4, cancel: 2, dispute: 2, arbitrate: 2 });
      const p = this.#pickFor(this.#purchases, (x) =>
        how === 'cancel'
          ? x.status === 'PLACED' || x.status === 'PAID'
          : how === 'arbitrate'
            ? x.status === 'DISPUTED'
            : x.status === 'SHIPPED' || x.status === 'DELIVERED',
      );
      const shipped = p.status === 'SHIPPED' || p.status === 'DELIVERED';
      const settle = (storeAmount: bigint, status: OrderStatus) => (o: Outcome) => {
        if (!succeeded(o)) return;
        p.buyerAccount.frozen -= p.amount;
        p.buyerAccount.available += p.amount - storeAmount;
        p.storeAccount.available += storeAmount;
        p.status = status;
      };
      const path = (step: string): string => `/settlements/${txToken(p.ref)}/${step}`;
      if (how === 'confirm') {
        const r = this.#random.next();
        if (r < 0.1) {
          return this.#single({
            kind: 'settlements.confirmation.too-much',
            as: p.buyer,
            method: 'POST',
            path: path('confirmation'),
            body: { amountToPay: (p.amount + 1n).toString() },
            // The amount is checked before the order's state (release.service.ts).
            expect: 400,
          });
        }
        if (r < 0.2) {
          return this.#single({
            kind: 'settlements.confirmation.forbidden',
            as: p.store,
            method: 'POST',
            path: path('confirmation'),
            body: { amountToPay: p.amount.toString() },
            expect: 403,
          });
        }
        const deduction = this.#random.chance(0.4);
        const pay = deduction ? p.amount - this.#amount(1, Number(p.amount < 50n ? p.amount : 50n)) : p.amount;
        return this.#single({
          kind: `settlements.confirmation${deduction ? '+deduction' : ''}${shipped ? '' : '.illegal-state'}`,
          as: p.buyer,
          method: 'POST',
          path: path('confirmation'),
          body: { amountToPay: pay.toString() },
          expect: shipped ? 200 : 409,
          apply: settle(pay, 'COMPLETED'),
        });
      }
      if (how === 'cancel') {
        const open = p.status === 'PLACED' || p.status === 'PAID';
        const by = this.#random.pick([p.buyer, p.store, ARBITRATOR]);
        return this.#single({
          kind: `settlements.cancellation${by === ARBITRATOR ? '.forbidden' : open ? '' : '.illegal-state'}`,
          as: by,
          method: 'POST',
          path: path('cancellation'),
          body: this.#random.chance(0.5) ? { reason: 'changed my mind' } : {},
          expect: by === ARBITRATOR ? 403 : open ? 200 : 409,
          apply: settle(0n, 'CANCELLED'),
        });
      }
      if (how === 'dispute') {
        return this.#single({
          kind: `settlements.dispute${shipped ? '' : '.illegal-state'}`,
          as: p.buyer,
          method: 'POST',
          path: path('dispute'),
          body: { reason: 'the tea is green', ...(this.#random.chance(0.5) ? { evidenceHash: this.#hash('d') } : {}) },
          expect: shipped ? 200 : 409,
          apply: (o) => {
            if (succeeded(o)) p.status = 'DISPUTED';
          },
        });
      }
      const disputed = p.status === 'DISPUTED';
      const forbidden = this.#random.chance(0.15);
      const storeAmount = BigInt(this.#random.below(Number(p.amount) + 1));
      return this.#single({
        kind: `settlements.arbitration${forbidden ? '.forbidden' : disputed ? '' : '.illegal-state'}`,
        as: forbidden ? p.buyer : ARBITRATOR,
        method: 'POST',
        path: path('arbitration'),
        body: { storeAmount: storeAmount.toString(), ruling: 'split as evidenced' },
        expect: forbidden ? 403 : disputed ? 200 : 409,
        apply: settle(storeAmount, 'ARBITRATED'),
      });
    },

    purchaseRead: () => {
      const p = this.#random.pick(this.#purchases);
      const what = this.#random.weighted({
        settlement: 3,
        order: 2,
        details: 3,
        settlementHistory: 1,
        orderHistory: 1,
      });
      const party = this.#random.pick([p.buyer, p.store, AUDITOR, ARBITRATOR]);
      // Non-parties: another buyer or store (same org), a bank (a collection member org), an energy member.
      const outsider = this.#random.pick([this.#outsider(p.buyer, p.store), BANK1, PRODUCER]);
      const asParty = this.#random.chance(0.75);
      const reader = asParty ? party : outsider;
      const path =
        what === 'settlement'
          ? `/settlements/${txToken(p.ref)}`
          : what === 'settlementHistory'
            ? `/settlements/${txToken(p.ref)}/history`
            : what === 'order'
              ? `/stores/${p.store}/orders/${p.storeOrderNo}`
              : what === 'orderHistory'
                ? `/stores/${p.store}/orders/${p.storeOrderNo}/history`
                : `/stores/${p.store}/orders/${p.storeOrderNo}/details`;
      const expect = !asParty ? 403 : what === 'details' && !p.snapshot ? 404 : 200;
      return this.#single({
        kind: `purchases.${what}${asParty ? '' : '.non-party'}`,
        as: reader,
        method: 'GET',
        path,
        expect,
      });
    },

    purchaseMissing: () => {
      const r = this.#random.next();
      const missingTx = this.#hash('missing-settlement');
      return this.#single(
        r < 0.5
          ? {
              kind: 'settlements.get.missing',
              as: AUDITOR,
              method: 'GET',
              path: `/settlements/${missingTx}`,
              expect: 404,
            }
          : r < 0.8
            ? {
                kind: 'orders.get.missing',
                as: AUDITOR,
                method: 'GET',
                path: `/stores/${this.#random.pick(STORES)}/orders/${this.#id('no')}`,
                expect: 404,
              }
            : {
                kind: 'settlements.get.bad-id',
                as: AUDITOR,
                method: 'GET',
                path: '/settlements/not-a-tx',
                expect: 400,
              },
      );
    },

    purchaseList: () => {
      const r = this.#random.next();
      if (r < 0.35) {
        const buyer = this.#random.pick(BUYERS);
        return this.#single({
          kind: 'settlements.list(buyer)',
          as: buyer,
          method: 'GET',
          path: '/settlements',
          query: { by: 'buyer' },
          listing: this.#listing('set'),
          expect: 200,
        });
      }
      if (r < 0.65) {
        const store = this.#random.pick(STORES);
        return this.#single({
          kind: 'orders.list(store)',
          as: this.#random.chance(0.5) ? store : AUDITOR,
          method: 'GET',
          path: '/orders',
          query: { by: 'store', value: partyToken(store) },
          listing: this.#listing('key'),
          expect: 200,
        });
      }
      if (r < 0.85) {
        const status = this.#random.pick(['DISPUTED', 'ARBITRATED', 'CANCELLED']);
        return this.#single({
          kind: 'orders.list(status)',
          as: this.#random.pick([AUDITOR, ARBITRATOR]),
          method: 'GET',
          path: '/orders',
          query: { by: 'status', value: status },
          listing: this.#listing('key'),
          expect: 200,
        });
      }
      return this.#single({
        kind: 'orders.list.forbidden',
        as: BUYER1,
        method: 'GET',
        path: '/orders',
        query: { by: 'store', value: partyToken(STORE1) },
        expect: 403,
      });
    },

    // -------------------------------------------------------------------------------------------
    // Evidence and credit

    evidenceRegister: () => {
      const owner = this.#random.pick([STORE1, BUYER1, BANK1, PRODUCER]);
      const r = this.#random.next();
      if (r < 0.15 && this.#evidence.length > 0) {
        const existing = this.#random.pick(this.#evidence);
        return this.#single({
          kind: 'evidence.register.duplicate',
          as: owner,
          method: 'POST',
          path: '/evidence',
          body: { hash: existing.hash, category: 'contract' },
          expect: 409,
        });
      }
      if (r < 0.19 && this.#evidence.length > 0) {
        const existing = this.#random.pick(this.#evidence);
        return this.#single({
          kind: 'evidence.batch.duplicate-leaf',
          as: owner,
          method: 'POST',
          path: '/evidence-batches',
          body: { leaves: [this.#hash('leaf'), existing.hash], category: 'invoice' },
          expect: 409,
        });
      }
      if (r < 0.22) {
        return this.#single({
          kind: 'evidence.register.bad-hash',
          as: owner,
          method: 'POST',
          path: '/evidence',
          body: { hash: 'ABC', category: 'contract' },
          expect: 400,
        });
      }
      if (r < 0.45) {
        const leaves = Array.from({ length: this.#random.between(1, 6) }, () => this.#hash('leaf'));
        const index = this.#index;
        return this.#single({
          kind: 'evidence.batch',
          as: owner,
          method: 'POST',
          path: '/evidence-batches',
          body: { leaves, category: 'invoice', description: 'monthly invoices' },
          expect: 201,
          apply: (o) => {
            if (o.status !== 201) return;
            this.#batches.push({ ref: index, owner, leaves });
            for (const hash of leaves) this.#evidence.push({ hash, owner, batch: index });
          },
        });
      }
      const hash = this.#hash('doc');
      return this.#single({
        kind: 'evidence.register',
        as: owner,
        method: 'POST',
        path: '/evidence',
        body: {
          hash,
          category: this.#random.pick(['contract', 'invoice', 'delivery-note']),
          ...(this.#random.chance(0.5)
            ? { description: 'a signed contract', size: 1234, mediaType: 'application/pdf' }
            : {}),
        },
        expect: 201,
        apply: (o) => {
          if (o.status === 201) this.#evidence.push({ hash, owner });
        },
      });
    },

    evidenceRead: () => {
      const r = this.#random.next();
      if (r < 0.15) {
        return this.#single({
          kind: 'evidence.verify.unregistered',
          as: this.#random.pick(EVERYONE),
          method: 'GET',
          path: `/evidence/${this.#hash('unknown')}/verification`,
          expect: 200,
        });
      }
      const e = this.#random.pick(this.#evidence);
      if (r < 0.4) {
        return this.#single({
          kind: 'evidence.verify',
          as: this.#random.pick(EVERYONE),
          method: 'GET',
          path: `/evidence/${e.hash}/verification`,
          expect: 200,
        });
      }
      const reader = this.#random.pick([e.owner, AUDITOR, this.#outsider(e.owner)]);
      const allowed = reader === e.owner || reader === AUDITOR;
      if (r < 0.7) {
        return this.#single({
          kind: `evidence.get${allowed ? '' : '.forbidden'}`,
          as: reader,
          method: 'GET',
          path: `/evidence/${e.hash}`,
          expect: allowed ? 200 : 403,
        });
      }
      if (r < 0.85) {
        return this.#single({
          kind: `evidence.proof${allowed ? (e.batch === undefined ? '.not-batched' : '') : '.forbidden'}`,
          as: reader,
          method: 'GET',
          path: `/evidence/${e.hash}/proof`,
          expect: allowed ? (e.batch === undefined ? 409 : 200) : 403,
        });
      }
      const batch = this.#batches.length > 0 ? this.#random.pick(this.#batches) : undefined;
      if (!batch) return undefined;
      const batchReader = this.#random.pick([batch.owner, AUDITOR, this.#outsider(batch.owner)]);
      const ok = batchReader === batch.owner || batchReader === AUDITOR;
      return this.#single({
        kind: `evidence.batch.get${ok ? '' : '.forbidden'}`,
        as: batchReader,
        method: 'GET',
        path: `/evidence-batches/${txToken(batch.ref)}`,
        expect: ok ? 200 : 403,
      });
    },

    evidenceList: () => {
      if (this.#random.chance(0.3)) {
        return this.#single({
          kind: 'evidence.list(all)',
          as: AUDITOR,
          method: 'GET',
          path: '/evidence',
          query: { scope: 'all' },
          listing: this.#listing('key', true),
          expect: 200,
        });
      }
      const owner = this.#random.pick([STORE1, BUYER1, BANK1, PRODUCER]);
      return this.#single({
        kind: 'evidence.list(owner)',
        as: owner,
        method: 'GET',
        path: '/evidence',
        listing: this.#listing('key'),
        expect: 200,
      });
    },

    creditRecord: () => {
      const reporter = this.#random.pick([BANK1, BANK2, ARBITRATOR]);
      const subject = this.#random.pick([BUYER1, BUYER2, STORE1, PRODUCER].filter((s) => s !== reporter));
      const evidence = this.#evidence;
      const r = this.#random.next();
      const kind = this.#random.pick([
        'CONTRACT_FULFILLED',
        'CONTRACT_BREACHED',
        'BID_PERFORMANCE_GOOD',
        'PAYMENT_OVERDUE',
      ]);
      const base = { subject: partyToken(subject), kind, reference: `contract-${this.#index}-${this.#runId}` };
      if (r < 0.15 || evidence.length === 0) {
        return this.#single({
          kind: 'credit.record.unregistered-evidence',
          as: reporter,
          method: 'POST',
          path: '/credit-records',
          body: { ...base, evidenceHash: this.#hash('unregistered') },
          expect: 404,
        });
      }
      const hash = this.#random.pick(evidence).hash;
      if (r < 0.25) {
        return this.#single({
          kind: 'credit.record.forbidden',
          as: this.#random.pick([BUYER2, STORE2]),
          method: 'POST',
          path: '/credit-records',
          body: { ...base, evidenceHash: hash },
          expect: 403,
        });
      }
      if (r < 0.3) {
        return this.#single({
          kind: 'credit.record.self',
          as: reporter,
          method: 'POST',
          path: '/credit-records',
          body: { ...base, subject: partyToken(reporter), evidenceHash: hash },
          expect: 403,
        });
      }
      return this.#single({
        kind: 'credit.record',
        as: reporter,
        method: 'POST',
        path: '/credit-records',
        body: { ...base, evidenceHash: hash, ...(this.#random.chance(0.5) ? { note: 'late twice' } : {}) },
        expect: 201,
        nonParty: METER,
      });
    },

    creditRead: () => {
      const subject = this.#random.pick([BUYER1, BUYER2, STORE1, STORE2, PRODUCER, CONSUMER]);
      const r = this.#random.next();
      // Every bank reads credit (DOMAIN.md §4), not only the one that lends to the subject.
      const outsider = this.#outsider(subject, BANK2);
      const reader = this.#random.pick([subject, BANK1, BANK2, AUDITOR, outsider]);
      const allowed = reader !== outsider;
      if (r < 0.45) {
        return this.#single({
          kind: `credit.records.list${allowed ? '' : '.forbidden'}`,
          as: reader,
          method: 'GET',
          path: '/credit-records',
          query: { subject: partyToken(subject) },
          ...(allowed ? { listing: this.#listing('set', true) } : {}),
          expect: allowed ? 200 : 403,
        });
      }
      if (r < 0.85) {
        return this.#single({
          kind: `credit.report${allowed ? '' : '.forbidden'}`,
          as: reader,
          method: 'GET',
          path: `/credit-reports/${partyToken(subject)}`,
          expect: allowed ? 200 : 403,
        });
      }
      return this.#single({
        kind: 'credit.list-entries',
        as: this.#random.pick([BANK1, AUDITOR, ADMINS.EnergyMSP]),
        method: 'GET',
        path: '/credit-list-entries',
        query: { status: this.#random.pick(['WHITELISTED', 'BLACKLISTED']) },
        listing: this.#listing('set'),
        expect: 200,
      });
    },

    // -------------------------------------------------------------------------------------------
    // Consortium and members

    proposalCreate: () => {
      const proposer = this.#random.pick(['EcommerceMSP', 'FinanceMSP', 'EnergyMSP'] as const);
      if (this.#random.chance(0.15)) {
        return this.#single({
          kind: 'proposals.create.forbidden',
          as: this.#random.pick([BUYER1, BANK1]),
          method: 'POST',
          path: '/proposals',
          body: { kind: 'WHITELIST', payload: { party: partyToken(METER), reason: 'reliable' } },
          expect: 403,
        });
      }
      const open = this.#proposals.some((p) => p.status === 'OPEN' && p.kind !== 'REGISTER_CURRENCY');
      if (open) return undefined;
      const kind = this.#meter.listed ? 'DELIST' : 'WHITELIST';
      const index = this.#index;
      return this.#single({
        kind: `proposals.create(${kind})`,
        as: ADMINS[proposer],
        method: 'POST',
        path: '/proposals',
        body: { kind, payload: { party: partyToken(METER), reason: 'reliable meter readings' }, description: 'lists' },
        expect: 201,
        nonParty: BUYER2,
        apply: (o) => {
          if (o.status === 201)
            this.#proposals.push({ ref: index, proposer, kind, approvals: new Set(), status: 'OPEN' });
        },
      });
    },

    proposalStep: () => {
      const p = this.#pickFor(this.#proposals, (x) => x.status === 'OPEN');
      const step = this.#random.weighted({ approvals: 4, execution: 2, withdrawal: 1 });
      const msp = this.#random.pick(['EcommerceMSP', 'FinanceMSP', 'EnergyMSP'] as const);
      const open = p.status === 'OPEN';
      let expect: number;
      let as: Identity = ADMINS[msp];
      if (step === 'approvals') expect = !open ? 409 : p.approvals.has(msp) ? 409 : 200;
      else if (step === 'execution') expect = !open || p.approvals.size < 2 ? 409 : 200;
      else {
        as = this.#random.chance(0.7) ? ADMINS[p.proposer] : ADMINS[msp];
        expect = as !== ADMINS[p.proposer] ? 403 : open ? 200 : 409;
      }
      return this.#single({
        kind: `proposals.${step}${expect === 200 ? '' : expect === 403 ? '.forbidden' : '.refused'}`,
        as,
        method: 'POST',
        path: `/proposals/${txToken(p.ref)}/${step}`,
        ...(step === 'withdrawal' ? { body: { reason: 'superseded' } } : {}),
        expect,
        nonParty: BUYER2,
        apply: (o) => {
          if (o.status !== 200) return;
          if (step === 'approvals') p.approvals.add(msp);
          else if (step === 'execution') {
            p.status = 'EXECUTED';
            this.#meter.listed = p.kind === 'WHITELIST';
          } else p.status = 'WITHDRAWN';
        },
      });
    },

    proposalRead: () => {
      if (this.#random.chance(0.5) && this.#proposals.length > 0) {
        const p = this.#random.pick(this.#proposals);
        return this.#single({
          kind: 'proposals.get',
          as: this.#random.pick(EVERYONE),
          method: 'GET',
          path: `/proposals/${txToken(p.ref)}`,
          expect: 200,
        });
      }
      return this.#single({
        kind: 'proposals.list',
        as: this.#random.pick([ADMINS.EcommerceMSP, AUDITOR, BUYER1]),
        method: 'GET',
        path: '/proposals',
        query: { status: this.#random.pick(['OPEN', 'EXECUTED', 'WITHDRAWN']) },
        listing: this.#listing('set', true),
        expect: 200,
      });
    },

    member: () => {
      const step = this.#random.weighted({ suspension: 2, reinstatement: 2, roles: 2, get: 2, list: 1, me: 1 });
      const path = `/members/${partyToken(METER)}`;
      if (step === 'get') {
        const reader = this.#random.pick([METER, ADMINS.EnergyMSP, AUDITOR, BUYER1, ADMINS.FinanceMSP]);
        return this.#single({
          kind: 'members.get',
          as: reader,
          method: 'GET',
          path,
          expect: reader === BUYER1 || reader === ADMINS.FinanceMSP ? 403 : 200,
        });
      }
      if (step === 'list') {
        const reader = this.#random.pick([ADMINS.EnergyMSP, AUDITOR, ADMINS.EcommerceMSP]);
        return this.#single({
          kind: 'members.list',
          as: reader,
          method: 'GET',
          path: '/members',
          query: { mspId: 'EnergyMSP' },
          ...(reader === ADMINS.EcommerceMSP ? {} : { listing: this.#listing('set') }),
          expect: reader === ADMINS.EcommerceMSP ? 403 : 200,
        });
      }
      if (step === 'me') {
        return this.#single({
          kind: 'members.me',
          as: this.#random.pick(EVERYONE),
          method: 'GET',
          path: '/me',
          expect: 200,
        });
      }
      const forbidden = this.#random.chance(0.15);
      const as = forbidden ? ADMINS.EcommerceMSP : ADMINS.EnergyMSP;
      if (step === 'roles') {
        const roles = this.#meter.roles.length === 1 ? ['oracle', 'energy_consumer'] : ['oracle'];
        return this.#single({
          kind: `members.roles${forbidden ? '.forbidden' : ''}`,
          as,
          method: 'POST',
          path: `${path}/roles`,
          body: { roles, reason: 'rota' },
          expect: forbidden ? 403 : 200,
          nonParty: BUYER2,
          apply: (o) => {
            if (o.status === 200) this.#meter.roles = roles;
          },
        });
      }
      const allowed = step === 'suspension' ? this.#meter.active : !this.#meter.active;
      return this.#single({
        kind: `members.${step}${forbidden ? '.forbidden' : allowed ? '' : '.illegal-state'}`,
        as,
        method: 'POST',
        path: `${path}/${step}`,
        body: { reason: 'maintenance' },
        expect: forbidden ? 403 : allowed ? 200 : 409,
        nonParty: BUYER2,
        apply: (o) => {
          if (o.status === 200) this.#meter.active = step === 'reinstatement';
        },
      });
    },

    currencyRead: () => {
      if (this.#random.chance(0.6)) {
        const missing = this.#random.chance(0.2);
        return this.#single({
          kind: missing ? 'currencies.get.missing' : 'currencies.get',
          as: this.#random.pick(EVERYONE),
          method: 'GET',
          path: `/currencies/${missing ? `Q${this.#runId}`.slice(0, 16) : this.#currency}`,
          expect: missing ? 404 : 200,
        });
      }
      return this.#single({
        kind: 'currencies.list',
        as: this.#random.pick(EVERYONE),
        method: 'GET',
        path: '/currencies',
        listing: this.#listing('key', true),
        expect: 200,
      });
    },

    // -------------------------------------------------------------------------------------------
    // Receivables

    receivableIssue: () => {
      const creditor = this.#random.pick(CREDITORS);
      const debtor = this.#random.pick(DEBTORS);
      const account = this.#random.pick(this.#accountsOf(creditor));
      const amount = this.#amount(1_000, 50_000);
      const r = this.#random.next();
      const body = {
        debtor: partyToken(debtor),
        currency: this.#currency,
        faceAmount: amount.toString(),
        dueAt: this.#dueAt(),
        contractHash: this.#hash('contract'),
        accountId: account.id,
      };
      if (r < 0.1) {
        return this.#single({
          kind: 'receivables.issue.past-due',
          as: creditor,
          method: 'POST',
          path: '/receivables',
          body: { ...body, dueAt: '2001-01-01T00:00:00Z' },
          expect: 400,
        });
      }
      if (r < 0.15) {
        return this.#single({
          kind: 'receivables.issue.to-self',
          as: creditor,
          method: 'POST',
          path: '/receivables',
          body: { ...body, debtor: partyToken(creditor) },
          expect: 400,
        });
      }
      const index = this.#index;
      return this.#single({
        kind: 'receivables.issue',
        as: creditor,
        method: 'POST',
        path: '/receivables',
        body: { ...body, ...(this.#random.chance(0.5) ? { description: 'steel, lot 7' } : {}) },
        expect: 201,
        apply: (o) => {
          if (o.status !== 201) return;
          this.#receivables.push({
            id: txToken(index),
            creditor,
            debtor,
            holder: creditor,
            holderAccount: account,
            amount,
            status: 'ISSUED',
          });
        },
      });
    },

    receivableStep: () => {
      const step = this.#random.weighted({
        acceptance: 3,
        rejection: 1,
        transfer: 2,
        split: 1,
        'financing-request': 2,
        'financing-cancellation': 1,
        financing: 2,
        repayment: 2,
        overdue: 1,
      });
      const from: Record<typeof step, readonly Receivable['status'][]> = {
        acceptance: ['ISSUED'],
        rejection: ['ISSUED'],
        transfer: ['ACCEPTED'],
        split: ['ACCEPTED'],
        'financing-request': ['ACCEPTED'],
        'financing-cancellation': ['FINANCING_REQUESTED'],
        financing: ['FINANCING_REQUESTED'],
        repayment: ['ACCEPTED', 'FINANCING_REQUESTED', 'FINANCED'],
        overdue: ['ACCEPTED'],
      };
      const rc = this.#pickFor(this.#receivables, (x) => from[step].includes(x.status));
      const path = `/receivables/${rc.id}/${step}`;
      const s = rc.status;
      switch (step) {
        case 'acceptance':
        case 'rejection': {
          const forbidden = this.#random.chance(0.15);
          const ok = s === 'ISSUED';
          return this.#single({
            kind: `receivables.${step}${forbidden ? '.forbidden' : ok ? '' : '.illegal-state'}`,
            as: forbidden ? rc.creditor : rc.debtor,
            method: 'POST',
            path,
            ...(step === 'rejection' ? { body: { reason: 'no such delivery' } } : {}),
            expect: forbidden ? 403 : ok ? 200 : 409,
            apply: (o) => {
              if (o.status === 200) rc.status = step === 'acceptance' ? 'ACCEPTED' : 'REJECTED';
            },
          });
        }
        case 'transfer': {
          const to = this.#random.pick(this.#accounts.filter((a) => a.owner !== rc.debtor && a.owner !== rc.holder));
          const ok = s === 'ACCEPTED';
          return this.#single({
            kind: `receivables.transfer${ok ? '' : '.illegal-state'}`,
            as: rc.holder,
            method: 'POST',
            path,
            body: { toAccountId: to.id },
            expect: ok ? 200 : 409,
            apply: (o) => {
              if (o.status !== 200) return;
              rc.holder = to.owner;
              rc.holderAccount = to;
            },
          });
        }
        case 'split': {
          const ok = s === 'ACCEPTED';
          const first = rc.amount / 3n;
          const to = this.#random.pick(this.#accounts.filter((a) => a.owner !== rc.debtor));
          const parts = [
            { toAccount: rc.holderAccount, amount: rc.amount - first },
            { toAccount: to, amount: first },
          ];
          const bad = this.#random.chance(0.15);
          return this.#single({
            kind: `receivables.split${bad ? '.bad-sum' : ok ? '' : '.illegal-state'}`,
            as: rc.holder,
            method: 'POST',
            path,
            body: {
              parts: parts.map((p, i) => ({
                toAccountId: p.toAccount.id,
                amount: (bad && i === 0 ? p.amount + 1n : p.amount).toString(),
              })),
            },
            expect: bad ? 400 : ok ? 200 : 409,
            apply: (o) => {
              if (o.status !== 200) return;
              rc.status = 'SPLIT';
              parts.forEach((p, i) =>
                this.#receivables.push({
                  id: `${rc.id}-${i + 1}`,
                  creditor: rc.creditor,
                  debtor: rc.debtor,
                  holder: p.toAccount.owner,
                  holderAccount: p.toAccount,
                  amount: p.amount,
                  status: 'ACCEPTED',
                }),
              );
            },
          });
        }
        case 'financing-request': {
          const bank = this.#random.pick(BANKS);
          const ok = s === 'ACCEPTED';
          const holderAccounts = this.#accountsOf(rc.holder);
          if (holderAccounts.length === 0) return undefined;
          const payout = this.#random.pick(holderAccounts);
          return this.#single({
            kind: `receivables.financing-request${ok ? '' : '.illegal-state'}`,
            as: rc.holder,
            method: 'POST',
            path,
            body: {
              bank: partyToken(bank),
              annualRate: this.#random.pick(['0.05', '0.1', '0.0365']),
              payoutAccountId: payout.id,
            },
            expect: ok ? 200 : 409,
            apply: (o) => {
              if (o.status !== 200) return;
              rc.status = 'FINANCING_REQUESTED';
              rc.bank = bank;
              rc.payout = payout;
            },
          });
        }
        case 'financing-cancellation': {
          const ok = s === 'FINANCING_REQUESTED';
          const bank = bankAskedFor(rc);
          const as = this.#random.chance(0.5) || !bank ? rc.holder : bank;
          return this.#single({
            kind: `receivables.financing-cancellation${ok ? '' : '.illegal-state'}`,
            as,
            method: 'POST',
            path,
            body: this.#random.chance(0.5) ? { reason: 'rate too high' } : {},
            expect: ok ? 200 : 409,
            apply: (o) => {
              if (o.status === 200) rc.status = 'ACCEPTED';
            },
          });
        }
        case 'financing': {
          // Only the bank asked may finance: with no request (or funding) on record every bank is refused
          // (403, the state hidden); the bank asked meets the state machine (409).
          const asked = bankAskedFor(rc);
          if (s !== 'FINANCING_REQUESTED' || !asked) {
            const as = asked ?? BANK1;
            return this.#single({
              kind: `receivables.financing.${asked ? 'illegal-state' : 'forbidden'}`,
              as,
              method: 'POST',
              path,
              body: { fromAccountId: this.#richestOf(as).id },
              expect: asked ? 409 : 403,
            });
          }
          const bank = asked;
          const from = this.#richestOf(bank);
          const poor = this.#accountsOf(bank).find((a) => a.available < rc.amount);
          const insufficient = poor !== undefined && this.#random.chance(0.2);
          const payer = insufficient ? poor : from;
          return this.#single({
            kind: `receivables.financing${insufficient ? '.insufficient' : ''}`,
            as: bank,
            method: 'POST',
            path,
            body: { fromAccountId: payer.id },
            expect: insufficient ? 422 : 200,
            apply: (o) => {
              if (o.status !== 200) return;
              const discounted = BigInt(
                (o.body as { data: { financing: { discountedAmount: string } } }).data.financing.discountedAmount,
              );
              payer.available -= discounted;
              if (rc.payout) rc.payout.available += discounted;
              rc.status = 'FINANCED';
              rc.financed = true;
              rc.holder = bank;
              rc.holderAccount = payer;
            },
          });
        }
        case 'repayment': {
          const from = this.#richestOf(rc.debtor);
          const ok = ['ACCEPTED', 'FINANCING_REQUESTED', 'FINANCED', 'OVERDUE'].includes(s);
          const funded = from.available >= rc.amount;
          return this.#single({
            kind: `receivables.repayment${!ok ? '.illegal-state' : funded ? '' : '.insufficient'}`,
            as: rc.debtor,
            method: 'POST',
            path,
            body: { fromAccountId: from.id },
            expect: !ok ? 409 : funded ? 200 : 422,
            apply: (o) => {
              if (o.status !== 200) return;
              from.available -= rc.amount;
              rc.holderAccount.available += rc.amount;
              rc.status = 'SETTLED';
            },
          });
        }
        case 'overdue':
          // Before the due time: refused, naming dueAt.
          return this.#single({
            kind: 'receivables.overdue.before-due',
            as: this.#random.pick([METER, rc.creditor]),
            method: 'POST',
            path,
            expect: 409,
          });
      }
      return undefined;
    },

    receivableRead: () => {
      const rc = this.#random.pick(this.#receivables);
      const r = this.#random.next();
      const reader = this.#random.pick([rc.creditor, rc.debtor, rc.holder, AUDITOR, METER]);
      const expect = reader === METER ? 403 : 200;
      if (r < 0.6) {
        return this.#single({
          kind: 'receivables.get',
          as: reader,
          method: 'GET',
          path: `/receivables/${rc.id}`,
          expect,
        });
      }
      if (r < 0.8) {
        return this.#single({
          kind: 'receivables.history',
          as: reader,
          method: 'GET',
          path: `/receivables/${rc.id}/history`,
          expect,
        });
      }
      const by = this.#random.pick(['holder', 'creditor', 'debtor'] as const);
      return this.#single({
        kind: `receivables.list(${by})`,
        as: this.#random.pick([rc.creditor, rc.debtor]),
        method: 'GET',
        path: '/receivables',
        query: { by },
        listing: this.#listing('set'),
        expect: 200,
      });
    },

    // -------------------------------------------------------------------------------------------
    // Warehouse receipts

    receiptIssue: () => {
      const owner = this.#random.pick(RECEIPT_OWNERS);
      const forbidden = this.#random.chance(0.15);
      const index = this.#index;
      return this.#single({
        kind: `receipts.issue${forbidden ? '.forbidden' : ''}`,
        as: forbidden ? STORE1 : STORE2,
        method: 'POST',
        path: '/warehouse-receipts',
        body: {
          owner: partyToken(owner),
          goods: 'copper cathode',
          quantity: this.#amount(1, 500).toString(),
          unit: 't',
          location: 'WH-3 bay 4',
        },
        expect: forbidden ? 403 : 201,
        apply: (o) => {
          if (o.status === 201) this.#receipts.push({ ref: index, owner, status: 'ISSUED', loan: 0n, repay: 0n });
        },
      });
    },

    receiptStep: () => {
      const step = this.#random.weighted({
        'pledge-request': 3,
        'pledge-cancellation': 1,
        pledge: 2,
        repayment: 2,
        closure: 1,
      });
      const from: Record<typeof step, readonly Receipt['status'][]> = {
        'pledge-request': ['ISSUED', 'RELEASED'],
        'pledge-cancellation': ['PLEDGE_REQUESTED'],
        pledge: ['PLEDGE_REQUESTED'],
        repayment: ['PLEDGED'],
        closure: ['ISSUED', 'RELEASED'],
      };
      const rc = this.#pickFor(this.#receipts, (x) => from[step].includes(x.status));
      const path = `/warehouse-receipts/${txToken(rc.ref)}/${step}`;
      const s = rc.status;
      switch (step) {
        case 'pledge-request': {
          const ok = s === 'ISSUED' || s === 'RELEASED';
          const bank = this.#random.pick(BANKS);
          const account = this.#random.pick(this.#accountsOf(rc.owner));
          const loan = this.#amount(1_000, 30_000);
          const repay = loan + this.#amount(0, 3_000);
          return this.#single({
            kind: `receipts.pledge-request${ok ? '' : '.illegal-state'}`,
            as: rc.owner,
            method: 'POST',
            path,
            body: {
              bank: partyToken(bank),
              currency: this.#currency,
              loanAmount: loan.toString(),
              repayAmount: repay.toString(),
              accountId: account.id,
            },
            expect: ok ? 200 : 409,
            apply: (o) => {
              if (o.status !== 200) return;
              Object.assign(rc, { status: 'PLEDGE_REQUESTED', bank, loan, repay, ownerAccount: account });
            },
          });
        }
        case 'pledge-cancellation': {
          const ok = s === 'PLEDGE_REQUESTED';
          const bank = pledgeBankOf(rc);
          return this.#single({
            kind: `receipts.pledge-cancellation${ok ? '' : '.illegal-state'}`,
            as: bank && this.#random.chance(0.5) ? bank : rc.owner,
            method: 'POST',
            path,
            body: {},
            expect: ok ? 200 : 409,
            apply: (o) => {
              if (o.status === 200) rc.status = 'ISSUED';
            },
          });
        }
        case 'pledge': {
          // Only the bank asked may fund: with no pledge on record every bank is refused (403, the state
          // hidden); the bank asked meets the state machine (409).
          const asked = pledgeBankOf(rc);
          const bank = asked ?? BANK1;
          const from = this.#richestOf(bank);
          const ok = s === 'PLEDGE_REQUESTED';
          return this.#single({
            kind: `receipts.pledge${ok ? '' : asked ? '.illegal-state' : '.forbidden'}`,
            as: bank,
            method: 'POST',
            path,
            body: { fromAccountId: from.id },
            expect: ok ? 200 : asked ? 409 : 403,
            apply: (o) => {
              if (o.status !== 200) return;
              from.available -= rc.loan;
              if (rc.ownerAccount) rc.ownerAccount.available += rc.loan;
              rc.bankAccount = from;
              rc.status = 'PLEDGED';
            },
          });
        }
        case 'repayment': {
          const from = this.#richestOf(rc.owner);
          const ok = s === 'PLEDGED';
          const funded = from.available >= rc.repay;
          return this.#single({
            kind: `receipts.repayment${ok ? (funded ? '' : '.insufficient') : '.illegal-state'}`,
            as: rc.owner,
            method: 'POST',
            path,
            body: { fromAccountId: from.id },
            expect: ok ? (funded ? 200 : 422) : 409,
            apply: (o) => {
              if (o.status !== 200) return;
              from.available -= rc.repay;
              if (rc.bankAccount) rc.bankAccount.available += rc.repay;
              rc.status = 'RELEASED';
            },
          });
        }
        case 'closure': {
          const ok = s === 'ISSUED' || s === 'RELEASED';
          const forbidden = this.#random.chance(0.15);
          return this.#single({
            kind: `receipts.closure${forbidden ? '.forbidden' : ok ? '' : '.illegal-state'}`,
            as: forbidden ? rc.owner : STORE2,
            method: 'POST',
            path,
            expect: forbidden ? 403 : ok ? 200 : 409,
            apply: (o) => {
              if (o.status === 200) rc.status = 'CLOSED';
            },
          });
        }
      }
      return undefined;
    },

    receiptRead: () => {
      const rc = this.#random.pick(this.#receipts);
      if (this.#random.chance(0.7)) {
        const reader = this.#random.pick([rc.owner, STORE2, AUDITOR, METER]);
        return this.#single({
          kind: 'receipts.get',
          as: reader,
          method: 'GET',
          path: `/warehouse-receipts/${txToken(rc.ref)}`,
          expect: reader === METER ? 403 : 200,
        });
      }
      const by = this.#random.pick(['owner', 'warehouse'] as const);
      return this.#single({
        kind: `receipts.list(${by})`,
        as: by === 'owner' ? rc.owner : STORE2,
        method: 'GET',
        path: '/warehouse-receipts',
        query: { by },
        listing: this.#listing('set'),
        expect: 200,
      });
    },

    // -------------------------------------------------------------------------------------------
    // Credit lines

    lineGrant: () => {
      const bank = this.#random.pick(BANKS);
      const borrower = this.#random.pick(BORROWERS);
      const funding = this.#richestOf(bank);
      const limit = this.#amount(5_000, 50_000);
      const forbidden = this.#random.chance(0.15);
      const index = this.#index;
      return this.#single({
        kind: `credit-lines.grant${forbidden ? '.forbidden' : ''}`,
        as: forbidden ? borrower : bank,
        method: 'POST',
        path: '/credit-lines',
        body: {
          borrower: partyToken(borrower),
          currency: this.#currency,
          limit: limit.toString(),
          fundingAccountId: funding.id,
        },
        expect: forbidden ? 403 : 201,
        apply: (o) => {
          if (o.status === 201)
            this.#lines.push({ ref: index, bank, borrower, funding, limit, drawn: 0n, status: 'ACTIVE' });
        },
      });
    },

    lineStep: () => {
      const line = this.#pickFor(this.#lines, (l) => l.status === 'ACTIVE');
      const step = this.#random.weighted({ draws: 3, repayments: 2, closure: 1 });
      const path = `/credit-lines/${txToken(line.ref)}/${step}`;
      const active = line.status === 'ACTIVE';
      const account = this.#richestOf(line.borrower);
      if (step === 'draws') {
        const beyond = this.#random.chance(0.2);
        const amount = beyond ? line.limit - line.drawn + 1n : this.#amount(1, 5_000);
        const ok = active && line.drawn + amount <= line.limit && line.funding.available >= amount;
        return this.#single({
          kind: `credit-lines.draw${ok ? '' : active ? '.beyond-limit' : '.illegal-state'}`,
          as: line.borrower,
          method: 'POST',
          path,
          body: { accountId: account.id, amount: amount.toString() },
          expect: ok ? 201 : active ? 422 : 409,
          apply: (o) => {
            if (o.status !== 201) return;
            line.drawn += amount;
            line.funding.available -= amount;
            account.available += amount;
          },
        });
      }
      if (step === 'repayments') {
        const tooMuch = this.#random.chance(0.2) || line.drawn === 0n;
        const amount = tooMuch
          ? line.drawn + 1n
          : this.#random.chance(0.4)
            ? line.drawn
            : BigInt(1 + this.#random.below(Number(line.drawn)));
        const ok = active && !tooMuch && account.available >= amount;
        return this.#single({
          kind: `credit-lines.repay${ok ? '' : tooMuch ? '.too-much' : '.refused'}`,
          as: line.borrower,
          method: 'POST',
          path,
          body: { accountId: account.id, amount: amount.toString() },
          expect: ok ? 201 : active ? 400 : 409,
          apply: (o) => {
            if (o.status !== 201) return;
            line.drawn -= amount;
            line.funding.available += amount;
            account.available -= amount;
          },
        });
      }
      const ok = active && line.drawn === 0n;
      return this.#single({
        kind: `credit-lines.closure${ok ? '' : '.illegal-state'}`,
        as: line.bank,
        method: 'POST',
        path,
        expect: ok ? 200 : 409,
        apply: (o) => {
          if (o.status === 200) line.status = 'CLOSED';
        },
      });
    },

    lineRead: () => {
      const line = this.#random.pick(this.#lines);
      if (this.#random.chance(0.6)) {
        const reader = this.#random.pick([line.bank, line.borrower, AUDITOR, METER]);
        return this.#single({
          kind: 'credit-lines.get',
          as: reader,
          method: 'GET',
          path: `/credit-lines/${txToken(line.ref)}`,
          expect: reader === METER ? 403 : 200,
        });
      }
      const by = this.#random.pick(['borrower', 'bank'] as const);
      return this.#single({
        kind: `credit-lines.list(${by})`,
        as: by === 'bank' ? line.bank : line.borrower,
        method: 'GET',
        path: '/credit-lines',
        query: { by },
        listing: this.#listing('set'),
        expect: 200,
      });
    },

    emptyListing: () => {
      // Listings that stay empty in a run: meter1 borrows nothing and issues nothing.
      const which = this.#random.pick([
        ['/credit-lines', { by: 'borrower' }],
        ['/receivables', { by: 'creditor' }],
        ['/warehouse-receipts', { by: 'owner' }],
        ['/accounts', {}],
        ['/evidence', {}],
      ] as const);
      return this.#single({
        kind: `listings.empty(${which[0]})`,
        as: METER,
        method: 'GET',
        path: which[0],
        query: which[1],
        listing: this.#listing('set'),
        expect: 200,
      });
    },

    // -------------------------------------------------------------------------------------------
    // Explorer and transactions

    explorer: () => {
      const r = this.#random.next();
      // Not meter1: its status and roles move, and each gateway caches who a caller is for up to 30 s
      // (docs/api.md, "Who sees what"), so which payloads it sees right after a change depends on timing.
      const reader = this.#random.pick(EVERYONE.filter((i) => i !== METER));
      if (r < 0.45 && this.#committed.length > 0) {
        const index = this.#random.pick(this.#committed);
        return this.#single({
          kind: 'transactions.get',
          as: reader,
          method: 'GET',
          path: `/transactions/${txToken(index)}`,
          expect: 200,
        });
      }
      if (r < 0.6) {
        return this.#single({
          kind: 'transactions.get.missing',
          as: reader,
          method: 'GET',
          path: `/transactions/${this.#hash('no-tx')}`,
          expect: 404,
        });
      }
      if (r < 0.65) {
        return this.#single({
          kind: 'transactions.get.bad-id',
          as: reader,
          method: 'GET',
          path: '/transactions/xyz',
          expect: 400,
        });
      }
      if (r < 0.85 && this.#committed.length > 0) {
        const index = this.#random.pick(this.#committed);
        return this.#single({
          kind: 'blocks.get',
          as: reader,
          method: 'GET',
          path: `/blocks/${blockToken(index)}`,
          expect: 200,
        });
      }
      if (r < 0.9) {
        return this.#single({
          kind: 'blocks.get.missing',
          as: reader,
          method: 'GET',
          path: '/blocks/99999999',
          expect: 404,
        });
      }
      if (r < 0.95) {
        return this.#single({ kind: 'chain.get', as: reader, method: 'GET', path: '/chain', expect: 200 });
      }
      return this.#single({ kind: 'auth.missing-credential', as: undefined, method: 'GET', path: '/me', expect: 401 });
    },
  };

  /** Weights of the actions that make sense in the current model. */
  #weights(): Record<string, number> {
    const has = (n: number): number => (n > 0 ? 1 : 0);
    const open = this.#purchases.filter((p) => !['COMPLETED', 'CANCELLED', 'ARBITRATED'].includes(p.status)).length;
    const funded = this.#accounts.some((a) => a.available >= 100n);
    const activeLines = this.#lines.filter((l) => l.status === 'ACTIVE').length;
    const poorest = this.#accounts.reduce((min, a) => (a.available < min ? a.available : min), 10n ** 12n);
    return {
      accountOpen: 2,
      issue: poorest < 20_000n ? 6 : 2,
      transfer: 6,
      concurrentDebits: funded ? 2 : 0,
      concurrentCredits: 1,
      compaction: 1,
      accountRead: 4,
      accountList: 2,
      redemptionRequest: 2,
      redemptionStep: 3 * has(this.#redemptions.length),
      redemptionRead: 2,
      purchase: open < 12 ? 8 : 3,
      purchaseWithCreditLine: 1 * has(activeLines),
      purchaseUpdate: 1 * has(this.#purchases.length),
      fulfil: 8 * has(this.#purchases.length),
      close: 6 * has(this.#purchases.length),
      purchaseRead: 6 * has(this.#purchases.length),
      purchaseMissing: 1,
      purchaseList: 2,
      evidenceRegister: 3,
      evidenceRead: 3 * has(this.#evidence.length),
      evidenceList: 1,
      creditRecord: 2,
      creditRead: 2,
      proposalCreate: 1,
      proposalStep: 3 * has(this.#proposals.length),
      proposalRead: 1,
      member: 2,
      currencyRead: 1,
      receivableIssue: 3,
      receivableStep: 7 * has(this.#receivables.length),
      receivableRead: 3 * has(this.#receivables.length),
      receiptIssue: 2,
      receiptStep: 5 * has(this.#receipts.length),
      receiptRead: 2 * has(this.#receipts.length),
      lineGrant: 2,
      lineStep: 4 * has(this.#lines.length),
      lineRead: 2 * has(this.#lines.length),
      emptyListing: 1,
      explorer: 3,
    };
  }
}

/** A write that took effect: 2xx, and for `?async=true` committed valid. */
export function succeeded(outcome: Outcome): boolean {
  return outcome.status >= 200 && outcome.status < 300 && outcome.committed !== false;
}
