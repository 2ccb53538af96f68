/**
 * Committed throughput of devnet's test contract: `concurrency` clients each submit and wait for the
 * commit of one transaction after another. Prints figures; asserts nothing (see docs/benchmarks.md).
 *
 *   node devnet/dist/bench/throughput.bench.js [--transactions 20000] [--concurrency 100] [--block-size 500]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { contractAs, openTestDevnet } from '../test/harness';
import { report, run } from './measure';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      transactions: { type: 'string', default: '20000' },
      concurrency: { type: 'string', default: '100' },
      // Half the concurrency per block keeps two blocks in the pipeline: one commits while the
      // clients of the other are endorsing (Fabric's rule of thumb: block size ≈ rate × batch time).
      'block-size': { type: 'string', default: '50' },
      'batch-timeout-ms': { type: 'string', default: '10' },
    },
  });
  const total = Number(values.transactions);
  const concurrency = Number(values.concurrency);
  const blockSize = Number(values['block-size']);
  const batchTimeoutMs = Number(values['batch-timeout-ms']);
  const dir = await mkdtemp(path.join(tmpdir(), 'devnet-bench-'));
  const { devnet } = await openTestDevnet({
    dataDir: dir,
    batch: { maxMessageCount: blockSize, batchTimeoutMs },
    chaincodeLogLevel: 'WARNING',
  });
  try {
    console.log(
      `devnet throughput — ${total} transactions, concurrency ${concurrency}, blocks of up to ${blockSize} tx or ${batchTimeoutMs} ms, ` +
        `node ${process.version}, ${process.arch}`,
    );
    const store = await contractAs(devnet, 'EcommerceMSP', 'store1');
    await run('warm-up', 2000, concurrency, (i) => store.submitTransaction('Put', `w${i}`, 'x'));
    const height0 = devnet.chainInfo().height;
    report(
      await run('Put (one write, no read)', total, concurrency, (i) =>
        store.submitTransaction('Put', `k${i}`, `v${i}`),
      ),
    );
    report(
      await run('Increment (read + write)', total, concurrency, (i) => store.submitTransaction('Increment', `c${i}`)),
    );
    report(await run('Get (evaluate)', total, concurrency, (i) => store.evaluateTransaction('Get', `k${i}`)));
    const blocks = devnet.chainInfo().height - height0;
    console.log(`blocks committed during the measured runs: ${blocks}`);
  } finally {
    await devnet.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
