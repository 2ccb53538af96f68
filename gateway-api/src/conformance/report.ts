import type { Difference, Figures } from './runner';

/** How to run a seed again, as the report prints it. */
export interface ReplayHint {
  /** The command that runs a differential test, e.g. `make conformance`. */
  readonly command: string;
}

/** The figures of a run, as lines for a terminal. */
export function formatFigures(
  figures: Figures,
  names: readonly [string, string],
  times: readonly { readonly busyMs: number; readonly elapsedMs: number; readonly requests: number }[],
): string {
  const lines: string[] = [];
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  lines.push(`conformance run ${figures.runId}, seed ${figures.seed}`);
  lines.push(`  operations: ${figures.operations} in ${s(figures.wallMs)}`);
  const time = (i: number): string => {
    const t = times[i];
    return t === undefined
      ? '?'
      : `${names[i] ?? '?'} ${s(t.busyMs)} (${t.requests} requests, ${s(t.elapsedMs)} summed)`;
  };
  lines.push(`  time on each ledger (with a request outstanding): ${time(0)}; ${time(1)}`);
  lines.push(`  by expected status: ${formatCounts(figures.byExpectedStatus)}`);
  lines.push(`  by status ${names[0]} answered: ${formatCounts(figures.byStatus)}`);
  lines.push(
    `  concurrent groups: ${figures.concurrentGroups} (outcomes: ${formatCounts(figures.concurrentOutcomes) || 'none'})`,
  );
  lines.push(`  ?async=true writes: ${figures.asyncWrites}`);
  lines.push(
    `  listings paged to the end: ${figures.listings} (${figures.pages} pages; compared exactly ${figures.listingsCompared.exact}, ` +
      `on the run's records ${figures.listingsCompared.projected})`,
  );
  lines.push(`  transaction and event reads compared: ${figures.eventReads}`);
  lines.push(`  reads of world state compared: ${figures.worldReads}`);
  lines.push(`  not comparable (earlier runs' records on the ledger): ${figures.notComparable.length}`);
  lines.push(`  model misses (status other than the model expected; not a divergence): ${figures.modelMisses.length}`);
  for (const miss of figures.modelMisses.slice(0, 10)) lines.push(`    ${miss}`);
  lines.push(`  differences: ${figures.differences.length}`);
  lines.push('  operations by kind:');
  const kinds = [...figures.byKind.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  for (const [kind, n] of kinds) lines.push(`    ${kind.padEnd(52)} ${String(n).padStart(5)}`);
  return lines.join('\n');
}

/** A difference, readable: the operation, both answers, the seed and how to replay it. */
export function formatDifference(
  d: Difference,
  figures: Figures,
  names: readonly [string, string],
  hint: ReplayHint,
): string {
  const { op } = d;
  const upTo = typeof d.index === 'number' ? d.index + 1 : figures.operations;
  return [
    `difference at operation ${d.index} (${op.kind}): ${d.what}, first at ${d.path}`,
    `  operation: ${op.method} ${op.path}${op.query ? ` ${JSON.stringify(op.query)}` : ''} as ${op.as ?? '(no credential)'}` +
      (op.async ? ' ?async=true' : ''),
    ...(op.body === undefined ? [] : [`  body: ${JSON.stringify(op.body)}`]),
    `  ${names[0]}: ${JSON.stringify(d.reference, null, 2).replace(/\n/g, '\n    ')}`,
    `  ${names[1]}: ${JSON.stringify(d.candidate, null, 2).replace(/\n/g, '\n    ')}`,
    `  seed ${figures.seed}; replay: CONFORMANCE_SEED=${figures.seed} CONFORMANCE_OPS=${upTo} ${hint.command}`,
  ].join('\n');
}

function formatCounts<K extends string | number>(counts: ReadonlyMap<K, number>): string {
  return [...counts.entries()]
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
}
