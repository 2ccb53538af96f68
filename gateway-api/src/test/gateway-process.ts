import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The repository's root. */
export const REPO = path.resolve(__dirname, '..', '..', '..');

/** The built gateway as `make start` (or, with `demo`, `make demo`) runs it, in its own data directory. */
export interface GatewayProcess {
  readonly dataDir: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>/api/v1`. */
  readonly api: string;
  /** Stops the process and deletes its data directory. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

/**
 * Starts `gateway-api/dist/index.js` on free ports and waits until it is ready: after its demo data
 * (`demo`), or its first answer on `/readyz`.
 */
export async function startGatewayProcess(options: { readonly demo: boolean }): Promise<GatewayProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-process-'));
  const port = await freePort();
  const gateway: ChildProcess = spawn(process.execPath, [path.join(REPO, 'gateway-api', 'dist', 'index.js')], {
    env: {
      ...process.env,
      GATEWAY_DEMO: String(options.demo),
      GATEWAY_DATA_DIR: dataDir,
      GATEWAY_PORT: String(port),
      GATEWAY_DEVNET_PORT: '0',
      GATEWAY_LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const ready = options.demo ? 'demo: done' : `http://127.0.0.1:${port}`;
    gateway.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) resolve();
    });
    gateway.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    gateway.once('exit', (code) => {
      reject(new Error(`the gateway exited (${code}): ${output}`));
    });
  });
  return {
    dataDir,
    port,
    api: `http://127.0.0.1:${port}/api/v1`,
    stop: async () => {
      const exited = new Promise((resolve) => gateway.once('exit', resolve));
      gateway.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A gateway process for the enclosing `describe`: started before its tests, stopped after them. The
 * returned function gives the process once started.
 */
export function gatewayProcessFor(options: { readonly demo: boolean }): () => GatewayProcess {
  let gateway: GatewayProcess | undefined;
  beforeAll(async () => {
    gateway = await startGatewayProcess(options);
  }, 120_000);
  afterAll(() => gateway?.stop());
  return () => {
    if (!gateway) throw new Error('the gateway process has not started');
    return gateway;
  };
}
