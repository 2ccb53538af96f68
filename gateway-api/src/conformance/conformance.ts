import { appendFileSync } from 'node:fs';
import { newRunId, openScenarioTarget, type ScenarioTargetOptions } from '../test/scenario-target';
import { bootstrapLedger } from './bootstrap';
import { OperationGenerator } from './generator';
import { LedgerTarget } from './ledger-target';
import { randomSeed, seededRandom } from './prng';
import { formatDifference, formatFigures, type ReplayHint } from './report';
import { DifferentialRun, type Figures } from './runner';

export interface ConformanceOptions {
  readonly seed: number;
  readonly operations: number;
  /** The ledger compared with devnet: a running gateway. Without it, a second devnet (the runner's self-check). */
  readonly candidate?: ScenarioTargetOptions;
  readonly hint: ReplayHint;
  readonly maxDifferences?: number;
  readonly log?: (line: string) => void;
  /** A file that receives every compared pair of normalised answers, one JSON line each. */
  readonly dumpFile?: string;
}

export interface ConformanceResult {
  readonly figures: Figures;
  /** The figures, printable. */
  readonly summary: string;
  /** Each difference, printable. */
  readonly differences: readonly string[];
}

/** Seed and length from the environment (`CONFORMANCE_SEED`, `CONFORMANCE_OPS`), for replays. */
export function settingsFromEnvironment(defaultOperations: number): { seed: number; operations: number } {
  const seed = process.env.CONFORMANCE_SEED;
  const ops = process.env.CONFORMANCE_OPS;
  const parse = (name: string, value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not ${value}`);
    return n;
  };
  return {
    seed: seed ? parse('CONFORMANCE_SEED', seed) : randomSeed(),
    operations: ops ? parse('CONFORMANCE_OPS', ops) : defaultOperations,
  };
}

/**
 * The differential test: a gateway on devnet in this process and the candidate gateway, both
 * bootstrapped for one run id, driven with the same seeded operations and compared.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const runId = newRunId();
  // Every read the run makes would exceed the default per-credential rate on a fast devnet.
  const gatewayEnv = { GATEWAY_RATE_LIMIT_PER_MINUTE: '10000000' };
  const [devnet, candidate] = await Promise.all([
    openScenarioTarget({ runId, gatewayEnv }),
    openScenarioTarget({ ...(options.candidate ?? {}), runId, gatewayEnv }),
  ]);
  const names = ['devnet', options.candidate?.url ? 'fabric' : 'devnet-2'] as const;
  try {
    const [a, b] = await Promise.all([bootstrapLedger(devnet), bootstrapLedger(candidate)]);
    const startedAt = Date.now();
    const chosenTimes = new Set<string>();
    const ledger = (name: string, boot: typeof a): LedgerTarget => {
      const l = new LedgerTarget({ name, target: boot.alliance.target, parties: boot.parties, chosenTimes });
      for (const [tx, token] of boot.transactions) l.nameTransaction(tx, token);
      return l;
    };
    const reference = ledger(names[0], a);
    const other = ledger(names[1], b);
    const generator = new OperationGenerator({
      random: seededRandom(options.seed),
      runId,
      currency: a.alliance.currency,
      startedAt,
      chosenTimes,
    });
    const { dumpFile } = options;
    const run = new DifferentialRun(reference, other, generator, {
      seed: options.seed,
      operations: options.operations,
      runId,
      maxDifferences: options.maxDifferences ?? 5,
      ...(options.log ? { log: options.log } : {}),
      ...(dumpFile === undefined
        ? {}
        : {
            dump: (entry): void => {
              appendFileSync(dumpFile, `${JSON.stringify(entry)}\n`);
            },
          }),
    });
    const figures = await run.run();
    return {
      figures,
      summary: formatFigures(figures, names, [reference, other]),
      differences: figures.differences.map((d) => formatDifference(d, figures, names, options.hint)),
    };
  } finally {
    await Promise.all([devnet.close(), candidate.close()]);
  }
}
