import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { gatewayProcessFor, REPO } from './test/gateway-process';

/** The README's "One purchase with curl" block, exactly as a newcomer pastes it. */
async function walkthrough(): Promise<string> {
  const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## One purchase with curl'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no bash block under "One purchase with curl"');
  return block;
}

/**
 * The README's curl walkthrough, run as it stands against a fresh `make demo` (the built gateway in demo
 * mode, its own data directory and ports): it must run to the end in bash with `set -e`, and print what
 * the README says it prints.
 */
describe('README walkthrough', () => {
  const gateway = gatewayProcessFor({ demo: true });

  it('runs to the end when pasted into bash, and prints what the README says', async () => {
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', await walkthrough()], {
      cwd: REPO,
      env: {
        ...process.env,
        API: gateway().api,
        KEYS: path.join(gateway().dataDir, 'gateway', 'demo-api-keys.txt'),
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
