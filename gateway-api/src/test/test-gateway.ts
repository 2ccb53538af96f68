import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../config';
import { openGateway, type DevnetOverrides, type Gateway } from '../gateway';
import { assertConformed, checkAnswersOf, type ConformanceViolation } from './openapi-conformance';

export interface TestGateway {
  readonly gateway: Gateway;
  readonly dataDir: string;
  /** The API key of an identity, e.g. key('EcommerceMSP:store1'). */
  key(identity: string): string;
  /**
   * Closes the gateway (its data stays, for restart tests); rejects if any answer it gave did not conform to
   * the OpenAPI document (`openapi-conformance.ts`), listing each problem.
   */
  close(): Promise<void>;
  /** Closes and deletes the data directory. */
  destroy(): Promise<void>;
}

/**
 * A gateway on devnet in a fresh (or given) data directory, as `make demo` would build it (demo mode: one
 * API key per identity) but without the seed data. `env` may turn demo mode off (`GATEWAY_DEMO: 'false'`).
 */
export async function openTestGateway(
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    keys?: ReadonlyMap<string, string>;
    /** false: the answers are not held to openapi.json (a contract the document does not describe). */
    checkAnswers?: boolean;
  } & DevnetOverrides = {},
): Promise<TestGateway> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'gateway-test-')));
  const config = loadConfig({
    GATEWAY_DATA_DIR: dataDir,
    GATEWAY_LOG_LEVEL: 'silent',
    GATEWAY_DEMO: 'true',
    // devnet's gRPC endpoint on a free port: test files run in parallel.
    GATEWAY_DEVNET_PORT: '0',
    ...options.env,
  });
  const gateway = await openGateway(config, pino({ level: 'silent' }), {
    batch: options.batch ?? { maxMessageCount: 100, batchTimeoutMs: 5 },
  });
  const keys = new Map(options.keys ?? gateway.issued?.keys.map((k) => [k.identity, k.key]));
  const violations: ConformanceViolation[] = [];
  if (options.checkAnswers !== false) checkAnswersOf(gateway.app, violations);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await gateway.close();
    assertConformed(violations);
  };
  return {
    gateway,
    dataDir,
    key: (identity) => {
      const k = keys.get(identity);
      if (!k) throw new Error(`no API key for ${identity}`);
      return k;
    },
    close,
    destroy: async () => {
      await close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
