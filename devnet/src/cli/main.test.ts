import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
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
