import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { parseDemoKeyFile } from '../auth/demo-key-file';
import { assertConformed, checkAnswersOfClient, type ConformanceViolation } from './openapi-conformance';
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
  /**
   * A supertest client bound to the gateway that serves `identity` (when a target has several gateways,
   * each holding its own organisation's identities), or to its one gateway.
   */
  http(identity?: string): ReturnType<typeof request>;
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

/**
 * Where to open a target: a running gateway (`url` and its `keysFile`), or, without `url`, a gateway on
 * devnet in this process. `runId` fixes the run's id suffix (two targets of one differential run share
 * it); `gatewayEnv` adds settings to the in-process gateway. The gateway's answers (in this process, or
 * those a remote target's client receives) are held to openapi.json unless `checkAnswers` is false.
 */
export interface ScenarioTargetOptions {
  readonly url?: string;
  readonly keysFile?: string;
  readonly runId?: string;
  readonly gatewayEnv?: Readonly<Record<string, string>>;
  /** false: the gateway's answers are not held to openapi.json (see openTestGateway). */
  readonly checkAnswers?: boolean;
}

/** A fresh run id: the time in base 36 and two random characters. */
export function newRunId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
}

/** The target the environment names: `SCENARIO_GATEWAY_URL` and `SCENARIO_KEYS_FILE`, or devnet without them. */
export function targetOfEnvironment(): ScenarioTargetOptions {
  return { url: process.env.SCENARIO_GATEWAY_URL, keysFile: process.env.SCENARIO_KEYS_FILE };
}

/**
 * Opens a target. Without options it follows the environment (`SCENARIO_GATEWAY_URL`,
 * `SCENARIO_KEYS_FILE`), so the same scenario files run on devnet and on Fabric; with options it opens
 * exactly what they say, so that a differential test can hold a devnet and a remote target at once.
 */
export async function openScenarioTarget(
  options: ScenarioTargetOptions = targetOfEnvironment(),
): Promise<ScenarioTarget> {
  const { url } = options;
  const runId = options.runId ?? newRunId();
  if (url) {
    const file = options.keysFile;
    if (!file) throw new Error('SCENARIO_KEYS_FILE is required with SCENARIO_GATEWAY_URL');
    const keys = parseDemoKeyFile(await readFile(file, 'utf8'));
    const violations: ConformanceViolation[] = [];
    return {
      kind: 'remote',
      http: () => (options.checkAnswers === false ? request(url) : checkAnswersOfClient(request(url), violations)),
      key: (identity) => keyOf(keys, identity),
      elapse: (seconds) => sleep(seconds * 1000),
      runId,
      close: () => {
        assertConformed(violations);
        return Promise.resolve();
      },
    };
  }
  // The keeper acts on passed deadlines within a fraction of a second here (a remote gateway within its interval).
  const t: TestGateway = await openTestGateway({
    env: { GATEWAY_KEEPER_INTERVAL_MS: '200', ...options.gatewayEnv },
    ...(options.checkAnswers === undefined ? {} : { checkAnswers: options.checkAnswers }),
  });
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
