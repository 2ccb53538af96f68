import { createHash } from 'node:crypto';
import express, { type Express } from 'express';
import request from 'supertest';
import type { Identity } from '../scenarios/alliance-bootstrap';
import type { ScenarioTarget } from '../test/scenario-target';
import type { RunRecords } from './generator';
import { LedgerTarget } from './ledger-target';
import { Normaliser, canonical, firstDifference } from './normalise';
import type { Operation, Outcome, Step } from './operation';
import { seededRandom } from './prng';
import { formatDifference } from './report';
import { DifferentialRun, itemsAsMultiset, type StepSource } from './runner';

const RUN = 'run42';
const BUYER: Identity = 'EcommerceMSP:buyer1';

/** A gateway that answers a few routes the way the real one does, with its own certificates and ids. */
function fakeGateway(name: string, options: { amount?: string; foreign?: boolean; lagOnce?: boolean } = {}): Express {
  const app = express();
  app.use(express.json());
  const party = `EcommerceMSP::x509::/CN=${name}-buyer1::/CN=${name}-ca`;
  const tx = (n: number): string => createHash('sha256').update(`${name}/${n}`).digest('hex');
  let writes = 0;
  let lagged = false;
  app.post('/api/v1/transfers', (req, res) => {
    writes += 1;
    const id = tx(writes);
    const body = req.body as { amount: string };
    res.status(201).json({
      transactionId: id,
      blockNumber: String(writes + (name === 'b' ? 7 : 0)),
      data: { txId: id, amount: options.amount ?? body.amount, at: new Date().toISOString() },
    });
  });
  app.get('/api/v1/transactions/:id', (req, res) => {
    res.json({
      transactionId: req.params.id,
      status: 'COMMITTED',
      blockNumber: '3',
      events: [{ name: 'Transferred', payload: { txId: req.params.id, audience: { parties: [party] } } }],
    });
  });
  app.get('/api/v1/me', (_req, res) => {
    if (options.lagOnce && !lagged) {
      lagged = true;
      res.json({ caller: { party, id: party.slice(14) }, member: null });
      return;
    }
    res.json({ caller: { party, id: party.slice(14) }, member: { party, status: 'ACTIVE' } });
  });
  app.get('/api/v1/accounts', (req, res) => {
    const own = [{ accountId: `a1-${RUN}` }, { accountId: `a2-${RUN}` }, { accountId: `a3-${RUN}` }];
    const items = options.foreign ? [{ accountId: 'a0-earlier' }, ...own] : own;
    const size = Number(req.query.pageSize);
    const start = Number(req.query.bookmark ?? 0);
    const next = start + size;
    res.json({ items: items.slice(start, next), bookmark: next < items.length ? String(next) : '' });
  });
  return app;
}

function target(app: Express): ScenarioTarget {
  return {
    kind: 'remote',
    http: () => request(app),
    key: (identity) => identity,
    elapse: () => Promise.resolve(),
    runId: RUN,
    close: () => Promise.resolve(),
  };
}

function ledger(name: string, app: Express): LedgerTarget {
  return new LedgerTarget({
    name,
    target: target(app),
    parties: new Map([[BUYER, `EcommerceMSP::x509::/CN=${name}-buyer1::/CN=${name}-ca`]]),
    chosenTimes: new Set(),
  });
}

/** The steps of a test, in order. */
function steps(ops: Omit<Operation, 'index'>[]): StepSource & { observed: Outcome[] } {
  let index = 0;
  const observed: Outcome[] = [];
  return {
    observed,
    next: (): Step => {
      const op = ops[index];
      if (!op) throw new Error('no more steps');
      return { type: 'single', op: { index: index++, ...op } };
    },
    observe: (_step, outcomes) => {
      observed.push(...outcomes);
    },
    records: (): RunRecords => ({
      accounts: [],
      purchases: [],
      redemptions: [],
      evidence: [],
      batches: [],
      proposals: [],
      receivables: [],
      receipts: [],
      creditLines: [],
      writes: [],
    }),
  };
}

const transfer: Omit<Operation, 'index'> = {
  kind: 'transfers.transfer',
  as: BUYER,
  method: 'POST',
  path: '/transfers',
  body: { amount: '10' },
  expect: 201,
};

async function run(a: Express, b: Express, ops: Omit<Operation, 'index'>[]) {
  const source = steps(ops);
  const differential = new DifferentialRun(ledger('a', a), ledger('b', b), source, {
    seed: 7,
    operations: ops.length,
    runId: RUN,
    worldState: false,
  });
  return { figures: await differential.run(), source };
}

