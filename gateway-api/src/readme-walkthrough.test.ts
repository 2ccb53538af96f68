import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const REPO = path.resolve(__dirname, '..', '..');

/** The README's "One purchase with curl" block, exactly as a newcomer pastes it. */
async function walkthrough(): Promise<string> {
  const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## One purchase with curl'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no bash block under "One purchase with curl"');
  return block;
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
 * The README's curl walkthrough, run as it stands against a fresh `make demo` (the built gateway in demo
 * mode, its own data directory and ports): it must run to the end in bash with `set -e`, and print what
 * the README says it prints.
 */
describe('README walkthrough', () => {
  let dir: string;
  let gateway: ChildProcess;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'readme-demo-'));
    port = await freePort();
    gateway = spawn(process.execPath, [path.join(REPO, 'gateway-api', 'dist', 'index.js')], {
      env: {
        ...process.env,
        GATEWAY_DEMO: 'true',
        GATEWAY_DATA_DIR: dir,
        GATEWAY_PORT: String(port),
        GATEWAY_DEVNET_PORT: '0',
        GATEWAY_LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      gateway.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('demo: done')) resolve();
      });
      gateway.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      gateway.once('exit', (code) => {
        reject(new Error(`make demo's gateway exited (${code}): ${output}`));
      });
    });
  }, 120_000);

  afterAll(async () => {
    gateway.kill('SIGTERM');
    await new Promise((resolve) => gateway.once('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('runs to the end when pasted into bash, and prints what the README says', async () => {
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', await walkthrough()], {
      cwd: REPO,
      env: {
        ...process.env,
        API: `http://127.0.0.1:${port}/api/v1`,
        KEYS: path.join(dir, 'gateway', 'demo-api-keys.txt'),
      },
      timeout: 60_000,
    });
    // Balances before and after the purchase, its settlement number, the confirmation, the events, the mistake.
    expect(stdout).toContain('"available":"87200"');
    expect(stdout).toMatch(/"handle":"EcommerceMSP:store1","mspId":"EcommerceMSP","name":"store1","party":"[^"]+"/);
    expect(stdout).toContain('"storeHandle":"EcommerceMSP:store1"');
    expect(stdout).toContain('"status":"SHIPPED"');
    expect(stdout).toMatch(/"settlementNo":"[0-9a-f]{64}","status":"PAID"/);
    expect(stdout).toContain('"status":"COMPLETED"');
    expect(stdout).toContain('"available":"82700"');
    expect(stdout).toContain('"available":"17300"');
    expect(stdout).toContain('event: SettlementRequested');
    expect(stdout).toContain('"code":"VALIDATION_FAILED"');
    expect(stdout).toContain('"path":"body.amount"');
  }, 90_000);
});
