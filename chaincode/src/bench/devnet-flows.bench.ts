/**
 * The payment flows on devnet, with the real contracts: wallet transfer, settlement request (pay), receipt
 * confirmation and balance read, each at every `--concurrency` level (closed loop: each client waits for its
 * commit before the next), then the listings by buyer, store and status at growing numbers of orders.
 * Every signature is real (devnet's in-process client, as devnet/src/bench/throughput.bench.ts). Prints
 * figures and, with `--out`, writes them as JSON for `make bench`'s report (gateway-api/src/bench/report.ts);
 * asserts nothing.
 *
 *   node chaincode/dist/bench/devnet-flows.bench.js [--transactions 3000] [--concurrency 40,200]
 *     [--orders 10000,100000] [--samples 200] [--settle-seconds 15] [--out file.json]
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';

import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Alliance, STANDARD_ROLES, orderSnapshot, type Client } from '../test/alliance';

/** One measured flow, in the shape `make bench`'s report reads. */
export interface FlowFigures {
  readonly flow: string;
  readonly via: string;
  readonly concurrency: number;
  readonly committed: number;
  readonly seconds: number;
  readonly txPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly failures: Record<string, number>;
  /** CPU milliseconds per committed transaction, by process. */
  readonly cpuMsPerTx: Record<string, number>;
}

