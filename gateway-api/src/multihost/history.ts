/**
 * A Jepsen-style history of a fault test: every HTTP attempt a client made and the answer it got, and the
 * moments the test healed a fault. From it and what the ledger holds afterwards come the figures the test
 * prints and asserts: requests, acknowledged, retried, lost, duplicated, time to recover after each heal.
 */

/** How a client must treat an answer. */
export type Outcome = 'acknowledged' | 'refused' | 'retry';

/** One HTTP attempt of one operation (an operation keeps its Idempotency-Key across its attempts). */
export interface Attempt {
  readonly worker: string;
  /** The organisation whose gateway served (or should have served) the attempt. */
  readonly gateway: string;
  /** `transfer`, `purchase`, `confirmation`, … */
  readonly op: string;
  readonly key: string;
  readonly attempt: number;
  readonly startedAt: number;
  readonly endedAt: number;
  /** The HTTP status; 0 when no answer came (connection refused or reset, unreachable, timed out). */
  readonly status: number;
  readonly code?: string;
  readonly transactionId?: string;
  readonly outcome: Outcome;
}

/** A fault the test healed (or a process it restarted), and which gateway's clients it concerned. */
export interface Heal {
  readonly fault: string;
  /** When the fault began. */
  readonly from: number;
  /** When it was healed. */
  readonly at: number;
  /** Recovery counts the first acknowledgement through this org's gateway; any gateway when unset. */
  readonly gateway?: string;
}

/**
 * The outcome of an answer: 2xx acknowledged; no answer, 5xx, 408, 429 or a problem marked `retryable`
 * (IDEMPOTENCY_IN_PROGRESS) retried with the same key; any other 4xx a refusal the client accepts.
 */
export function classify(status: number, body: unknown): Outcome {
  if (status >= 200 && status < 300) return 'acknowledged';
  const retryable = typeof body === 'object' && body !== null && (body as { retryable?: unknown }).retryable === true;
  if (status === 0 || status >= 500 || status === 408 || status === 429 || retryable) return 'retry';
  return 'refused';
}

/** An operation's final state: its last attempt's outcome, or `indeterminate` when it ended retrying. */
export interface OperationResult {
  readonly key: string;
  readonly worker: string;
  readonly gateway: string;
  readonly op: string;
  readonly state: 'acknowledged' | 'refused' | 'indeterminate';
  /** Every distinct transaction id an acknowledgement named (more than one is a duplicate). */
  readonly transactionIds: readonly string[];
  /** The last answer: HTTP status and problem code. */
  readonly last: { readonly status: number; readonly code?: string };
}

export class History {
  readonly #attempts: Attempt[] = [];
  readonly #heals: Heal[] = [];

  record(attempt: Attempt): void {
    this.#attempts.push(attempt);
  }

  healed(heal: Heal): void {
    this.#heals.push(heal);
  }

  get attempts(): readonly Attempt[] {
    return this.#attempts;
  }

  get heals(): readonly Heal[] {
    return this.#heals;
  }

  /** Each operation (by key, in the order first tried) and how it ended. */
  operations(): OperationResult[] {
    const byKey = new Map<string, Attempt[]>();
    for (const a of this.#attempts) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);
    return [...byKey.values()].map((attempts) => {
      const last = attempts[attempts.length - 1];
      if (!last) throw new Error('an operation without attempts');
      const acknowledged = attempts.filter((a) => a.outcome === 'acknowledged');
      const state = acknowledged.length > 0 ? 'acknowledged' : last.outcome === 'refused' ? 'refused' : 'indeterminate';
      return {
        key: last.key,
        worker: last.worker,
        gateway: last.gateway,
        op: last.op,
        state,
        transactionIds: [...new Set(acknowledged.flatMap((a) => (a.transactionId ? [a.transactionId] : [])))],
        last: { status: last.status, ...(last.code === undefined ? {} : { code: last.code }) },
      };
    });
  }

  /**
   * Per heal: milliseconds from it to the first acknowledgement after it, and how many acknowledgements
   * came while the fault lasted (through the heal's gateway, if it names one).
   */
  recoveries(): Recovery[] {
    return this.#heals.map((heal) => {
      const concerned = (a: Attempt): boolean =>
        a.outcome === 'acknowledged' && (heal.gateway === undefined || a.gateway === heal.gateway);
      const during = this.#attempts.filter((a) => concerned(a) && a.endedAt >= heal.from && a.endedAt < heal.at).length;
      const first = this.#attempts
        .filter(
          (a) =>
            a.outcome === 'acknowledged' &&
            a.endedAt >= heal.at &&
            (heal.gateway === undefined || a.gateway === heal.gateway),
        )
        .reduce<number | undefined>((min, a) => (min === undefined || a.endedAt < min ? a.endedAt : min), undefined);
      return { fault: heal.fault, ms: first === undefined ? undefined : first - heal.at, duringFault: during };
    });
  }
}

export interface Recovery {
  readonly fault: string;
  /** From the heal to the first acknowledgement after it; undefined when none came. */
  readonly ms: number | undefined;
  readonly duringFault: number;
}

/** What the checks found on the ledger, per operation key. */
export interface LedgerFindings {
  /** Acknowledged operations whose transaction the ledger does not hold as valid. */
  readonly lost: readonly string[];
  /** Operations the ledger applied more than once. */
  readonly duplicated: readonly string[];
}

export interface Figures {
  readonly requests: number;
  readonly operations: number;
  readonly acknowledged: number;
  readonly refused: number;
  readonly indeterminate: number;
  /** Attempts beyond each operation's first. */
  readonly retried: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly recoveries: readonly Recovery[];
  /** Each refused operation: what it was, how many attempts it took, and its answer. */
  readonly refusals: readonly string[];
}

export function figures(history: History, findings: LedgerFindings): Figures {
  const operations = history.operations();
  return {
    requests: history.attempts.length,
    operations: operations.length,
    acknowledged: operations.filter((o) => o.state === 'acknowledged').length,
    refused: operations.filter((o) => o.state === 'refused').length,
    indeterminate: operations.filter((o) => o.state === 'indeterminate').length,
    retried: history.attempts.filter((a) => a.attempt > 0).length,
    lost: findings.lost.length,
    duplicated: findings.duplicated.length,
    recoveries: history.recoveries(),
    refusals: operations
      .filter((o) => o.state === 'refused')
      .map((o) => {
        const attempts = history.attempts.filter((a) => a.key === o.key).length;
        return `${o.op} ${o.key} (${o.worker}, ${attempts} attempt(s)): ${o.last.status} ${o.last.code ?? ''}`.trim();
      }),
  };
}

/** The figures as the test prints them. */
export function describeFigures(f: Figures): string {
  const recoveries = f.recoveries
    .map(
      (r) =>
        `  ${r.fault}: ${r.ms === undefined ? 'no acknowledgement after it' : `${(r.ms / 1000).toFixed(1)} s`} ` +
        `(${r.duringFault} acknowledged during the fault)`,
    )
    .join('\n');
  return (
    `requests ${f.requests}, operations ${f.operations}: acknowledged ${f.acknowledged}, refused ${f.refused}, ` +
    `indeterminate ${f.indeterminate}; retried ${f.retried}; lost ${f.lost}; duplicated ${f.duplicated}\n` +
    `time from each heal to the first acknowledgement after it:\n${recoveries}` +
    (f.refusals.length > 0 ? `\nrefused:\n${f.refusals.map((r) => `  ${r}`).join('\n')}` : '')
  );
}
