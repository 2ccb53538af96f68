import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.resolve(__dirname, '../scripts/generate-api.js');
const DOCUMENT = path.resolve(__dirname, '../../gateway-api/openapi.json');

/** `generate-api.js --check`: 'in sync', or what it printed when the file does not match the document. */
function check(...args: string[]): Promise<string> {
  return run(process.execPath, [SCRIPT, '--check', ...args]).then(
    () => 'in sync',
    (error: unknown) => (error as { stderr?: string }).stderr ?? (error as Error).message,
  );
}

describe('src/generated/api.ts', () => {
  it('is what openapi-typescript makes of gateway-api/openapi.json (regenerate: npm run generate -w client)', async () => {
    expect(await check()).toBe('in sync');
  }, 60_000);

  it('the check fails once the document changes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'openapi-drift-'));
    try {
      const document = JSON.parse(await readFile(DOCUMENT, 'utf8')) as { paths: Record<string, unknown> };
      delete document.paths['/api/v1/me'];
      const changed = path.join(dir, 'openapi.json');
      await writeFile(changed, JSON.stringify(document));
      expect(await check('--source', changed)).toMatch(
        /does not match .*openapi\.json: run `npm run generate -w client`/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
