import { createPublicKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';

import { newPrivateKeySigner, nodeOUOf, verifyIssuedBy } from '../msp';
import { x509 } from '../msp/x509';
import { CHAINCODE, openTestDevnet, text } from '../test/harness';
import type { Devnet } from '../devnet';
import { startDevnetCaServer, type CaRequestLog, type DevnetCaServer } from '.';
import { attributesOf, issuedBy, newCsr, readMsp, subjectOf } from './test/ca-fixtures';

/** The slice of fabric-ca-client 2.2 (npm) these tests drive; the package ships no types. */
interface CaUser {
  readonly __brand?: 'User';
}
interface CaError extends Error {
  readonly errors?: readonly { code: number; message: string }[];
}
interface FabricCaServices {
  getCaInfo(registrar: CaUser): Promise<{ caName: string; caChain: string; version: string }>;
  register(
    request: {
      enrollmentID: string;
      enrollmentSecret?: string;
      role?: string;
      affiliation: string;
      maxEnrollments?: number;
      attrs?: { name: string; value: string; ecert?: boolean }[];
    },
    registrar: CaUser,
  ): Promise<string>;
  enroll(request: {
    enrollmentID: string;
    enrollmentSecret: string;
    csr?: string;
    profile?: string;
    attr_reqs?: { name: string; optional?: boolean }[];
  }): Promise<{ certificate: string; rootCertificate: string }>;
  reenroll(user: CaUser, attrReqs?: { name: string; optional?: boolean }[]): Promise<{ certificate: string }>;
  revoke(
    request: { enrollmentID?: string; aki?: string; serial?: string; reason?: string; gencrl?: boolean },
    registrar: CaUser,
  ): Promise<{ result: { RevokedCerts: { Serial: string; AKI: string }[] | null; CRL: string } }>;
  generateCRL(request: object, registrar: CaUser): Promise<string>;
  newIdentityService(): {
    getOne(id: string, registrar: CaUser): Promise<{ result: { id: string; type: string; attrs: object[] } }>;
    getAll(registrar: CaUser): Promise<{ result: { identities: { id: string }[] } }>;
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FabricCAServices = require('fabric-ca-client') as new (
  url: string,
  tls: { trustedRoots: string[]; verify: boolean },
  caName: string,
) => FabricCaServices;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { User } = require('fabric-common') as {
  User: { createUser(name: string, password: string, mspId: string, certPem: string, keyPem: string): CaUser };
};

const ECOMMERCE = { mspId: 'EcommerceMSP', domain: 'ecommerce.example.com' };

/** The CA's answer to a failed request, as fabric-ca-client reports it. */
async function failure(promise: Promise<unknown>): Promise<{ code: number; message: string } | undefined> {
  try {
    await promise;
  } catch (error: unknown) {
    return (error as CaError).errors?.[0];
  }
  throw new Error('the CA accepted the request');
}

describe('devnet CA server with fabric-ca-client (npm 2.2)', () => {
  let devnet: Devnet;
  let dataDir: string;
  let cleanup: () => Promise<void>;
  let server: DevnetCaServer;
  let client: FabricCaServices;
  let caPem: string;
  let registrar: CaUser;
  const log: CaRequestLog[] = [];

  const start = async (): Promise<DevnetCaServer> =>
    startDevnetCaServer({ dataDir, org: ECOMMERCE, log: (entry) => log.push(entry) });

  beforeAll(async () => {
    ({ devnet, dir: dataDir, cleanup } = await openTestDevnet());
    server = await start();
    caPem = await readFile(server.tlsRootCertPath, 'utf8');
    client = new FabricCAServices(server.url, { trustedRoots: [caPem], verify: true }, server.caName);
    const msp = await readMsp(server.registrar!.mspDir);
    registrar = User.createUser('registrar', '', ECOMMERCE.mspId, msp.certificatePem, msp.keyPem);
  });
  afterAll(async () => {
    await server.close();
    await cleanup();
  });

  const userOf = (id: string, certificatePem: string, keyPem: string): CaUser =>
    User.createUser(id, '', ECOMMERCE.mspId, certificatePem, keyPem);

  it('answers cainfo with its name and the org’s CA certificate as chain', async () => {
    const info = await client.getCaInfo(registrar);
    expect(info).toMatchObject({ caName: 'ca-ecommerce', caChain: caPem, version: '1.5.5-devnet' });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('registers a buyer with role=buyer:ecert and enrolls it with a CSR made from the test’s own key', async () => {
    const secret = await client.register(
      {
        enrollmentID: 'buyer3',
        role: 'client',
        affiliation: '',
        attrs: [{ name: 'role', value: 'buyer', ecert: true }],
      },
      registrar,
    );
    const key = await newCsr('buyer3');
    const { certificate, rootCertificate } = await client.enroll({
      enrollmentID: 'buyer3',
      enrollmentSecret: secret,
      csr: key.csr,
    });

    expect(rootCertificate).toBe(caPem);
    expect(issuedBy(certificate, caPem)).toBe(true);
    await expect(verifyIssuedBy(certificate, caPem)).resolves.toBe(true);
    expect(subjectOf(certificate)).toMatchObject({ C: ['US'], O: ['Test'], OU: ['client'], CN: ['buyer3'] });
    expect(nodeOUOf(certificate)).toBe('client');
    expect(attributesOf(certificate)).toEqual({
      'hf.Affiliation': '',
      'hf.EnrollmentID': 'buyer3',
      'hf.Type': 'client',
      role: 'buyer',
    });
    const spki = (k: Parameters<typeof createPublicKey>[0]): Buffer =>
      createPublicKey(k).export({ type: 'spki', format: 'der' });
    expect(spki(certificate).equals(spki(key.privateKey))).toBe(true);
    const parsed = new x509.X509Certificate(certificate);
    expect(parsed.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(parsed.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);

    // The certificate is a devnet identity like any other: the peer reads its role attribute.
    const buyer = devnet.connect({
      identity: { mspId: ECOMMERCE.mspId, credentials: Buffer.from(certificate) },
      signer: newPrivateKeySigner(key.privateKey),
    });
    const who = JSON.parse(text(await buyer.getContract(CHAINCODE).evaluateTransaction('WhoAmI'))) as Record<
      string,
      string
    >;
    expect(who).toMatchObject({ mspId: 'EcommerceMSP', role: 'buyer', enrollmentId: 'buyer3' });
    await buyer.getContract(CHAINCODE).submitTransaction('Put', 'ca-issued', 'yes');
  });

  it('refuses a second enrollment beyond max enrollments (1 by default in the npm client), a wrong secret and an unknown identity: 401 code 20', async () => {
    const secret = await client.register({ enrollmentID: 'once', affiliation: '' }, registrar);
    const key = await newCsr('once');
    await client.enroll({ enrollmentID: 'once', enrollmentSecret: secret, csr: key.csr });
    const authenticationFailure = { code: 20, message: 'Authentication failure' };
    expect(await failure(client.enroll({ enrollmentID: 'once', enrollmentSecret: secret, csr: key.csr }))).toEqual(
      authenticationFailure,
    );
    expect(await failure(client.enroll({ enrollmentID: 'buyer3', enrollmentSecret: 'wrong', csr: key.csr }))).toEqual(
      authenticationFailure,
    );
    expect(await failure(client.enroll({ enrollmentID: 'nobody', enrollmentSecret: 'x', csr: key.csr }))).toEqual(
      authenticationFailure,
    );
    expect(log.filter((l) => l.status === 401).map((l) => l.detail)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/has already enrolled 1 times/),
        expect.stringMatching(/password mismatch for buyer3/),
        expect.stringMatching(/nobody is not registered/),
      ]),
    );
  });

  it('refuses a CSR whose key is not ECDSA P-256 (code 31) or whose CN is not the enrollment ID (code 77)', async () => {
    const secret = await client.register({ enrollmentID: 'keys', affiliation: '', maxEnrollments: -1 }, registrar);
    for (const kind of ['p384', 'rsa'] as const) {
      const error = await failure(
        client.enroll({ enrollmentID: 'keys', enrollmentSecret: secret, csr: (await newCsr('keys', kind)).csr }),
      );
      expect(error).toMatchObject({ code: 31, message: expect.stringMatching(/^CSR key type not accepted/) });
    }
    expect(
      await failure(
        client.enroll({ enrollmentID: 'keys', enrollmentSecret: secret, csr: (await newCsr('someone')).csr }),
      ),
    ).toEqual({ code: 77, message: 'The CSR subject common name must equal the enrollment ID' });
    // None of the refused requests used up an enrollment.
    const { certificate } = await client.enroll({
      enrollmentID: 'keys',
      enrollmentSecret: secret,
      csr: (await newCsr('keys')).csr,
      profile: 'tls',
    });
    const tls = new x509.X509Certificate(certificate);
    expect(tls.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
      x509.ExtendedKeyUsage.serverAuth,
      x509.ExtendedKeyUsage.clientAuth,
    ]);
  });

  it('lets only registrars register, within their delegated types and attributes; refuses other CAs’ identities', async () => {
    const secret = await client.register({ enrollmentID: 'plain', affiliation: '' }, registrar);
    const key = await newCsr('plain');
    const { certificate } = await client.enroll({ enrollmentID: 'plain', enrollmentSecret: secret, csr: key.csr });
    const plain = userOf('plain', certificate, key.keyPem);
    const authorizationFailure = { code: 71, message: 'Authorization failure' };

    expect(await failure(client.register({ enrollmentID: 'x1', affiliation: '' }, plain))).toEqual(
      authorizationFailure,
    );
    // The org registrar registers clients with a role, nothing more.
    expect(await failure(client.register({ enrollmentID: 'x2', role: 'admin', affiliation: '' }, registrar))).toEqual(
      authorizationFailure,
    );
    expect(
      await failure(
        client.register(
          { enrollmentID: 'x3', affiliation: '', attrs: [{ name: 'hf.Revoker', value: 'true' }] },
          registrar,
        ),
      ),
    ).toEqual(authorizationFailure);
    expect(await failure(client.register({ enrollmentID: 'plain', affiliation: '' }, registrar))).toEqual({
      code: 74,
      message: "Identity 'plain' is already registered",
    });
    // FinanceMSP's admin: a certificate this CA did not issue.
    const finance = await devnet.identity('FinanceMSP', 'Admin');
    const stranger = User.createUser(
      'Admin',
      '',
      'FinanceMSP',
      finance.certificatePem,
      finance.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    expect(await failure(client.register({ enrollmentID: 'x4', affiliation: '' }, stranger))).toEqual({
      code: 20,
      message: 'Authentication failure',
    });
    // The bootstrap admin may register anything, an admin included.
    const bootstrapKey = await newCsr('admin');
    const bootstrap = await client.enroll({
      enrollmentID: server.bootstrapAdmin.enrollmentId,
      enrollmentSecret: server.bootstrapAdmin.secret,
      csr: bootstrapKey.csr,
    });
    const admin = userOf('admin', bootstrap.certificate, bootstrapKey.keyPem);
    await expect(client.register({ enrollmentID: 'admin2', role: 'admin', affiliation: '' }, admin)).resolves.toEqual(
      expect.any(String),
    );
  });

  it('reenrolls with the current certificate: a new key and certificate, the same attributes', async () => {
    const secret = await client.register(
      { enrollmentID: 'store9', affiliation: '', attrs: [{ name: 'role', value: 'store,warehouse', ecert: true }] },
      registrar,
    );
    const key = await newCsr('store9');
    const first = await client.enroll({ enrollmentID: 'store9', enrollmentSecret: secret, csr: key.csr });
    const again = await client.reenroll(userOf('store9', first.certificate, key.keyPem));
    expect(again.certificate).not.toBe(first.certificate);
    expect(issuedBy(again.certificate, caPem)).toBe(true);
    expect(attributesOf(again.certificate)).toMatchObject({ role: 'store,warehouse', 'hf.EnrollmentID': 'store9' });
    expect(createPublicKey(again.certificate).export({ format: 'jwk' })).not.toEqual(
      createPublicKey(first.certificate).export({ format: 'jwk' }),
    );
  });

  it('revokes every certificate of an identity, which can no longer enroll or authenticate, and lists them in its CRL', async () => {
    const secret = await client.register(
      {
        enrollmentID: 'buyer4',
        affiliation: '',
        maxEnrollments: -1,
        attrs: [{ name: 'role', value: 'buyer', ecert: true }],
      },
      registrar,
    );
    const key = await newCsr('buyer4');
    const first = await client.enroll({ enrollmentID: 'buyer4', enrollmentSecret: secret, csr: key.csr });
    const second = await client.enroll({
      enrollmentID: 'buyer4',
      enrollmentSecret: secret,
      csr: (await newCsr('buyer4')).csr,
    });
    const buyer = userOf('buyer4', first.certificate, key.keyPem);

    // A client may not revoke others.
    expect(await failure(client.revoke({ enrollmentID: 'buyer3' }, buyer))).toEqual({
      code: 71,
      message: 'Authorization failure',
    });

    const revoked = await client.revoke({ enrollmentID: 'buyer4', reason: 'keycompromise', gencrl: true }, registrar);
    const serials = [first.certificate, second.certificate].map((c) =>
      new x509.X509Certificate(c).serialNumber.replace(/^0+/, '').toLowerCase(),
    );
    expect(revoked.result.RevokedCerts?.map((r) => r.Serial).sort()).toEqual([...serials].sort());
    expect(Buffer.from(revoked.result.CRL, 'base64').toString()).toMatch(/^-----BEGIN X509 CRL-----/);
    // Again: nothing left to revoke, no CRL.
    expect((await client.revoke({ enrollmentID: 'buyer4', gencrl: true }, registrar)).result).toEqual({
      RevokedCerts: null,
      CRL: '',
    });
    expect(await failure(client.revoke({ enrollmentID: 'ghost' }, registrar))).toEqual({
      code: 10,
      message: 'Identity ghost was not found',
    });

    expect(await failure(client.enroll({ enrollmentID: 'buyer4', enrollmentSecret: secret, csr: key.csr }))).toEqual({
      code: 20,
      message: 'Authentication failure',
    });
    expect(await failure(client.reenroll(buyer))).toEqual({ code: 20, message: 'Authentication failure' });

    const crlPem = Buffer.from(await client.generateCRL({}, registrar), 'base64').toString();
    const crl = new x509.X509Crl(crlPem);
    await expect(crl.verify({ publicKey: new x509.X509Certificate(caPem) })).resolves.toBe(true);
    expect(crl.entries.map((e) => e.serialNumber.replace(/^0+/, '').toLowerCase())).toEqual(
      expect.arrayContaining(serials),
    );
    expect(crl.nextUpdate!.getTime() - crl.thisUpdate.getTime()).toBe(24 * 60 * 60 * 1000);
  });

  it('reads identities through the identities API (registrars only)', async () => {
    const identities = client.newIdentityService();
    const one = await identities.getOne('buyer3', registrar);
    expect(one.result).toMatchObject({ id: 'buyer3', type: 'client' });
    expect(one.result.attrs).toContainEqual({ name: 'role', value: 'buyer', ecert: true });
    const all = await identities.getAll(registrar);
    expect(all.result.identities.map((i) => i.id)).toEqual(expect.arrayContaining(['registrar', 'buyer3', 'buyer4']));
    expect(await failure(identities.getOne('ghost', registrar))).toMatchObject({ code: 63 });
  });

  it('keeps its registry across restarts, in files only the owner reads', async () => {
    await server.close();
    server = await start();
    client = new FabricCAServices(server.url, { trustedRoots: [caPem], verify: true }, server.caName);
    const home = path.join(dataDir, 'fabric-ca', ECOMMERCE.domain);
    for (const file of ['identities.json', 'certificates.json', 'bootstrap-admin.json']) {
      expect((await stat(path.join(home, file))).mode & 0o777).toBe(0o600);
    }
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(server.registrar!.mspDir, 'keystore', 'priv_sk'))).mode & 0o777).toBe(0o600);
    const identities = await readFile(path.join(home, 'identities.json'), 'utf8');
    expect(identities).not.toContain(server.bootstrapAdmin.secret);
    // buyer4 is still revoked, buyer3 still registered.
    expect(await failure(client.register({ enrollmentID: 'buyer3', affiliation: '' }, registrar))).toMatchObject({
      code: 74,
    });
    const secret = await client.register({ enrollmentID: 'after-restart', affiliation: '' }, registrar);
    const key = await newCsr('after-restart');
    await expect(
      client.enroll({ enrollmentID: 'after-restart', enrollmentSecret: secret, csr: key.csr }),
    ).resolves.toBeDefined();
  });
});
