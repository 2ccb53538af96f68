import { gatewayUrl } from '../fabric-suite/fabric-env';
import { runConformance, settingsFromEnvironment } from './conformance';

/**
 * The differential test against the real network: the same seeded operations through the REST gateway
 * on devnet (in this process) and on Fabric (SCENARIO_GATEWAY_URL), whose answers, events and final
 * world state must be equal after normalisation. `make test-fabric` runs a short one; `make conformance`
 * a long one (CONFORMANCE_OPS). A difference prints the operation, both answers, the seed and the replay.
 */
describe('devnet and Fabric answer alike (differential test)', () => {
  it(
    'runs the same seeded operations on both and finds no difference',
    async () => {
      const { seed, operations } = settingsFromEnvironment(300);
      const keysFile = process.env.SCENARIO_KEYS_FILE;
      if (!keysFile) throw new Error('SCENARIO_KEYS_FILE is not set: run through test-fabric.sh or conformance.sh');
      const result = await runConformance({
        seed,
        operations,
        candidate: { url: gatewayUrl(), keysFile },
        ...(process.env.CONFORMANCE_DUMP ? { dumpFile: process.env.CONFORMANCE_DUMP } : {}),
        hint: { command: process.env.CONFORMANCE_REPLAY ?? 'make conformance' },
        log: (line) => process.stdout.write(`${line}\n`),
      });
      process.stdout.write(`${result.summary}\n`);
      for (const d of result.differences) process.stdout.write(`${d}\n`);
      // A concurrent group is never split: the last step may go past the count.
      expect(result.figures.operations).toBeGreaterThanOrEqual(operations);
      expect(result.differences).toEqual([]);
    },
    60 * 60_000,
  );
});
