import { setTimeout as sleep } from 'node:timers/promises';
import type { Identity } from '../scenarios/alliance-bootstrap';
import { succeeded, type RunRecords } from './generator';
import type { LedgerTarget } from './ledger-target';
import { canonical, firstDifference, type AnswerKind } from './normalise';
import { txToken, type Operation, type Outcome, type Step } from './operation';

/** Reads every transaction as a non-party unless the operation names another. */
const DEFAULT_NON_PARTY: Identity = 'EnergyMSP:meter1';
/**
 * A read that differs is read again on both ledgers a few times before it counts: on Fabric the
 * gateway answers a write once its own organisation's peer committed it, and another organisation's
 * peer may be a block behind for a moment (docs/devnet.md: devnet has one ledger, no peers at
 * different heights). A real divergence does not go away.
 */
const READ_RETRIES = 4;
const READ_RETRY_PAUSE_MS = 250;

/** Where the steps come from: the operation generator, or a fixed list in a test. */
export interface StepSource {
  next(): Step;
  /** The reference ledger's outcomes of a step, in the step's order. */
  observe(step: Step, outcomes: readonly Outcome[]): void;
  /** What the run created, read back at the end. */
  records(): RunRecords;
}

/** One difference between the two ledgers. */
export interface Difference {
  /** The operation's index, or `world` for the final read-back. */
  readonly index: number | string;
  /** What was compared: `answer`, `events as EcommerceMSP:buyer1`, `world state`. */
  readonly what: string;
  readonly op: Operation;
  /** The first JSON path at which the normalised answers differ. */
  readonly path: string;
  readonly reference: unknown;
  readonly candidate: unknown;
}

/** The figures of a run. */
export interface Figures {
  readonly seed: number;
  readonly runId: string;
  operations: number;
  readonly byKind: Map<string, number>;
  readonly byExpectedStatus: Map<number, number>;
  readonly byStatus: Map<number, number>;
  concurrentGroups: number;
  readonly concurrentOutcomes: Map<string, number>;
  asyncWrites: number;
  listings: number;
  listingsCompared: { exact: number; projected: number };
  pages: number;
  eventReads: number;
  worldReads: number;
  /** Answers that cannot be compared: aggregates over records of earlier runs on a ledger that keeps state. */
  readonly notComparable: string[];
  /** Operations whose reference status was not the one the model expected (not a divergence). */
  readonly modelMisses: string[];
  readonly differences: Difference[];
  wallMs: number;
}

export interface RunOptions {
  readonly seed: number;
  readonly operations: number;
  readonly runId: string;
  /** Read back every record at the end (default true). */
  readonly worldState?: boolean;
  /** Stop after this many differences (later ones usually follow from the first). */
  readonly maxDifferences?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Receives every compared pair of normalised answers (CONFORMANCE_DUMP writes them to a file). */
  readonly dump?: (entry: { index: number | string; kind: string; what: string; views: [unknown, unknown] }) => void;
}

/**
 * Drives two ledgers with the same seeded operations: each step goes to both at once, the normalised
 * answers must be equal (listings page by page, concurrent groups as multisets), and so must the
 * events of every write read back as a party and as a non-party; at the end every record the run
 * created is read back from both. The reference (devnet) ledger's answers drive the generator.
 */
export class DifferentialRun {
  readonly #reference: LedgerTarget;
  readonly #candidate: LedgerTarget;
  readonly #generator: StepSource;
  readonly #options: RunOptions;
  readonly figures: Figures;

  constructor(reference: LedgerTarget, candidate: LedgerTarget, generator: StepSource, options: RunOptions) {
    this.#reference = reference;
    this.#candidate = candidate;
    this.#generator = generator;
    this.#options = options;
    this.figures = {
      seed: options.seed,
      runId: options.runId,
      operations: 0,
      byKind: new Map(),
      byExpectedStatus: new Map(),
      byStatus: new Map(),
      concurrentGroups: 0,
      concurrentOutcomes: new Map(),
      asyncWrites: 0,
      listings: 0,
      listingsCompared: { exact: 0, projected: 0 },
      pages: 0,
      eventReads: 0,
      worldReads: 0,
      notComparable: [],
      modelMisses: [],
      differences: [],
      wallMs: 0,
    };
  }

  get #done(): boolean {
    return this.figures.differences.length >= (this.#options.maxDifferences ?? 5);
  }

