/**
 * Test helper process: writes to a devnet as fast as it can until it is killed. The crash test kills it
 * with SIGKILL in the middle of its work and checks the ledger it leaves behind.
 */
import { contractAs, openTestDevnet } from './harness';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: crash-writer <data-dir>');
  const { devnet } = await openTestDevnet({ dataDir: dir, batch: { maxMessageCount: 20, batchTimeoutMs: 2 } });
  const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
  for (let round = 0; ; round++) {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => c.submitTransaction('Put', `k${(round * 40 + i) % 97}`, `r${round}-${i}`)),
    );
    process.stdout.write(`round ${round}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
