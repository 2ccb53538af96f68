/** Running a closed-loop workload and printing its figures, shared by the benchmarks. */

export interface Figures {
  readonly name: string;
  readonly committed: number;
  readonly failed: Record<string, number>;
  readonly seconds: number;
  readonly latenciesMs: number[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function report(f: Figures): void {
  const sorted = [...f.latenciesMs].sort((a, b) => a - b);
  const failed = Object.entries(f.failed)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  console.log(
    `${f.name.padEnd(28)} ${(f.committed / f.seconds).toFixed(0).padStart(6)} tx/s committed  ` +
      `p50 ${percentile(sorted, 50).toFixed(1)} ms  p95 ${percentile(sorted, 95).toFixed(1)} ms  ` +
      `committed ${f.committed} in ${f.seconds.toFixed(2)} s${failed ? `  failed: ${failed}` : ''}`,
  );
}

/** `concurrency` clients each run `op` one call after another until `total` calls have been made. */
export async function run(
  name: string,
  total: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<Figures> {
  let next = 0;
  let committed = 0;
  const failed: Record<string, number> = {};
  const latenciesMs: number[] = [];
  const started = process.hrtime.bigint();
  let lastReport = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = process.hrtime.bigint();
        try {
          await op(i);
          committed++;
          latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (err) {
          const kind = (err as { codeName?: string; name?: string }).codeName ?? (err as Error).name;
          failed[kind] = (failed[kind] ?? 0) + 1;
        }
        if (Date.now() - lastReport > 2000) {
          lastReport = Date.now();
          process.stderr.write(`  ${name}: ${committed}/${total}\n`);
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { name, committed, failed, seconds, latenciesMs };
}