  async run(): Promise<Figures> {
    const started = performance.now();
    const log = this.#options.log ?? ((): void => undefined);
    while (this.figures.operations < this.#options.operations && !this.#done) {
      const step = this.#generator.next();
      const outcomes = step.type === 'single' ? [await this.#single(step.op)] : await this.#concurrent(step.ops);
      this.#generator.observe(step, outcomes);
      if (this.figures.operations % 100 < count(step) && this.figures.operations >= 100) {
        log(`${this.figures.operations} operations, ${this.figures.differences.length} differences`);
      }
    }
    if (!this.#done && this.#options.worldState !== false) await this.#worldState(this.#generator.records());
    this.figures.wallMs = performance.now() - started;
    return this.figures;
  }

  // ---------------------------------------------------------------------------------------------

  #count(op: Operation, reference: Outcome): void {
    const f = this.figures;
    f.operations += 1;
    f.byKind.set(op.kind, (f.byKind.get(op.kind) ?? 0) + 1);
    f.byStatus.set(reference.status, (f.byStatus.get(reference.status) ?? 0) + 1);
    if (op.expect !== 0) {
      f.byExpectedStatus.set(op.expect, (f.byExpectedStatus.get(op.expect) ?? 0) + 1);
      if (op.expect !== reference.status) {
        f.modelMisses.push(
          `#${op.index} ${op.kind}: expected ${op.expect}, ${this.#reference.name} ${reference.status}`,
        );
      }
    }
    if (op.async) f.asyncWrites += 1;
  }

  async #single(op: Operation): Promise<Outcome> {
    let [a, b] = await Promise.all([this.#reference.send(op), this.#candidate.send(op)]);
    this.#count(op, a);
    const written = op.method === 'POST' && succeeded(a) && succeeded(b);
    if (written) {
      await this.#remember(this.#reference, op, a, txToken(op.index));
      await this.#remember(this.#candidate, op, b, txToken(op.index));
    }
    let [va, vb] = this.#views(op, a, b);
    for (let retry = 0; op.method === 'GET' && retry < READ_RETRIES && canonical(va) !== canonical(vb); retry++) {
      await sleep(READ_RETRY_PAUSE_MS * (retry + 1));
      [a, b] = await Promise.all([this.#reference.send(op), this.#candidate.send(op)]);
      [va, vb] = this.#views(op, a, b);
    }
    this.#options.dump?.({ index: op.index, kind: op.kind, what: 'answer', views: [va, vb] });
    if (canonical(va) !== canonical(vb) && !(await this.#notComparable(op))) {
      this.#differ(op, 'answer', va, vb);
    }
    if (written) await this.#events(op);
    return a;
  }

  async #concurrent(ops: readonly Operation[]): Promise<Outcome[]> {
    const group = `{{tx:group@${ops[0]?.index ?? 0}}}`;
    const [as, bs] = await Promise.all([
      Promise.all(ops.map((op) => this.#reference.send(op))),
      Promise.all(ops.map((op) => this.#candidate.send(op))),
    ]);
    this.figures.concurrentGroups += 1;
    const tally = new Map<number, number>();
    for (const o of as) tally.set(o.status, (tally.get(o.status) ?? 0) + 1);
    const summary = [...tally.entries()]
      .sort((x, y) => x[0] - y[0])
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
    this.figures.concurrentOutcomes.set(summary, (this.figures.concurrentOutcomes.get(summary) ?? 0) + 1);
    const views: [string[], string[]] = [[], []];
    const events: [string[], string[]] = [[], []];
    for (const [side, ledger, outcomes] of [
      [0, this.#reference, as],
      [1, this.#candidate, bs],
    ] as const) {
      for (const [i, op] of ops.entries()) {
        const outcome = outcomes[i];
        if (!outcome) continue;
        if (side === 0) this.#count(op, outcome);
        if (succeeded(outcome)) {
          await this.#remember(ledger, op, outcome, group);
          const tx = await ledger.get(op.as, `/transactions/${txId(outcome)}`);
          events[side].push(canonical({ status: tx.status, body: ledger.normaliser.normalise(tx.body) }));
        }
        views[side].push(canonical(this.#view(ledger, op, outcome)));
      }
    }
    const [op] = ops;
    if (!op) return as;
    const [va, vb] = views.map((v) => v.sort().map((s) => JSON.parse(s) as unknown));
    if (canonical(va) !== canonical(vb)) this.#differ(op, 'answers of the concurrent group (as a multiset)', va, vb);
    const [ea, eb] = events.map((v) => v.sort().map((s) => JSON.parse(s) as unknown));
    this.figures.eventReads += (ea?.length ?? 0) + (eb?.length ?? 0);
    if (canonical(ea) !== canonical(eb)) this.#differ(op, 'events of the concurrent group (as a multiset)', ea, eb);
    return as;
  }

  /**
   * Names a write's transaction on its ledger, with its block (an async write's once committed). A
   * replayed answer names the transaction of the first request, which keeps its token.
   */
  async #remember(ledger: LedgerTarget, op: Operation, outcome: Outcome, token: string): Promise<void> {
    const id = txId(outcome);
    token = ledger.transactions.get(id) ?? token;
    let block = (outcome.body as { blockNumber?: unknown }).blockNumber;
    if (typeof block !== 'string') block = (await ledger.awaitCommit(op.as, id)).blockNumber;
    ledger.remember(op.index, id, token, typeof block === 'string' ? block : undefined);
  }

  /** A write's transaction as the caller (a party) and as a non-party: status, function, events. */
  async #events(op: Operation): Promise<void> {
    const readers = [op.as, op.nonParty ?? DEFAULT_NON_PARTY].filter((r): r is Identity => r !== undefined);
    for (const reader of new Set(readers)) {
      const path = `/transactions/${txToken(op.index)}`;
      const read = async (): Promise<[unknown, unknown]> => {
        const [a, b] = await Promise.all([this.#reference.get(reader, path), this.#candidate.get(reader, path)]);
        return [
          { status: a.status, body: this.#reference.normaliser.normalise(a.body) },
          { status: b.status, body: this.#candidate.normaliser.normalise(b.body) },
        ];
      };
      let [va, vb] = await read();
      for (let retry = 0; retry < READ_RETRIES && canonical(va) !== canonical(vb); retry++) {
        await sleep(READ_RETRY_PAUSE_MS * (retry + 1));
        [va, vb] = await read();
      }
      this.figures.eventReads += 1;
      this.#options.dump?.({ index: op.index, kind: op.kind, what: `events as ${reader}`, views: [va, vb] });
      if (canonical(va) !== canonical(vb)) this.#differ(op, `events as ${reader}`, va, vb);
    }
  }

  /** The normalised answers of both ledgers; listings compared page by page (or by projection). */
  #views(op: Operation, a: Outcome, b: Outcome): [unknown, unknown] {
    if (!op.listing || a.status !== 200 || b.status !== 200) {
      const views: [unknown, unknown] = [this.#view(this.#reference, op, a), this.#view(this.#candidate, op, b)];
      // A page the model expected to be refused: its order may follow transaction ids, so a multiset.
      const unexpectedPage = !op.listing && op.expect >= 400;
      return unexpectedPage ? [itemsAsMultiset(views[0]), itemsAsMultiset(views[1])] : views;
    }
    const pagesOf = (ledger: LedgerTarget, o: Outcome): { items: unknown[]; bookmark: string }[] =>
      (o.pages ?? []).map((p) => ({
        items: p.items.map((item) => ledger.normaliser.normalise(item)),
        bookmark: p.bookmark === '' ? '' : '{{bookmark}}',
      }));
    const [pa, pb] = [pagesOf(this.#reference, a), pagesOf(this.#candidate, b)];
    this.figures.listings += 1;
    this.figures.pages += pa.length + pb.length;
    const own = (item: unknown): boolean => {
      // Members are the fixed identities of the network: the same set on every ledger.
      if (op.path === '/members') return true;
      const text = canonical(item);
      return text.includes('{{tx:') || text.includes(this.#options.runId);
    };
    const foreign = [...pa, ...pb].some((p) => p.items.some((item) => !own(item)));
    if (!foreign) {
      this.figures.listingsCompared.exact += 1;
      if (op.listing.order === 'key') return [{ pages: pa }, { pages: pb }];
      // Ordered by transaction ids or certificate names, which differ between ledgers: pages' sizes and the items as a set.
      const shape = (pages: typeof pa): unknown => ({
        pages: pages.map((p) => ({ items: p.items.length, bookmark: p.bookmark })),
        items: sortedItems(pages.flatMap((p) => p.items)),
      });
      return [shape(pa), shape(pb)];
    }
    // A ledger that keeps state between runs lists records of earlier runs too (and so pages differently):
    // the run's own records are compared, in order where the order is the run's.
    this.figures.listingsCompared.projected += 1;
    const project = (pages: typeof pa): unknown => {
      const items = pages.flatMap((p) => p.items).filter(own);
      return { projectedOnTheRunsRecords: true, items: op.listing?.order === 'key' ? items : sortedItems(items) };
    };
    return [project(pa), project(pb)];
  }

  #view(ledger: LedgerTarget, op: Operation, o: Outcome): unknown {
    const kind: AnswerKind = op.path === '/chain' ? 'chain' : op.path.startsWith('/blocks/') ? 'block' : 'other';
    let body = ledger.normaliser.normalise(o.body, kind);
    if (kind === 'block' && o.status === 200) body = sameTransactions(body, op.path);
    return {
      status: o.status,
      ...(body === undefined ? {} : { body }),
      ...(o.location === undefined ? {} : { location: ledger.normaliser.text(o.location) }),
      ...(o.committed === undefined ? {} : { committed: o.committed }),
      ...(o.replayed === undefined ? {} : { replayed: o.replayed }),
    };
  }

  /**
   * A credit report aggregates every record about its subject; on a ledger that keeps state between
   * runs, earlier runs' records count too. Such a report cannot be compared; one over the run's records
   * alone must be equal.
   */
  async #notComparable(op: Operation): Promise<boolean> {
    const m = /^\/credit-reports\/\{\{party:([^}]+)\}\}$/.exec(op.path);
    if (!m) return false;
    const subject = m[1] as Identity;
    for (const ledger of [this.#reference, this.#candidate]) {
      const listing = await ledger.send({
        index: op.index,
        kind: 'credit.records.list',
        as: 'FinanceMSP:auditor1',
        method: 'GET',
        path: '/credit-records',
        query: { subject: `{{party:${subject}}}` },
        listing: { pageSize: 100, order: 'set' },
        expect: 200,
      });
      const items = (listing.pages ?? []).flatMap((p) => p.items).map((i) => canonical(ledger.normaliser.normalise(i)));
      if (items.some((i) => !i.includes('{{tx:'))) {
        this.figures.notComparable.push(
          `#${op.index} ${op.kind} of ${subject}: ${ledger.name} holds earlier runs' records`,
        );
        return true;
      }
    }
    return false;
  }

  #differ(op: Operation, what: string, reference: unknown, candidate: unknown): void {
    this.figures.differences.push({
      index: op.index,
      what,
      op,
      path: firstDifference(reference, candidate) ?? '$',
      reference,
      candidate,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // World state

  async #worldState(records: RunRecords): Promise<void> {
    const reads = worldStateReads(records);
    for (const read of reads) {
      if (this.#done) return;
      const op: Operation = { index: -1, method: 'GET', expect: 200, ...read };
      let [a, b] = await Promise.all([this.#reference.send(op), this.#candidate.send(op)]);
      let [va, vb] = this.#views(op, a, b);
      for (let retry = 0; retry < READ_RETRIES && canonical(va) !== canonical(vb); retry++) {
        await sleep(READ_RETRY_PAUSE_MS * (retry + 1));
        [a, b] = await Promise.all([this.#reference.send(op), this.#candidate.send(op)]);
        [va, vb] = this.#views(op, a, b);
      }
      this.figures.worldReads += 1;
      this.#options.dump?.({ index: 'world', kind: op.kind, what: op.path, views: [va, vb] });
      if (canonical(va) !== canonical(vb) && !(await this.#notComparable(op))) {
        this.figures.differences.push({
          index: 'world',
          what: 'world state',
          op,
          path: firstDifference(va, vb) ?? '$',
          reference: va,
          candidate: vb,
        });
      }
    }
  }
}

/** Every record the run created, read back through the REST GETs. */
export function worldStateReads(records: RunRecords): Omit<Operation, 'index' | 'method' | 'expect'>[] {
  const auditor: Identity = 'FinanceMSP:auditor1';
  const reads: Omit<Operation, 'index' | 'method' | 'expect'>[] = [];
  const owners = new Set<Identity>();
  for (const a of records.accounts) {
    owners.add(a.owner);
    reads.push({ kind: 'world.account', as: a.owner, path: `/accounts/${a.id}` });
  }
  for (const owner of owners) {
    reads.push({
      kind: 'world.accounts.list',
      as: auditor,
      path: '/accounts',
      query: { owner: `{{party:${owner}}}` },
      listing: { pageSize: 100, order: 'key' },
    });
    reads.push({ kind: 'world.credit-report', as: auditor, path: `/credit-reports/{{party:${owner}}}` });
    reads.push({
      kind: 'world.credit-records',
      as: auditor,
      path: '/credit-records',
      query: { subject: `{{party:${owner}}}` },
      listing: { pageSize: 100, order: 'set' },
    });
  }
  for (const p of records.purchases) {
    const no = txToken(p.ref);
    reads.push({ kind: 'world.settlement', as: p.buyer, path: `/settlements/${no}` });
    reads.push({ kind: 'world.settlement.history', as: p.store, path: `/settlements/${no}/history` });
    reads.push({ kind: 'world.order', as: p.store, path: `/stores/${p.store}/orders/${p.storeOrderNo}` });
    reads.push({
      kind: 'world.order.details',
      as: p.buyer,
      path: `/stores/${p.store}/orders/${p.storeOrderNo}/details`,
    });
    reads.push({
      kind: 'world.order.history',
      as: auditor,
      path: `/stores/${p.store}/orders/${p.storeOrderNo}/history`,
    });
  }
  for (const r of records.redemptions) {
    reads.push({ kind: 'world.redemption', as: r.owner, path: `/redemptions/${txToken(r.ref)}` });
  }
  for (const e of records.evidence) {
    reads.push({ kind: 'world.evidence', as: e.owner, path: `/evidence/${e.hash}` });
    reads.push({
      kind: 'world.evidence.verification',
      as: 'EnergyMSP:meter1',
      path: `/evidence/${e.hash}/verification`,
    });
    if (e.batched) reads.push({ kind: 'world.evidence.proof', as: auditor, path: `/evidence/${e.hash}/proof` });
  }
  for (const b of records.batches) {
    reads.push({ kind: 'world.evidence-batch', as: b.owner, path: `/evidence-batches/${txToken(b.ref)}` });
  }
  for (const p of records.proposals)
    reads.push({ kind: 'world.proposal', as: auditor, path: `/proposals/${txToken(p)}` });
  for (const r of records.receivables) {
    reads.push({ kind: 'world.receivable', as: r.creditor, path: `/receivables/${r.id}` });
    reads.push({ kind: 'world.receivable.history', as: auditor, path: `/receivables/${r.id}/history` });
  }
  for (const r of records.receipts) {
    reads.push({ kind: 'world.receipt', as: r.owner, path: `/warehouse-receipts/${txToken(r.ref)}` });
  }
  for (const l of records.creditLines) {
    reads.push({ kind: 'world.credit-line', as: l.borrower, path: `/credit-lines/${txToken(l.ref)}` });
  }
  for (const msp of ['EcommerceMSP', 'FinanceMSP', 'EnergyMSP']) {
    reads.push({
      kind: 'world.members',
      as: auditor,
      path: '/members',
      query: { mspId: msp },
      listing: { pageSize: 100, order: 'set' },
    });
  }
  reads.push({ kind: 'world.member', as: 'EnergyMSP:Admin', path: '/members/{{party:EnergyMSP:meter1}}' });
  for (const w of records.writes) {
    reads.push({ kind: 'world.transaction', as: auditor, path: `/transactions/${txToken(w)}` });
  }
  return reads;
}

/**
 * A block holds the transactions the orderer cut into it: which others share a block with the one
 * asked for depends on timing (devnet cuts its own blocks, Fabric's orderers theirs), so only the
 * transaction the operation asked about is compared, and the count is not.
 */
function sameTransactions(body: unknown, path: string): unknown {
  const m = /\{\{block:(\d+)\}\}/.exec(path);
  const block = body as { transactions?: { transactionId: string }[]; transactionCount?: number };
  if (!m || !Array.isArray(block.transactions)) return body;
  const token = txToken(Number(m[1]));
  return {
    ...block,
    transactionCount: '{{count}}',
    transactions: block.transactions.filter((t) => t.transactionId === token),
  };
}

function txId(outcome: Outcome): string {
  const id = (outcome.body as { transactionId?: unknown }).transactionId;
  if (typeof id !== 'string')
    throw new Error(`a write answered without a transaction id: ${JSON.stringify(outcome.body)}`);
  return id;
}

function count(step: Step): number {
  return step.type === 'single' ? 1 : step.ops.length;
}

/** A view whose body is a page (`items` and `bookmark`) with its items sorted; any other view as it is. */
export function itemsAsMultiset(view: unknown): unknown {
  const body = (view as { body?: unknown }).body;
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { items?: unknown }).items)) return view;
  return { ...(view as object), body: { ...body, items: sortedItems((body as { items: unknown[] }).items) } };
}

/** Items in the order of their canonical JSON: for comparing them as a multiset. */
function sortedItems(items: unknown[]): unknown[] {
  return items
    .map(canonical)
    .sort()
    .map((s) => JSON.parse(s) as unknown);
}
