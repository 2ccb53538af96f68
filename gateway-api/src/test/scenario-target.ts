import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { parseDemoKeyFile } from '../auth/demo-key-file';
import { advanceProcessClock, restoreProcessClock } from './process-clock';
import { openTestGateway, type TestGateway } from './test-gateway';

/**
 * Where a REST scenario runs. The same scenario files run against the gateway on devnet (default, in
 * this process) and against a gateway on a real Fabric network (the network issue's suite), chosen by
 * the environment:
 *
 * - `SCENARIO_GATEWAY_URL` — base URL of a running gateway (e.g. http://127.0.0.1:3000);
 * - `SCENARIO_KEYS_FILE` — its API keys, one `<MSP:user> <key>` per line (the gateway's
 *   `demo-api-keys.txt`).
 */
export interface ScenarioTarget {
  readonly kind: 'devnet' | 'remote';
  /** A supertest client bound to the gateway. */
  http(): ReturnType<typeof request>;
  /** The API key of an identity, e.g. `EcommerceMSP:store1`. */
  key(identity: string): string;
  /**
   * Lets `seconds` of transaction time pass: on devnet the process's clock moves, a remote target waits. Scenarios
   * keep time limits short so that remote runs stay fast.
   */
  elapse(seconds: number): Promise<void>;
  /** A unique suffix for ids, so scenarios can run again on a network that keeps its state. */
  readonly runId: string;
  /** The gateway itself when it runs in this process (devnet), for tests that reach behind the API. */
  readonly local?: TestGateway;
  close(): Promise<void>;
}

export async function openScenarioTarget(): Promise<ScenarioTarget> {
  const url = process.env.SCENARIO_GATEWAY_URL;
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
  if (url) {
    const file = process.env.SCENARIO_KEYS_FILE;
    if (!file) throw new Error('SCENARIO_KEYS_FILE is required with SCENARIO_GATEWAY_URL');
    const keys = parseDemoKeyFile(await readFile(file, 'utf8'));
    return {
      kind: 'remote',
      http: () => request(url),
      key: (identity) => keyOf(keys, identity),
      elapse: (seconds) => sleep(seconds * 1000),
      runId,
      close: () => Promise.resolve(),
    };
  }
  // The keeper acts on passed deadlines within a fraction of a second here (a remote gateway within its interval).
  const t: TestGateway = await openTestGateway({ env: { GATEWAY_KEEPER_INTERVAL_MS: '200' } });
  return {
    kind: 'devnet',
    local: t,
    http: () => request(t.gateway.app),
    key: (identity) => t.key(identity),
    elapse: (seconds) => {
      advanceProcessClock(seconds);
      return Promise.resolve();
    },
    runId,
    close: async () => {
      await t.destroy();
      restoreProcessClock();
    },
  };
}

function keyOf(keys: ReadonlyMap<string, string>, identity: string): string {
  const k = keys.get(identity);
  if (!k) throw new Error(`no API key for ${identity}`);
  return k;
}
