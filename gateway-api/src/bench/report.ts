/**
 * `make bench`'s report: merges the figures the benchmarks wrote (chaincode's devnet-flows.bench and,
 * when the real network ran, fabric.bench) into `bench-results.json`, with the ratios under stable names,
 * and prints the table.
 *
 *   node gateway-api/dist/bench/report.js --devnet devnet.json [--fabric fabric.json] [--out bench-results.json]
 *
 * Names: flows are `<source>_<via>_<flow>_c<clients>` (`fabric_direct_pay_c200`, `fabric_rest_read_c40`,
 * `devnet_devnet_confirm_c40`); ratios `<flow>_over_baseline_c<N>` (direct, Fabric),
 * `rest_over_direct_<flow>_c<N>` (and `rest_new_connection_over_direct_read_c<N>`, reads over a new connection
 * per request), `devnet_over_fabric_<flow>_c<N>` and `devnet_over_fabric_<flow>` (each
 * side's best rate over its concurrency levels), `listing_<by>_p50_ratio` (devnet, largest over smallest
 * number of orders) and `fabric_listing_<by>_p50_ratio`, `gateway_rss_soak_growth` (last over first RSS
 * sample of the soak), `<flow>_over_baseline_cpu_c<N>` (the baseline's CPU per committed transaction, all
 * processes together, over the flow's: the rate ratio of a CPU-bound machine, steadier than the rates on a
 * shared one).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const Flow = z.object({
  flow: z.string(),
  via: z.string(),
  concurrency: z.number(),
  committed: z.number(),
  seconds: z.number(),
  txPerSecond: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  failures: z.record(z.string(), z.number()),
  cpuMsPerTx: z.record(z.string(), z.number()),
});
type Flow = z.infer<typeof Flow>;

const Listing = z.object({ orders: z.number(), by: z.string(), p50Ms: z.number(), p95Ms: z.number() });
type Listing = z.infer<typeof Listing>;

const RssSample = z.object({ atSeconds: z.number(), rssMiB: z.number() });

const Partial = z.looseObject({
  source: z.enum(['devnet', 'fabric']),
  loadAverage: z.object({ before: z.number(), after: z.number() }),
  flows: z.array(Flow),
  listings: z.array(Listing),
  gatewayRss: z
    .object({
      whole: z.array(RssSample),
      soak: z.object({ seconds: z.number(), rss: z.array(RssSample) }).optional(),
    })
    .optional(),
});
type Partial = z.infer<typeof Partial>;

/** The targets of issue 14, each as `ratio name → minimum` (listing and RSS: maximum). */
const TARGETS: readonly { readonly pattern: RegExp; readonly min?: number; readonly max?: number }[] = [
  { pattern: /^(pay|confirm|transfer)_over_baseline_c\d+$/, min: 0.9 },
  { pattern: /^rest_over_direct_(pay|confirm|transfer)_c\d+$/, min: 0.95 },
  { pattern: /^rest_over_direct_read_c\d+$/, min: 0.9 },
  { pattern: /^devnet_over_fabric_(pay|confirm|transfer|read)$/, min: 10 },
  { pattern: /^(fabric_)?listing_(buyer|store|status)_p50_ratio$/, max: 1.5 },
  { pattern: /^gateway_rss_soak_growth$/, max: 1.1 },
];

function key(source: string, f: Flow): string {
  return `${source}_${f.via}_${f.flow}_c${f.concurrency}`;
}

async function readPartial(file: string | undefined): Promise<Partial | undefined> {
  if (file === undefined || !existsSync(file)) return undefined;
  return Partial.parse(JSON.parse(await readFile(file, 'utf8')));
}

function round(n: number, digits = 3): number {
  return Number.isFinite(n) ? Number(n.toFixed(digits)) : NaN;
}