/** Listing latency at one number of orders. */
export interface ListingFigures {
  readonly orders: number;
  readonly by: string;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly samples: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * `concurrency` clients run `op(worker, n)` one after another until `total` calls were made; an `op`
 * answering `false` has no more work for its worker (not a failure, not timed).
 */
async function measure(
  flow: string,
  concurrency: number,
  total: number,
  op: (worker: number, n: number) => Promise<unknown>,
): Promise<FlowFigures> {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let issued = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let n = 0; issued < total; n++) {
        issued++;
        const started = performance.now();
        try {
          if ((await op(w, n)) === false) break;
          latencies.push(performance.now() - started);
        } catch (err) {
          const kind = (err as { name?: string }).name ?? 'Error';
          failures[kind] = (failures[kind] ?? 0) + 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sorted = latencies.sort((a, b) => a - b);
  const figures: FlowFigures = {
    flow,
    via: 'devnet',
    concurrency,
    committed: sorted.length,
    seconds,
    txPerSecond: sorted.length / seconds,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    failures,
    cpuMsPerTx: { devnet: (cpu.user + cpu.system) / 1000 / Math.max(1, sorted.length) },
  };
  const failed = Object.entries(failures).map(([k, v]) => `${k}=${v}`);
  console.log(
    `${`${flow} c${concurrency}`.padEnd(16)} ${figures.txPerSecond.toFixed(0).padStart(6)} tx/s  ` +
      `p50 ${figures.p50Ms.toFixed(1)} ms  p95 ${figures.p95Ms.toFixed(1)} ms  committed ${figures.committed}  ` +
      `CPU ${(figures.cpuMsPerTx.devnet ?? NaN).toFixed(2)} ms/tx${failed.length ? `  failed: ${failed.join(' ')}` : ''}`,
  );
  return figures;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      transactions: { type: 'string', default: '3000' },
      concurrency: { type: 'string', default: '40,200' },
      orders: { type: 'string', default: '10000,100000' },
      samples: { type: 'string', default: '200' },
      'settle-seconds': { type: 'string', default: '15' },
      out: { type: 'string' },
    },
  });
  const total = Number(values.transactions);
  const levels = values.concurrency.split(',').map(Number);
  const orderSizes = values.orders === '' ? [] : values.orders.split(',').map(Number);
  const samples = Number(values.samples);
  const settleMs = Number(values['settle-seconds']) * 1000;
  const maxClients = Math.max(...levels, 200);
  const load0 = loadavg()[0] ?? NaN;
  const alliance = await Alliance.open({ batch: { maxMessageCount: 100, batchTimeoutMs: 10 } });
  try {
    console.log(
      `devnet flows — the alliance contracts, ${total} transactions per flow, concurrency ${levels.join(', ')}, ` +
        `blocks of up to 100 tx or 10 ms, node ${process.version}, ${cpus().length} CPUs, load ${load0.toFixed(2)}`,
    );
    await alliance.registerMembers(STANDARD_ROLES);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    const buyer = await alliance.client('EcommerceMSP', 'buyer1');
    const store = await alliance.client('EcommerceMSP', 'store1');
    const issuer = await alliance.client('FinanceMSP', 'issuer1');
    const auditor = await alliance.client('FinanceMSP', 'auditor1');
    await store.submit('wallets:OpenAccount', { accountId: 'bench-store' });
    // One payer account per client: a debit reads its account, so one shared payer would serialise the load.
    const payers = Array.from({ length: maxClients }, (_, i) => `bench-payer${i}`);
    await Promise.all(
      payers.map(async (accountId) => {
        await buyer.submit('wallets:OpenAccount', { accountId });
        await issuer.submit('wallets:Issue', { currency: 'CNY', accountId, amount: '100000000000' });
      }),
    );

    let orderSeq = 0;
    const pay = async (w: number): Promise<{ storeOrderNo: string; settlementNo: string }> => {
      const storeOrderNo = `SO-${String(++orderSeq).padStart(7, '0')}`;
      const result = await buyer.submit(
        'settlements:RequestSettlement',
        { storeOrderNo, buyerAccountId: payers[w], storeAccountId: 'bench-store', currency: 'CNY', amount: '100' },
        { transient: { order: orderSnapshot(storeOrderNo, '100') } },
      );
      return { storeOrderNo, settlementNo: String(result.settlement.settlementNo) };
    };

    const flows: FlowFigures[] = [];
    for (const c of levels) {
      flows.push(
        await measure('transfer', c, total, (w) =>
          buyer.submit('wallets:Transfer', {
            fromAccountId: payers[w],
            toAccountId: 'bench-store',
            currency: 'CNY',
            amount: '1',
          }),
        ),
      );
      const paid: { storeOrderNo: string; settlementNo: string; payer: number }[] = [];
      flows.push(await measure('pay', c, total, async (w) => paid.push({ ...(await pay(w)), payer: w })));
      await shipAll(store, paid, c);
      // Worker w confirms only what its own payer paid: a confirmation rewrites that account's balance.
      const queues = Array.from({ length: c }, (_, w) => paid.filter((p) => p.payer === w));
      flows.push(
        await measure('confirm', c, Infinity, async (w, n) => {
          const p = queues[w]?.[n];
          if (!p) return false;
          return buyer.submit('settlements:ConfirmReceipt', { settlementNo: p.settlementNo, amountToPay: '100' });
        }),
      );
      flows.push(
        await measure('read', c, total * 3, (w) =>
          buyer.evaluate('wallets:GetBalance', { accountId: payers[w], currency: 'CNY' }),
        ),
      );
    }

    const listings: ListingFigures[] = [];
    const listers: Record<string, { client: Client; input: object }> = {
      buyer: { client: buyer, input: { by: 'buyer' } },
      store: { client: store, input: { by: 'store' } },
      status: { client: auditor, input: { by: 'status', value: 'PLACED' } },
    };
    for (const size of orderSizes) {
      const missing = size - orderSeq;
      if (missing > 0) {
        const started = performance.now();
        let left = missing;
        await Promise.all(
          Array.from({ length: maxClients }, async (_, w) => {
            while (left-- > 0) await pay(w);
          }),
        );
        console.log(`  loaded ${missing} orders in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
      // Measured once the load has settled: right after a bulk load LevelDB compacts it in the
      // background, and the first pages read cold blocks — neither is the listing's steady cost.
      await sleep(settleMs);
      for (const { client, input } of Object.values(listers)) {
        for (let i = 0; i < 20; i++) await client.evaluate('settlements:ListOrders', { ...input, pageSize: 20 });
      }
      for (const [by, { client, input }] of Object.entries(listers)) {
        const latencies: number[] = [];
        for (let i = 0; i < samples; i++) {
          const t0 = performance.now();
          const page = await client.evaluate('settlements:ListOrders', { ...input, pageSize: 20 });
          latencies.push(performance.now() - t0);
          if ((page.items as unknown[]).length !== 20) throw new Error(`listing by ${by} returned a short page`);
        }
        latencies.sort((a, b) => a - b);
        const figures = {
          orders: orderSeq,
          by,
          p50Ms: percentile(latencies, 50),
          p95Ms: percentile(latencies, 95),
          samples,
        };
        listings.push(figures);
        console.log(
          `ListOrders by ${by.padEnd(6)} at ${String(orderSeq).padStart(7)} orders: p50 ${figures.p50Ms.toFixed(2)} ms, ` +
            `p95 ${figures.p95Ms.toFixed(2)} ms (${samples} pages of 20)`,
        );
      }
    }
    if (values.out !== undefined) {
      const report = {
        source: 'devnet',
        node: process.version,
        cpus: cpus().length,
        loadAverage: { before: load0, after: loadavg()[0] ?? NaN },
        flows,
        listings,
      };
      await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
    }
  } finally {
    await alliance.close();
  }
}

/** The store acknowledges and ships every paid order (untimed preparation for the confirmations). */
async function shipAll(store: Client, paid: readonly { storeOrderNo: string }[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < paid.length; i = next++) {
        const p = paid[i];
        if (!p) continue;
        const ref = { store: 'EcommerceMSP:store1', storeOrderNo: p.storeOrderNo };
        await store.submit('settlements:AcknowledgePayment', ref);
        await store.submit('settlements:Ship', { ...ref, carrier: 'bench', trackingNo: `t${i}` });
      }
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
