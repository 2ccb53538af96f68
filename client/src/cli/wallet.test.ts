import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fakeFetch, problem } from '../test/fake-fetch';
import { EXIT, runWallet } from './wallet';

describe('alliance-wallet: help, usage and errors', () => {
  let dir: string;

  async function wallet(argv: string[], fetch?: typeof globalThis.fetch) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runWallet([...argv, '--wallet', dir], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: {},
      ...(fetch ? { fetch } : {}),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  async function makeWallet(): Promise<void> {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await writeFile(path.join(dir, 'key.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    await writeFile(
      path.join(dir, 'wallet.json'),
      JSON.stringify({ gateway: 'http://gateway.test', identity: 'EcommerceMSP:w', apiKey: 'alk_1_x', account: 'w1' }),
    );
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wallet-cli-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('--help prints the commands and exit codes; no command is a usage error', async () => {
    const help = await wallet(['--help']);
    expect(help.code).toBe(EXIT.OK);
    for (const command of ['enroll', 'balance', 'pay', 'confirm', 'status'])
      expect(help.out).toContain(`  ${command} `);
    expect(help.out).toContain('Exit codes: 0 done, 1 refused by the gateway, 2 usage');
    expect((await wallet([])).code).toBe(EXIT.USAGE);
  });

  it('usage errors exit 2 and say what is missing', async () => {
    expect(await wallet(['refund'])).toMatchObject({
      code: EXIT.USAGE,
      err: expect.stringContaining('unknown command refund'),
    });
    expect(await wallet(['pay', '--bogus'])).toMatchObject({
      code: EXIT.USAGE,
      err: expect.stringContaining("Unknown option '--bogus'"),
    });
    expect(await wallet(['enroll', '--gateway', 'http://x'])).toMatchObject({
      code: EXIT.USAGE,
      err: 'error: --identity is required (alliance-wallet --help)',
    });
  });

  it('enrolling over an enrolled wallet exits 4 before anything is sent', async () => {
    await makeWallet();
    const f = fakeFetch();
    expect(
      await wallet(
        ['enroll', '--gateway', 'http://gateway.test', '--identity', 'EcommerceMSP:w', '--secret', 's'],
        f.fetch,
      ),
    ).toMatchObject({ code: EXIT.LOCAL, err: expect.stringContaining('holds an enrolled wallet already') });
    expect(f.sent).toHaveLength(0);
  });

  it('a missing wallet exits 4 and says to enrol', async () => {
    expect(await wallet(['balance', '--currency', 'CNY'])).toMatchObject({
      code: EXIT.LOCAL,
      err: expect.stringMatching(/no wallet in .*: run `alliance-wallet enroll` first/),
    });
  });

  it("a refusal exits 1 with the problem's code, detail and fields", async () => {
    await makeWallet();
    const f = fakeFetch(
      problem(400, 'VALIDATION_FAILED', {
        detail: 'the body is not valid',
        errors: [{ path: 'body.amount', message: 'a decimal string of minor units greater than zero' }],
      }),
    );
    const paid = await wallet(
      [
        'pay',
        '--order',
        's-1',
        '--store-account',
        's',
        '--amount',
        'x',
        '--currency',
        'CNY',
        '--idempotency-key',
        'k1',
      ],
      f.fetch,
    );
    expect(paid.code).toBe(EXIT.REFUSED);
    expect(paid.err).toBe(
      'idempotency key k1\n' +
        'error: VALIDATION_FAILED (400): the body is not valid\n' +
        '  body.amount: a decimal string of minor units greater than zero',
    );
    expect(f.sent[0]).toMatchObject({
      url: 'http://gateway.test/api/v1/settlements?signing=offline',
      headers: { 'idempotency-key': 'k1' },
    });
  });

  it('an unreachable gateway exits 3 and says how to retry without paying twice', async () => {
    await makeWallet();
    const down = () => new TypeError('fetch failed');
    const f = fakeFetch(down, down, down, down, down);
    const confirmed = await wallet(['confirm', 'S1', '--amount', '10', '--idempotency-key', 'k2'], f.fetch);
    expect(confirmed.code).toBe(EXIT.UNAVAILABLE);
    expect(confirmed.err).toContain('the gateway did not answer');
    expect(confirmed.err).toContain('run the same command again with its --idempotency-key: it will not pay twice');
    expect(new Set(f.sent.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['k2']));
  }, 30_000);
});