/** The ratios under their stable names. */
function ratios(devnet: Partial | undefined, fabric: Partial | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  const rate = (p: Partial | undefined, flow: string, via: string, c: number): number | undefined =>
    p?.flows.find((f) => f.flow === flow && f.via === via && f.concurrency === c)?.txPerSecond;
  const best = (p: Partial | undefined, flow: string, via: string): number | undefined => {
    const rates = (p?.flows ?? []).filter((f) => f.flow === flow && f.via === via).map((f) => f.txPerSecond);
    return rates.length === 0 ? undefined : Math.max(...rates);
  };
  const set = (name: string, a: number | undefined, b: number | undefined): void => {
    if (a !== undefined && b !== undefined && b > 0) out[name] = round(a / b);
  };
  // CPU per committed transaction, every process together: on a machine shared with other work the
  // rates move with the load, the cost much less. `<flow>_over_baseline_cpu_c<N>` is the baseline's cost
  // over the flow's, the rate ratio a CPU-bound machine would show.
  const cpu = (flow: string, c: number): number | undefined => {
    const f = fabric?.flows.find((x) => x.flow === flow && x.via === 'direct' && x.concurrency === c);
    return f && Object.values(f.cpuMsPerTx).reduce((a, b) => a + b, 0);
  };
  const levels = [...new Set(fabric?.flows.map((f) => f.concurrency) ?? [])].sort((a, b) => a - b);
  for (const c of levels) {
    const baseline = rate(fabric, 'baseline', 'direct', c);
    for (const flow of ['pay', 'confirm', 'transfer']) {
      set(`${flow}_over_baseline_c${c}`, rate(fabric, flow, 'direct', c), baseline);
      set(`${flow}_over_baseline_cpu_c${c}`, cpu('baseline', c), cpu(flow, c));
    }
    // For comparison with the runs before the benchmark's REST client kept its connections open.
    set(
      `rest_new_connection_over_direct_read_c${c}`,
      rate(fabric, 'read', 'rest-new-connection', c),
      rate(fabric, 'read', 'direct', c),
    );
    for (const flow of ['pay', 'confirm', 'transfer', 'read']) {
      set(`rest_over_direct_${flow}_c${c}`, rate(fabric, flow, 'rest', c), rate(fabric, flow, 'direct', c));
      set(`devnet_over_fabric_${flow}_c${c}`, rate(devnet, flow, 'devnet', c), rate(fabric, flow, 'direct', c));
    }
  }
  for (const flow of ['pay', 'confirm', 'transfer', 'read']) {
    set(`devnet_over_fabric_${flow}`, best(devnet, flow, 'devnet'), best(fabric, flow, 'direct'));
  }
  for (const [prefix, p] of [
    ['', devnet],
    ['fabric_', fabric],
  ] as const) {
    for (const by of ['buyer', 'store', 'status']) {
      const rows = (p?.listings ?? []).filter((l) => l.by === by).sort((a, b) => a.orders - b.orders);
      const small = rows[0];
      const large = rows[rows.length - 1];
      if (small && large && large.orders > small.orders)
        set(`${prefix}listing_${by}_p50_ratio`, large.p50Ms, small.p50Ms);
    }
  }
  const soak = fabric?.gatewayRss?.soak?.rss ?? [];
  // The first samples hold the warm-up: the growth is measured from the end of the first minute (or tenth).
  const settled = soak.find((s) => s.atSeconds >= Math.min(60, (fabric?.gatewayRss?.soak?.seconds ?? 0) / 10));
  const last = soak[soak.length - 1];
  if (settled && last) set('gateway_rss_soak_growth', last.rssMiB, settled.rssMiB);
  return out;
}

function verdict(name: string, value: number): string {
  const target = TARGETS.find((t) => t.pattern.test(name));
  if (!target) return '';
  if (target.min !== undefined) return value >= target.min ? `≥ ${target.min} met` : `≥ ${target.min} MISSED`;
  if (target.max !== undefined) return value <= target.max ? `≤ ${target.max} met` : `≤ ${target.max} MISSED`;
  return '';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      devnet: { type: 'string' },
      fabric: { type: 'string' },
      out: { type: 'string', default: 'bench-results.json' },
    },
  });
  const devnet = await readPartial(values.devnet);
  const fabric = await readPartial(values.fabric);
  const flows: Record<string, object> = {};
  const table: string[] = ['| flow | via | clients | tx/s | p50 ms | p95 ms | committed | CPU ms/tx (all processes) |'];
  table.push('|---|---|---|---|---|---|---|---|');
  for (const p of [devnet, fabric]) {
    for (const f of p?.flows ?? []) {
      const cpu = Object.values(f.cpuMsPerTx).reduce((a, b) => a + b, 0);
      flows[key(p?.source ?? '', f)] = {
        txPerSecond: round(f.txPerSecond, 1),
        p50Ms: round(f.p50Ms ?? NaN, 1),
        p95Ms: round(f.p95Ms ?? NaN, 1),
        committed: f.committed,
        failures: f.failures,
        cpuMsPerTx: Object.fromEntries(Object.entries(f.cpuMsPerTx).map(([k, v]) => [k, round(v, 2)])),
      };
      table.push(
        `| ${p?.source ?? ''} ${f.flow} | ${f.via} | ${f.concurrency} | ${f.txPerSecond.toFixed(1)} | ` +
          `${(f.p50Ms ?? NaN).toFixed(1)} | ${(f.p95Ms ?? NaN).toFixed(1)} | ${f.committed} | ${cpu.toFixed(2)} |`,
      );
    }
  }
  const named = ratios(devnet, fabric);
  const soak = fabric?.gatewayRss?.soak;
  const results = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    loadAverage: { devnet: devnet?.loadAverage, fabric: fabric?.loadAverage },
    fabricRan: fabric !== undefined,
    ratios: named,
    targets: Object.fromEntries(
      Object.entries(named)
        .map(([k, v]) => [k, verdict(k, v)] as const)
        .filter(([, v]) => v !== ''),
    ),
    flows,
    listings: { devnet: devnet?.listings ?? [], fabric: fabric?.listings ?? [] },
    gatewayRss: soak
      ? {
          soakSeconds: soak.seconds,
          firstMiB: round(soak.rss[0]?.rssMiB ?? NaN, 1),
          lastMiB: round(soak.rss[soak.rss.length - 1]?.rssMiB ?? NaN, 1),
          maxMiB: round(Math.max(...soak.rss.map((s) => s.rssMiB)), 1),
          samples: soak.rss,
        }
      : undefined,
  };
  await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${table.join('\n')}\n`);
  console.log('| ratio | value | target |');
  console.log('|---|---|---|');
  for (const [k, v] of Object.entries(named)) console.log(`| ${k} | ${v} | ${verdict(k, v)} |`);
  if (!fabric) console.log('\n(no Fabric figures: the real network did not run)');
  console.log(`\nwritten to ${values.out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