describe('the differential runner', () => {
  it('finds two ledgers alike when only ids, parties, blocks and times differ, events included', async () => {
    const { figures, source } = await run(fakeGateway('a'), fakeGateway('b'), [
      transfer,
      { kind: 'transactions.get', as: BUYER, method: 'GET', path: '/transactions/{{tx:0}}', expect: 200 },
    ]);
    expect(figures.differences).toEqual([]);
    expect(figures.operations).toBe(2);
    // The write's transaction read back as the caller and as the default non-party.
    expect(figures.eventReads).toBe(2);
    expect(source.observed.map((o) => o.status)).toEqual([201, 200]);
  });

  it('reports a difference with the operation, both answers, the path, the seed and the replay', async () => {
    const { figures } = await run(fakeGateway('a'), fakeGateway('b', { amount: '11' }), [transfer]);
    expect(figures.differences).toHaveLength(1);
    const [d] = figures.differences;
    expect(d).toMatchObject({ index: 0, what: 'answer', path: '$.body.data.amount' });
    expect(d?.reference).toMatchObject({
      status: 201,
      body: { transactionId: '{{tx:0}}', blockNumber: '{{block}}', data: { txId: '{{tx:0}}', amount: '10' } },
    });
    const text = formatDifference(d!, figures, ['devnet', 'fabric'], { command: 'make conformance' });
    expect(text).toContain('difference at operation 0 (transfers.transfer): answer, first at $.body.data.amount');
    expect(text).toContain('CONFORMANCE_SEED=7 CONFORMANCE_OPS=1 make conformance');
  });

  it('compares listings page by page, and on the run records alone when a ledger holds earlier runs', async () => {
    const list: Omit<Operation, 'index'> = {
      kind: 'accounts.list',
      as: BUYER,
      method: 'GET',
      path: '/accounts',
      listing: { pageSize: 2, order: 'key' },
      expect: 200,
    };
    const same = await run(fakeGateway('a'), fakeGateway('b'), [list]);
    expect(same.figures.differences).toEqual([]);
    expect(same.figures.listingsCompared).toEqual({ exact: 1, projected: 0 });
    const earlier = await run(fakeGateway('a'), fakeGateway('b', { foreign: true }), [list]);
    expect(earlier.figures.differences).toEqual([]);
    expect(earlier.figures.listingsCompared).toEqual({ exact: 0, projected: 1 });
  });

  it('reads a lagging answer again before it counts as a difference', async () => {
    const { figures } = await run(fakeGateway('a'), fakeGateway('b', { lagOnce: true }), [
      { kind: 'members.me', as: BUYER, method: 'GET', path: '/me', expect: 200 },
    ]);
    expect(figures.differences).toEqual([]);
  });
});

describe('a page the model did not expect', () => {
  const page = (...items: unknown[]) => ({ status: 200, body: { items, bookmark: '' } });

  it('is compared as a multiset of items: the order may follow transaction ids', () => {
    const a = itemsAsMultiset(page({ recordId: '{{tx:9}}.0' }, { recordId: '{{tx:3}}.0' }));
    const b = itemsAsMultiset(page({ recordId: '{{tx:3}}.0' }, { recordId: '{{tx:9}}.0' }));
    expect(canonical(a)).toBe(canonical(b));
    expect(canonical(a)).not.toBe(canonical(itemsAsMultiset(page({ recordId: '{{tx:3}}.0' }))));
  });

  it('leaves any other answer as it is', () => {
    const refusal = { status: 403, body: { code: 'FORBIDDEN', items: 'not a page' } };
    expect(itemsAsMultiset(refusal)).toEqual(refusal);
  });
});

describe('the normaliser', () => {
  const party = 'EcommerceMSP::x509::/C=US/CN=User3@ecommerce.example.com::/C=US/CN=ca.ecommerce.example.com';
  const tx = 'ab'.repeat(32);
  const normaliser = new Normaliser(
    { parties: new Map([[BUYER, party]]), transactions: new Map([[tx, '{{tx:5}}']]) },
    new Set(['2031-01-01T12:00:00Z']),
  );

  it('rewrites ids, parties, blocks, times and bookmarks, and nothing else', () => {
    expect(
      normaliser.normalise({
        settlementNo: tx,
        parts: [`${tx}-1`, `${tx}.0`],
        buyer: party,
        caller: { id: party.slice('EcommerceMSP::'.length) },
        instance: `/api/v1/credit-reports/${encodeURIComponent(party)}`,
        blockNumber: '17',
        createdAt: '2030-05-01T10:00:00.123Z',
        shippedAt: '2030-05-01T10:00:00Z',
        dueAt: '2031-01-01T12:00:00Z',
        bookmark: '\u0000order~buyer\u0000x',
        last: { bookmark: '' },
        requestId: 'r-1',
        amount: '12800',
        evidence: 'cd'.repeat(32),
      }),
    ).toEqual({
      settlementNo: '{{tx:5}}',
      parts: ['{{tx:5}}-1', '{{tx:5}}.0'],
      buyer: '{{party:EcommerceMSP:buyer1}}',
      caller: { id: '{{x509:EcommerceMSP:buyer1}}' },
      instance: '/api/v1/credit-reports/{{party:EcommerceMSP:buyer1}}',
      blockNumber: '{{block}}',
      createdAt: '{{time.3}}',
      shippedAt: '{{time}}',
      dueAt: '2031-01-01T12:00:00Z',
      bookmark: '{{bookmark}}',
      last: { bookmark: '' },
      requestId: '{{request-id}}',
      amount: '12800',
      evidence: 'cd'.repeat(32),
    });
  });

  it('rewrites block hashes in explorer answers only', () => {
    expect(normaliser.normalise({ hash: 'ef'.repeat(32), number: '4' }, 'block')).toEqual({
      hash: '{{block-hash}}',
      number: '{{block}}',
    });
    expect(normaliser.normalise({ hash: 'ef'.repeat(32) })).toEqual({ hash: 'ef'.repeat(32) });
  });

  it('names the first differing path', () => {
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe('$.a[1].b');
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeUndefined();
    expect(canonical({ b: 1, a: [2] })).toBe('{"a":[2],"b":1}');
  });
});

describe('the seeded generator', () => {
  it('repeats its sequence for a seed and differs for another', () => {
    const draw = (seed: number): number[] => {
      const random = seededRandom(seed);
      return Array.from({ length: 8 }, () => random.below(1000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    const random = seededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const n = random.between(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
    }
    expect(random.weighted({ never: 0, always: 1 })).toBe('always');
  });
});
