import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { gatewayProcessFor, REPO, type GatewayProcess } from './test/gateway-process';

/**
 * The walkthroughs in docs/, run as a reader pastes them: every bash block of a page, in order, in one
 * `bash -euo pipefail`, against a fresh gateway process (`make demo`, or `make start` for onboarding).
 * Each must run to the end, and print what the page shows of its answers: each comment line holding JSON
 * (`# "ACCEPTED"`, `# {"meterId": "solar-1", "side": "PRODUCER"}`, `# ["ISSUED","ACCEPTED"]`) must appear in
 * the output ({@link documentedAnswers}); a value shortened with "…", and a comment that is not JSON on its
 * own line (an answer over several lines, one cut short), are examples and are not compared.
 * The grid company's walkthrough is left out: its delivery window is a real minute and more (its story
 * runs in energy-trading.scenario.test.ts, where time is moved).
 */

/** A page's bash blocks as one script, pointed at `gateway` instead of `make start`'s port and data. */
async function script(page: string, gateway: GatewayProcess): Promise<string> {
  const text = await readFile(path.join(REPO, 'docs', page), 'utf8');
  const blocks = [...text.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
  if (blocks.length === 0) throw new Error(`docs/${page} has no bash block`);
  return blocks
    .join('\n')
    .replaceAll('http://127.0.0.1:3000', `http://127.0.0.1:${gateway.port}`)
    .replaceAll('.devnet/', `${gateway.dataDir}/`);
}

/** What the pages use besides bash; without one of them the pages are not run, and the output says why. */
const TOOLS = ['curl', 'jq', 'openssl', 'sha256sum', 'awk', 'cmp'];
const missingTools = TOOLS.filter((tool) => spawnSync('bash', ['-c', `command -v ${tool}`]).status !== 0);
if (missingTools.length > 0) console.warn(`docs walkthroughs skipped: ${missingTools.join(', ')} not installed`);
const describeRun = missingTools.length > 0 ? describe.skip : describe;

/** Fields whose values differ from run to run (ids, blocks, times): a page shows an example of them. */
const VARYING = /^(blockNumber|txId|transactionId|id|key|secret|hash|root|batchId|[a-zA-Z]*At)$/;

/**
 * What a page shows of its answers, as fragments of JSON text without whitespace: a string or an array
 * whole (`"ACCEPTED"`, `["ISSUED","ACCEPTED"]`), an object field by field (`"side":"PRODUCER"`), except
 * the fields that differ from run to run.
 */
export function documentedAnswers(bash: string): string[] {
  const fragments: string[] = [];
  for (const line of bash.split('\n')) {
    // On a line of its own, or after the command that prints it.
    const shown = /(?:^|\s)#\s+(["[{].*?)\s*(?:—.*)?$/.exec(line)?.[1];
    if (shown === undefined) continue;
    let answer: unknown;
    try {
      answer = JSON.parse(shown);
    } catch {
      continue; // not JSON on its own: a multi-line answer, prose
    }
    if (typeof answer === 'object' && answer !== null && !Array.isArray(answer)) {
      for (const [field, value] of Object.entries(answer)) {
        if (!VARYING.test(field)) fragments.push(`${JSON.stringify(field)}:${JSON.stringify(value)}`);
      }
    } else {
      fragments.push(JSON.stringify(answer));
    }
  }
  // A value shortened with "…" is an example, not the answer.
  return fragments.filter((f) => !f.includes('…')).map((f) => f.replace(/\s/g, ''));
}

/** Runs a page in a fresh working directory where `gateway-api/` and `node_modules/` are the repository's. */
async function run(page: string, gateway: GatewayProcess): Promise<{ stdout: string; shown: string[] }> {
  const cwd = await mkdtemp(path.join(tmpdir(), 'walkthrough-'));
  try {
    for (const dir of ['gateway-api', 'node_modules']) await symlink(path.join(REPO, dir), path.join(cwd, dir));
    const bash = await script(page, gateway);
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', bash], {
      cwd,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { stdout, shown: documentedAnswers(bash) };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

function expectShownAnswers({ stdout, shown }: { stdout: string; shown: string[] }): void {
  const printed = stdout.replace(/\s/g, '');
  expect(shown.filter((answer) => !printed.includes(answer))).toEqual([]);
}

describeRun('docs walkthroughs against make demo', () => {
  const gateway = gatewayProcessFor({ demo: true });

  it.each([
    ['walkthrough-bank.md', 3],
    ['walkthrough-auditor.md', 2],
    ['walkthrough-commodity-rights.md', 30],
    ['walkthrough-cross-border-buyer.md', 10],
  ])(
    '%s runs to the end and prints the answers it shows (at least %i)',
    async (page, least) => {
      const result = await run(page, gateway());
      expect(result.shown.length).toBeGreaterThanOrEqual(least);
      expectShownAnswers(result);
    },
    150_000,
  );
});

describeRun('docs walkthroughs against make start', () => {
  const gateway = gatewayProcessFor({ demo: false });

  it('walkthrough-onboarding.md runs to the end and prints the answers it shows', async () => {
    const result = await run('walkthrough-onboarding.md', gateway());
    expect(result.shown.length).toBeGreaterThanOrEqual(15);
    expectShownAnswers(result);
  }, 150_000);
});

describe('the answers a walkthrough shows', () => {
  it('are its JSON comment lines, objects field by field without the fields that vary or are cut short; prose is left out', () => {
    const bash = [
      'post "$X" /a | jq .status        # "ACCEPTED"',
      'post "$X" /b   # the core enterprise\'s funds',
      '# {"meterId": "solar-1", "side": "PRODUCER", "blockNumber": "31"}   — the producer\'s meter',
      '# ["ISSUED", "ACCEPTED"]',
      '# {"hash": "9c1e…", "registered": false, "owner": "EcommerceMSP::x509::…"}',
      '# the same hash, computed locally',
      '# {"deliveredWh": "1500000",',
    ].join('\n');
    expect(documentedAnswers(bash)).toEqual([
      '"ACCEPTED"',
      '"meterId":"solar-1"',
      '"side":"PRODUCER"',
      '["ISSUED","ACCEPTED"]',
      '"registered":false',
    ]);
  });
});
