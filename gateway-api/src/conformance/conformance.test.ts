import { runConformance, settingsFromEnvironment } from './conformance';

/**
 * The runner's self-check: two devnets must be indistinguishable. It exercises the generator, the
 * normaliser (two ledgers with their own certificates, transaction ids and blocks) and the report
 * without a Fabric network; the comparison with Fabric is conformance.fabric-test.ts.
 */
describe('differential test, devnet against devnet', () => {
  it('finds no difference between two devnets', async () => {
    const { seed, operations } = settingsFromEnvironment(150);
    const result = await runConformance({
      seed,
      operations,
      ...(process.env.CONFORMANCE_DUMP ? { dumpFile: process.env.CONFORMANCE_DUMP } : {}),
      hint: { command: 'npx jest gateway-api/src/conformance/conformance.test.ts' },
    });
    process.stdout.write(`${result.summary}\n`);
    for (const d of result.differences) process.stdout.write(`${d}\n`);
    // A concurrent group is never split: the last step may go past the count.
    expect(result.figures.operations).toBeGreaterThanOrEqual(operations);
    expect(result.differences).toEqual([]);
  }, 300_000);
});
