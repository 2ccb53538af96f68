import { classify, describeFigures, figures, History, type Attempt } from './history';

const at = (over: Partial<Attempt> & Pick<Attempt, 'key' | 'outcome'>): Attempt => ({
  worker: 'w1',
  gateway: 'ecommerce',
  op: 'transfer',
  attempt: 0,
  startedAt: 0,
  endedAt: 0,
  status: over.outcome === 'acknowledged' ? 201 : 503,
  ...over,
});

describe('fault-test history', () => {
  it('classifies answers: 2xx acknowledged, no answer / 5xx / retryable problems retried, other 4xx refused', () => {
    expect(classify(201, {})).toBe('acknowledged');
    expect(classify(0, undefined)).toBe('retry');
    expect(classify(503, { code: 'LEDGER_UNAVAILABLE' })).toBe('retry');
    expect(classify(409, { code: 'IDEMPOTENCY_IN_PROGRESS', retryable: true })).toBe('retry');
    expect(classify(409, { code: 'ILLEGAL_STATE' })).toBe('refused');
    expect(classify(422, { code: 'INSUFFICIENT_FUNDS' })).toBe('refused');
  });

  it('ends each operation by its attempts, counts retries, and names every transaction an acknowledgement gave', () => {
    const h = new History();
    h.record(at({ key: 'a', outcome: 'retry' }));
    h.record(at({ key: 'a', attempt: 1, outcome: 'acknowledged', transactionId: 't1', endedAt: 10 }));
    h.record(at({ key: 'a', attempt: 2, outcome: 'acknowledged', transactionId: 't1', endedAt: 11 }));
    h.record(at({ key: 'b', outcome: 'refused', status: 422 }));
    h.record(at({ key: 'c', outcome: 'retry' }));
    expect(h.operations()).toEqual([
      expect.objectContaining({ key: 'a', state: 'acknowledged', transactionIds: ['t1'] }),
      expect.objectContaining({ key: 'b', state: 'refused', transactionIds: [] }),
      expect.objectContaining({ key: 'c', state: 'indeterminate' }),
    ]);
    const f = figures(h, { lost: [], duplicated: ['a'] });
    expect(f).toMatchObject({ requests: 5, operations: 3, acknowledged: 1, refused: 1, indeterminate: 1 });
    expect(f).toMatchObject({ retried: 2, lost: 0, duplicated: 1 });
    expect(f.refusals).toEqual(['transfer b (w1, 1 attempt(s)): 422']);
  });

  it('measures recovery from a heal to the first acknowledgement through the named gateway', () => {
    const h = new History();
    h.healed({ fault: 'ecommerce link up', from: 0, at: 1000, gateway: 'ecommerce' });
    h.healed({ fault: 'leader rejoined', from: 0, at: 1000 });
    h.healed({ fault: 'never recovered', from: 8000, at: 9000 });
    h.record(at({ key: 'w', gateway: 'finance', outcome: 'acknowledged', endedAt: 500 }));
    h.record(at({ key: 'x', gateway: 'finance', outcome: 'acknowledged', endedAt: 1200 }));
    h.record(at({ key: 'y', gateway: 'ecommerce', outcome: 'retry', endedAt: 1500 }));
    h.record(at({ key: 'y', gateway: 'ecommerce', attempt: 1, outcome: 'acknowledged', endedAt: 2500 }));
    expect(h.recoveries()).toEqual([
      { fault: 'ecommerce link up', ms: 1500, duringFault: 0 },
      { fault: 'leader rejoined', ms: 200, duringFault: 1 },
      { fault: 'never recovered', ms: undefined, duringFault: 0 },
    ]);
    expect(describeFigures(figures(h, { lost: [], duplicated: [] }))).toContain(
      'ecommerce link up: 1.5 s (0 acknowledged during the fault)',
    );
  });
});
