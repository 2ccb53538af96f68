import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const KV_MODULE = path.join(__dirname, '..', '..', 'dist', 'test', 'kv.contract.js');
const run = promisify(execFile);

async function devnet(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args, '--data-dir', dir], {
      env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'WARNING' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('devnet CLI', () => {
  let dir: string;
  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`build devnet first (npm run build): ${CLI} is missing`);
    dir = await mkdtemp(path.join(tmpdir(), 'devnet-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('initialises, reports and verifies a ledger', async () => {
    const init = await devnet(dir, 'init');
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/height\s+1/);
    expect(init.stdout).toContain('EcommerceMSP, FinanceMSP, EnergyMSP');
    const verify = await devnet(dir, 'verify');
    expect(verify).toMatchObject({ code: 0 });
    expect(verify.stdout).toContain('chain verified: 1 blocks');
    const block = JSON.parse((await devnet(dir, 'block', '0')).stdout) as { number: string; transactions: [] };
    expect(block).toMatchObject({ number: '0', transactions: [] });
  });

  it('lists identities in the cryptogen layout', async () => {
    const out = await devnet(dir, 'identities');
    expect(out.stdout).toContain(
      path.join(dir, 'organizations/peerOrganizations/finance.example.com/users/auditor1@finance.example.com/msp'),
    );
  });

  it('fails clearly on bad input', async () => {
    expect(await devnet(dir, 'block', '7')).toMatchObject({ code: 1, stderr: expect.stringContaining('no block 7') });
    expect(await devnet(dir, 'tx', 'nope')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not on the ledger'),
    });
    expect(await devnet(dir, 'frobnicate')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown command'),
    });
    expect(await devnet(dir, 'query', 'Get')).toMatchObject({ code: 1, stderr: expect.stringContaining('usage') });
  });

  it('resets the data directory', async () => {
    expect((await devnet(dir, 'reset')).code).toBe(0);
    expect(existsSync(path.join(dir, 'ledger'))).toBe(false);
  });
});

/** Starts `devnet serve` and resolves with its endpoint once it prints it. */
async function startServe(
  dir: string,
  ...args: string[]
): Promise<{ child: ChildProcess; address: string; output: () => string }> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--data-dir', dir, '--port', '0', '--chaincode', KV_MODULE, '--name', 'kvcc', ...args],
    { env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'WARNING' } },
  );
  let stdout = '';
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = / at (\S+) \((?:plain gRPC|TLS)\)/.exec(stdout);
      if (match?.[1] && stdout.includes('Ctrl-C stops')) resolve(match[1]);
    });
    child.once('exit', (code) => {
      reject(new Error(`devnet serve exited with ${code}: ${stdout}`));
    });
  });
  return { child, address, output: () => stdout };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

describe('devnet serve, and the CLI as its gRPC client', () => {
  let dir: string;
  let serving: Awaited<ReturnType<typeof startServe>>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'devnet-serve-'));
    serving = await startServe(dir);
  });
  afterAll(async () => {
    await stop(serving.child);
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the endpoint, the channel and where the identities are', () => {
    expect(serving.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(serving.output()).toContain('devnet serving channel alliance at');
    expect(serving.output()).toContain('kvcc, qscc, cscc, _lifecycle');
    expect(serving.output()).toContain(path.join(dir, 'organizations', 'peerOrganizations'));
    expect(serving.output()).toContain(`--peer ${serving.address}`);
  });

  it('refuses to open the ledger the running devnet holds, pointing to --peer', async () => {
    const info = await devnet(dir, 'info');
    expect(info.code).toBe(1);
    expect(info.stderr).toContain('is locked by another process');
    expect(info.stderr).toContain('--peer');
    const identities = await devnet(dir, 'identities');
    expect(identities.code).toBe(0);
    expect(identities.stdout).toContain('store1');
  });

  it('invokes, queries and reads blocks and transactions over gRPC', async () => {
    const peer = ['--peer', serving.address];
    expect(
      await devnet(dir, 'invoke', ...peer, '--as', 'EcommerceMSP:store1', '--name', 'kvcc', 'Put', 'cli', 'v1'),
    ).toMatchObject({
      code: 0,
    });
    const query = await devnet(dir, 'query', ...peer, '--as', 'FinanceMSP:bank1', '--name', 'kvcc', 'Get', 'cli');
    expect(query).toMatchObject({ code: 0, stdout: 'v1\n' });

    const info = await devnet(dir, 'info', ...peer);
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(/height\s+2\n/);
    expect(info.stdout).toContain(`peer            ${serving.address}`);

    const block = JSON.parse((await devnet(dir, 'block', '1', ...peer)).stdout) as {
      number: string;
      transactions: { txId: string; functionName: string; args: string[] }[];
    };
    expect(block).toMatchObject({ number: '1', transactions: [{ functionName: 'Put', args: ['cli', 'v1'] }] });
    const txId = block.transactions[0]?.txId ?? '';
    expect(JSON.parse((await devnet(dir, 'tx', txId, ...peer)).stdout)).toEqual({
      transactionId: txId,
      blockNumber: '1',
      code: 0,
      codeName: 'VALID',
      successful: true,
    });
    expect((await devnet(dir, 'verify', ...peer)).stdout).toContain('chain verified: 2 blocks');
  });

  it('reports errors as the gateway gives them', async () => {
    const peer = ['--peer', serving.address];
    expect(await devnet(dir, 'tx', 'nope', ...peer)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('transaction nope is not on the ledger') as string,
    });
    expect(await devnet(dir, 'block', '99', ...peer)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no block 99; height is 2') as string,
    });
    const failed = await devnet(
      dir,
      'invoke',
      ...peer,
      '--as',
      'EcommerceMSP:store1',
      '--name',
      'kvcc',
      'Fail',
      'boom',
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('10 ABORTED: failed to endorse transaction, see attached details for more info');
    expect(failed.stderr).toContain(`${serving.address} (EcommerceMSP): chaincode response 500, boom`);
    expect(await devnet(dir, 'init', ...peer)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('init does not work with --peer') as string,
    });
  });
});

describe('devnet serve --tls', () => {
  it('serves TLS with a root certificate in the data directory, which --peer --tls trusts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'devnet-serve-tls-'));
    const serving = await startServe(dir, '--tls');
    try {
      expect(serving.output()).toContain(`TLS root cert   ${path.join(dir, 'tls', 'ca.crt')}`);
      const info = await devnet(dir, 'info', '--peer', serving.address, '--tls');
      expect(info).toMatchObject({ code: 0, stderr: '' });
      expect(info.stdout).toMatch(/height\s+1\n/);
    } finally {
      await stop(serving.child);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
