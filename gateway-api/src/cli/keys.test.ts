import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { openTestGateway, type TestGateway } from '../test/test-gateway';
import { runKeysCli } from './keys';

const BIN = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'keys.js');
const ADMIN = 'EcommerceMSP:Admin';

describe('alliance-keys (CLI)', () => {
  let t: TestGateway;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    t = await openTestGateway();
    server = t.gateway.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.destroy();
  });

  /** The CLI in this process, its output collected. */
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runKeysCli(args, {
      env: { ALLIANCE_GATEWAY_URL: url, ALLIANCE_API_KEY: t.key(ADMIN), ...env },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      fetch,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('issues a key (the built bin, key from the environment), prints it once, and lists it without it', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [BIN, 'issue', '--identity', 'EcommerceMSP:store1', '--label', 'pos terminal', '--url', url],
      { env: { ...process.env, ALLIANCE_API_KEY: t.key(ADMIN) } },
    );
    const key = /^key\s+(alk_\S+)$/m.exec(stdout)?.[1];
    const id = /^id\s+(\S+)$/m.exec(stdout)?.[1];
    expect(key).toBeDefined();
    expect(stdout).toMatch(/shown once/);
    const me = await fetch(`${url}/api/v1/me`, { headers: { 'x-api-key': key! } });
    expect(me.status).toBe(200);
    const list = await cli(['list', '--identity', 'EcommerceMSP:store1']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(new RegExp(`^${id}\\s+EcommerceMSP:store1\\s+pos terminal`, 'm'));
    expect(list.out).not.toContain(key);
  });

  it('rotates and revokes; the old key stops at once', async () => {
    const issued = await cli(['issue', '--identity', 'EcommerceMSP:store1', '--label', 'erp', '--json']);
    const first = JSON.parse(issued.out) as { id: string; key: string };
    const rotated = await cli(['rotate', first.id]);
    expect(rotated.code).toBe(0);
    expect(rotated.out).toMatch(`${first.id} no longer works`);
    const next = /^key\s+(alk_\S+)$/m.exec(rotated.out)![1]!;
    expect((await fetch(`${url}/api/v1/chain`, { headers: { 'x-api-key': first.key } })).status).toBe(401);
    expect((await fetch(`${url}/api/v1/chain`, { headers: { 'x-api-key': next } })).status).toBe(200);
    const nextId = /^id\s+(\S+)$/m.exec(rotated.out)![1]!;
    expect((await cli(['revoke', nextId])).out).toMatch(`${nextId} revoked at`);
    expect((await fetch(`${url}/api/v1/chain`, { headers: { 'x-api-key': next } })).status).toBe(401);
  });

  it('says what the gateway refused, and how it is used', async () => {
    const refused = await cli(['issue', '--identity', 'EcommerceMSP:store1', '--label', 'x'], {
      ALLIANCE_API_KEY: t.key('EcommerceMSP:buyer1'),
    });
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/^403 ORG_ADMIN_REQUIRED: /) });
    expect((await cli(['rotate'])).code).toBe(2);
    expect((await cli(['frobnicate'])).err).toMatch(/^usage: alliance-keys/);
    expect((await cli(['list'], { ALLIANCE_API_KEY: '' })).err).toMatch(/ALLIANCE_API_KEY/);
    expect((await cli(['list'], { ALLIANCE_GATEWAY_URL: 'http://127.0.0.1:1' })).err).toMatch(
      /cannot reach the gateway/,
    );
  });
});
