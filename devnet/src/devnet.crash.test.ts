import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { contractAs, openTestDevnet, text } from './test/harness';

const WRITER = path.join(__dirname, '..', 'dist', 'test', 'crash-writer.js');

/** Runs the writer until it has committed `rounds` rounds, then kills it with SIGKILL at once. */
function runAndKill(dir: string, rounds: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'WARNING' },
    });
    let seen = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk
        .toString()
        .split('\n')
        .filter((line) => line.startsWith('round ')).length;
      if (seen >= rounds) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited on its own: ${stderr}`));
    });
  });
}

describe('devnet crash safety', () => {
  it('leaves no half-applied block when the process is killed while committing', async () => {
    if (!existsSync(WRITER)) throw new Error(`build devnet first (npm run build): ${WRITER} is missing`);
    const dir = await mkdtemp(path.join(tmpdir(), 'devnet-crash-'));
    try {
      for (const rounds of [3, 5]) await runAndKill(dir, rounds);
      const { devnet } = await openTestDevnet({ dataDir: dir });
      try {
        await expect(devnet.verifyChain()).resolves.toEqual({ ok: true });
        // World state must equal the replay of every valid write in the stored blocks, in order.
        const expected = new Map<string, string>();
        for (let n = 0n; n < devnet.chainInfo().height; n++) {
          const block = await devnet.getDecodedBlock(n);
          for (const tx of block?.transactions ?? []) {
            if (tx.validationCodeName !== 'VALID') continue;
            for (const ns of tx.rwset.namespaces) {
              for (const w of ns.writes) expected.set(w.key, w.isDelete ? '' : text(w.value));
            }
          }
        }
        expect(expected.size).toBeGreaterThan(0);
        const c = await contractAs(devnet, 'EcommerceMSP', 'store1');
        for (const [key, value] of expected) {
          expect(text(await c.evaluateTransaction('Get', key))).toBe(value);
        }
        for (let k = 0; k < 97; k++) {
          if (!expected.has(`k${k}`)) expect(text(await c.evaluateTransaction('Get', `k${k}`))).toBe('');
        }
      } finally {
        await devnet.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
