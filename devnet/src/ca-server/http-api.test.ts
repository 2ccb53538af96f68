import { createHash, createPrivateKey } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { newPrivateKeySigner, writeOrganization } from '../msp';
import { createToken, startDevnetCaServer, type DevnetCaServer } from '.';
import { readMsp } from './test/ca-fixtures';

/** Fabric CA's wire format, checked byte for byte over plain HTTP (no fabric-ca-client in between). */
describe('devnet CA server: Fabric CA’s envelope, routes and token formats', () => {
  let dir: string;
  let server: DevnetCaServer;
  let registrar: { certificatePem: string; sign: (payload: Buffer) => Promise<Uint8Array> };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'devnet-ca-http-'));
    await writeOrganization(path.join(dir, 'organizations'), {
      mspId: 'EcommerceMSP',
      domain: 'ecommerce.example.com',
      users: [{ name: 'Admin', nodeOU: 'admin' }],
    });
    server = await startDevnetCaServer({
      dataDir: dir,
      org: { mspId: 'EcommerceMSP', domain: 'ecommerce.example.com' },
      tls: false,
    });
    const msp = await readMsp(server.registrar!.mspDir);
    const signer = newPrivateKeySigner(createPrivateKey(msp.keyPem));
    registrar = {
      certificatePem: msp.certificatePem,
      sign: (payload) => signer(createHash('sha256').update(payload).digest()),
    };
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const post = (endpoint: string, body: string, authorization?: string): Promise<Response> =>
    fetch(`${server.url}${endpoint}`, {
      method: 'POST',
      body,
      headers: authorization === undefined ? {} : { authorization },
    });

  const token = async (method: string, uri: string, body: string, legacy = false): Promise<string> => {
    const b64Cert = Buffer.from(registrar.certificatePem).toString('base64');
    if (legacy) {
      const signature = await registrar.sign(Buffer.from(`${Buffer.from(body).toString('base64')}.${b64Cert}`));
      return `${b64Cert}.${Buffer.from(signature).toString('base64')}`;
    }
    return createToken(registrar.certificatePem, registrar.sign, { method, requestUri: uri, body: Buffer.from(body) });
  };

  it('wraps results and errors in Fabric CA’s envelope, with its status codes', async () => {
    const info = await fetch(`${server.url}/api/v1/cainfo`);
    expect(info.status).toBe(200);
    expect(info.headers.get('content-type')).toBe('application/json');
    const body = await info.text();
    expect(body).toMatch(
      /^\{"result":\{"CAName":"ca-ecommerce","CAChain":"[A-Za-z0-9+/=]+","IssuerPublicKey":"","IssuerRevocationPublicKey":"","Version":"1\.5\.5-devnet"\}\n,"errors":\[\],"messages":\[\],"success":true\}$/,
    );

    const noAuth = await post('/api/v1/register', '{"id":"x"}');
    expect(noAuth.status).toBe(401);
    expect(await noAuth.text()).toBe(
      '{"result":"","errors":[{"code":2,"message":"No authorization header"}\n],"messages":[],"success":false}',
    );
    const wrongMethod = await fetch(`${server.url}/api/v1/enroll`);
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ errors: [{ code: 1, message: 'Method GET is not allowed' }] });
    expect((await fetch(`${server.url}/api/v1/nothing`)).status).toBe(404);
    const empty = await post('/api/v1/register', '');
    expect([empty.status, await empty.json()]).toEqual([
      400,
      { result: '', errors: [{ code: 4, message: 'Empty request body' }], messages: [], success: false },
    ]);
    const otherCa = await fetch(`${server.url}/cainfo?ca=ca-finance`);
    expect([otherCa.status, await otherCa.json()]).toEqual([
      404,
      expect.objectContaining({ errors: [{ code: 19, message: "CA 'ca-finance' does not exist" }] }),
    ]);
  });

  it('accepts both token formats (method+URI since 1.4, body.cert in 1.3 compatibility) and nothing tampered with', async () => {
    const bodyFor = (id: string): string => JSON.stringify({ id, type: 'client', affiliation: '', max_enrollments: 1 });
    const modern = await post(
      '/api/v1/register',
      bodyFor('t1'),
      await token('POST', '/api/v1/register', bodyFor('t1')),
    );
    expect(modern.status).toBe(201);
    expect(modern.headers.get('location')).toBe('/api/v1/identities/t1');
    expect(((await modern.json()) as { result: { secret: string } }).result.secret).toMatch(/^[A-Za-z]{12}$/);

    // The CLI's paths have no /api/v1 prefix; the URI is part of what is signed.
    const cliPath = await post('/register', bodyFor('t2'), await token('POST', '/register', bodyFor('t2')));
    expect(cliPath.status).toBe(201);
    const legacy = await post('/api/v1/register', bodyFor('t3'), await token('POST', '', bodyFor('t3'), true));
    expect(legacy.status).toBe(201);

    const tampered = await post(
      '/api/v1/register',
      bodyFor('t4'),
      await token('POST', '/api/v1/register', bodyFor('t5')),
    );
    expect([tampered.status, await tampered.json()]).toEqual([
      401,
      expect.objectContaining({ errors: [{ code: 20, message: 'Authentication failure' }] }),
    ]);
    const badToken = await post('/api/v1/register', bodyFor('t6'), 'not-a-token');
    expect(badToken.status).toBe(401);
  });

  it('locks an identity after 10 wrong secrets with Fabric CA’s own message (code 73)', async () => {
    const body = JSON.stringify({ id: 'locked', affiliation: '' });
    await post('/api/v1/register', body, await token('POST', '/api/v1/register', body));
    const basic = `Basic ${Buffer.from('locked:wrong').toString('base64')}`;
    for (let i = 0; i < 10; i++) {
      expect((await post('/api/v1/enroll', '{}', basic)).status).toBe(401);
    }
    const locked = await post('/api/v1/enroll', '{}', basic);
    expect(await locked.json()).toMatchObject({
      errors: [
        { code: 73, message: 'Incorrect password entered 10 times, max incorrect password limit of 10 reached' },
      ],
    });
  });
});
