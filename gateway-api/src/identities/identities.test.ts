import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import request from 'supertest';
import { verifyIssuedBy } from '@allianceledger/fabric-protocol';
import { readFabricNetworkFile } from '../ledger/fabric-network-file';
import { advanceProcessClock, restoreProcessClock } from '../test/process-clock';
import { openTestGateway, type TestGateway } from '../test/test-gateway';
import {
  basic,
  crlSerials,
  deviceKey,
  fabricAttributes,
  filesHolding,
  privateScalar,
  serialOf,
} from '../test/device-keys';

const ADMIN = 'EcommerceMSP:Admin';
const FINANCE_ADMIN = 'FinanceMSP:Admin';
const BUYER1 = 'EcommerceMSP:buyer1';

/**
 * Onboarding on devnet, through devnet's Fabric CA servers (the gateway reaches them as it reaches a real
 * network's CAs, from the connection file): a bank's first customers, custodial and self-custody.
 */
describe('identities: onboarding through the organisation’s CA', () => {
  let t: TestGateway;
  const run = Date.now().toString(36);
  const http = () => request(t.gateway.app);
  const as = (identity: string) => ({ 'x-api-key': t.key(identity) });
  const caRoot = async (mspId: string): Promise<string> => {
    const network = await readFabricNetworkFile(t.gateway.devnet!.connectionFile);
    const ca = network.certificateAuthorities!.find((c) => c.mspId === mspId)!;
    return readFile(ca.tlsRootCertPath, 'utf8');
  };
  /** Every member of an org on chain, by party: onboarding registers each exactly once. */
  const members = async (): Promise<string[]> => {
    const page = await http().get('/api/v1/members?mspId=EcommerceMSP&pageSize=100').set(as(ADMIN)).expect(200);
    return (page.body.items as { party: string }[]).map((m) => m.party);
  };

  beforeAll(async () => {
    t = await openTestGateway();
  });
  afterAll(async () => {
    restoreProcessClock();
    await t.destroy();
  });

  it('lists devnet’s CAs in its connection file as network.sh lists the real ones', async () => {
    const network = await readFabricNetworkFile(t.gateway.devnet!.connectionFile);
    expect(network.certificateAuthorities?.map((c) => [c.mspId, c.caName])).toEqual([
      ['EcommerceMSP', 'ca-ecommerce'],
      ['FinanceMSP', 'ca-finance'],
      ['EnergyMSP', 'ca-energy'],
    ]);
    for (const ca of network.certificateAuthorities!) {
      expect(ca.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(ca.registrar.enrollmentId).toBe('registrar');
    }
  });

  describe('a custodial store', () => {
    const name = `store-${run}`;
    const identity = `EcommerceMSP:${name}`;
    let registered: request.Response;

    beforeAll(async () => {
      registered = await http()
        .post('/api/v1/identities')
        .set(as(ADMIN))
        .send({ name, roles: ['store'], custody: 'custodial' })
        .expect(201);
    });

    it('is registered at the CA, enrolled with a key the gateway keeps, on chain, with an API key', async () => {
      expect(registered.headers.location).toBe(`/api/v1/identities/${encodeURIComponent(identity)}`);
      expect(registered.body.identity).toMatchObject({
        identity,
        custody: 'custodial',
        status: 'ACTIVE',
        source: 'enrolled',
        party: expect.stringMatching(/^EcommerceMSP::x509::/),
      });
      expect(registered.body.member).toMatchObject({ roles: ['store'], status: 'ACTIVE', name });
      expect(registered.body.apiKey).toMatchObject({ identity, key: expect.stringMatching(/^alk_/) });
      expect(registered.body.enrollment).toBeUndefined();
      // The party id the gateway registered is the one the chaincode computes for the certificate.
      const me = await http()
        .get('/api/v1/me')
        .set('x-api-key', registered.body.apiKey.key as string)
        .expect(200);
      expect(me.body.caller.party).toBe(registered.body.identity.party);
      expect(me.body.member).toMatchObject({ roles: ['store'], status: 'ACTIVE' });
    });

    it('signs as it: its API key opens an account', async () => {
      await http()
        .post('/api/v1/accounts')
        .set('x-api-key', registered.body.apiKey.key as string)
        .send({ accountId: `${name}-wallet` })
        .expect(201);
    });

    it('refuses the same name again, and registers nothing twice', async () => {
      const before = await members();
      const again = await http()
        .post('/api/v1/identities')
        .set(as(ADMIN))
        .send({ name, roles: ['store'], custody: 'custodial' })
        .expect(409);
      expect(again.body.code).toBe('IDENTITY_EXISTS');
      await http()
        .post('/api/v1/identities')
        .set(as(ADMIN))
        .send({ name: 'buyer1', roles: ['buyer'], custody: 'self' })
        .expect(409);
      expect(await members()).toEqual(before);
      expect(before.filter((p) => p === registered.body.identity.party)).toHaveLength(1);
    });

    it('loses its key when it is revoked: nothing is left to sign with', async () => {
      const file = path.join(t.dataDir, 'gateway', 'identities', 'EcommerceMSP', `${name}.json`);
      expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('privateKeyPem');
      await http()
        .post(`/api/v1/identities/${encodeURIComponent(identity)}/revocation`)
        .set(as(ADMIN))
        .send({ reason: 'store closed' })
        .expect(200);
      const record = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      expect(record).toMatchObject({ custody: 'custodial', status: 'REVOKED' });
      expect(record.privateKeyPem).toBeUndefined();
      await http()
        .get('/api/v1/chain')
        .set('x-api-key', registered.body.apiKey.key as string)
        .expect(403);
    });
  });

  describe('a self-custody buyer', () => {
    const name = `buyer-${run}`;
    const identity = `EcommerceMSP:${name}`;
    const enrollment = `/api/v1/identities/${encodeURIComponent(identity)}/enrollment`;
    let secret: string;
    let key: Awaited<ReturnType<typeof deviceKey>>;
    let enrolled: request.Response;

    beforeAll(async () => {
      const registered = await http()
        .post('/api/v1/identities')
        .set(as(ADMIN))
        .send({ name, roles: ['buyer'], custody: 'self' })
        .expect(201);
      expect(registered.body.identity).toMatchObject({
        identity,
        custody: 'self',
        status: 'PENDING',
        roles: ['buyer'],
      });
      expect(registered.body.apiKey).toBeUndefined();
      expect(registered.body.enrollment).toMatchObject({ path: `/identities/${identity}/enrollment` });
      secret = registered.body.enrollment.secret as string;
      key = await deviceKey(`C=US, O=Test, CN=${name}`);
    });

    it('is listed as pending until its device enrolls', async () => {
      const list = await http().get('/api/v1/identities').set(as(ADMIN)).expect(200);
      const items = list.body.items as { identity: string; status: string; source: string }[];
      expect(items.find((i) => i.identity === identity)).toMatchObject({ status: 'PENDING', custody: 'self' });
      expect(items.find((i) => i.identity === BUYER1)).toMatchObject({ status: 'ACTIVE', source: 'configured' });
      expect(items.every((i) => i.identity.startsWith('EcommerceMSP:'))).toBe(true);
    });

    it('refuses wrong secrets and bad CSRs, and keeps the enrolment open for the right one', async () => {
      const before = await members();
      const refused = async (auth: string | undefined, csr: string, status: number, code: string) => {
        const req = http().post(enrollment).send({ csr });
        const res = await (auth === undefined ? req : req.set('authorization', auth)).expect(status);
        expect(res.body.code).toBe(code);
        return res;
      };
      await refused(undefined, key.csr, 401, 'ENROLLMENT_SECRET_INVALID');
      await refused(basic(name, 'not-the-secret'), key.csr, 401, 'ENROLLMENT_SECRET_INVALID');
      await refused(basic('buyer1', secret), key.csr, 401, 'ENROLLMENT_SECRET_INVALID');
      const wrongPath = await http()
        .post(`/api/v1/identities/${encodeURIComponent(`FinanceMSP:${name}`)}/enrollment`)
        .set('authorization', basic(name, secret))
        .send({ csr: key.csr })
        .expect(401);
      expect(wrongPath.body.code).toBe('ENROLLMENT_SECRET_INVALID');
      // An API key is not an enrollment secret.
      const withKey = await http().post(enrollment).set(as(ADMIN)).send({ csr: key.csr }).expect(401);
      expect(withKey.body.code).toBe('ENROLLMENT_SECRET_INVALID');

      const auth = basic(name, secret);
      await refused(auth, 'not a csr', 400, 'CSR_INVALID');
      const otherName = await refused(auth, (await deviceKey('CN=buyer1')).csr, 400, 'CSR_SUBJECT_MISMATCH');
      expect(otherName.body.detail).toMatch(`CN=${name}`);
      const otherOrg = await refused(
        auth,
        (await deviceKey(`O=finance.example.com, CN=${name}`)).csr,
        400,
        'CSR_SUBJECT_MISMATCH',
      );
      expect(otherOrg.body.detail).toMatch(/another organisation/);
      await refused(auth, (await deviceKey(`O=FinanceMSP, CN=${name}`)).csr, 400, 'CSR_SUBJECT_MISMATCH');
      await refused(auth, (await deviceKey(`OU=admin, CN=${name}`)).csr, 400, 'CSR_SUBJECT_MISMATCH');
      const rsa = await refused(auth, (await deviceKey(`CN=${name}`, 'rsa')).csr, 400, 'CSR_KEY_NOT_ACCEPTED');
      expect(rsa.body.detail).toMatch(/P-256.*not rsa/);
      await refused(auth, (await deviceKey(`CN=${name}`, 'p384')).csr, 400, 'CSR_KEY_NOT_ACCEPTED');
      const body = await http()
        .post(enrollment)
        .set('authorization', auth)
        .send({ csr: key.csr, extra: 1 })
        .expect(400);
      expect(body.body.code).toBe('VALIDATION_FAILED');
      expect(await members()).toEqual(before);
    });

    it('enrolls with its own CSR: the org CA’s certificate with role=buyer, on chain, an API key', async () => {
      enrolled = await http()
        .post(enrollment)
        .set('authorization', basic(name, secret))
        .send({ csr: key.csr })
        .expect(201);
      const certificate = enrolled.body.certificate as string;
      const root = await caRoot('EcommerceMSP');
      await expect(verifyIssuedBy(certificate, root)).resolves.toBe(true);
      expect(enrolled.body.caChain).toContain(root.trim().split('\n')[1]);
      expect(fabricAttributes(certificate)).toMatchObject({
        role: 'buyer',
        'hf.EnrollmentID': name,
        'hf.Type': 'client',
      });
      const cert = new X509Certificate(certificate);
      expect(cert.subject).toContain(`CN=${name}`);
      expect(cert.subject).toContain('OU=client');
      // For the device's own key.
      expect(cert.checkPrivateKey(key.privateKey)).toBe(true);
      expect(enrolled.body.identity).toMatchObject({ identity, custody: 'self', status: 'ACTIVE', source: 'enrolled' });
      expect(enrolled.body.member).toMatchObject({
        party: enrolled.body.identity.party,
        roles: ['buyer'],
        status: 'ACTIVE',
      });
      expect(enrolled.body.apiKey).toMatchObject({ identity, key: expect.stringMatching(/^alk_/) });
      // The member was registered by the admin who registered the identity.
      const admin = await http().get('/api/v1/me').set(as(ADMIN)).expect(200);
      expect(enrolled.body.member.registeredBy).toBe(admin.body.caller.party);
      const detail = await http()
        .get(`/api/v1/identities/${encodeURIComponent(identity)}`)
        .set(as(ADMIN))
        .expect(200);
      expect(detail.body).toMatchObject({ status: 'ACTIVE', member: { roles: ['buyer'] } });
    });

    it('leaves no trace of its private key in the gateway’s data directory', async () => {
      expect(await filesHolding(t.dataDir, [key.pkcs8, privateScalar(key.privateKey)])).toEqual([]);
      const record = JSON.parse(
        await readFile(path.join(t.dataDir, 'gateway', 'identities', 'EcommerceMSP', `${name}.json`), 'utf8'),
      ) as Record<string, unknown>;
      expect(record).toMatchObject({ custody: 'self', status: 'ACTIVE' });
      expect(record.privateKeyPem).toBeUndefined();
      // Nothing of the one-time secret either: the onboarding record is gone once enrolled.
      expect(await filesHolding(t.dataDir, [Buffer.from(secret)])).toEqual([]);
    });

    it('does not sign as it: a write with its API key is 403 SIGNATURE_REQUIRED', async () => {
      const res = await http()
        .post('/api/v1/accounts')
        .set('x-api-key', enrolled.body.apiKey.key as string)
        .send({ accountId: `${name}-wallet` })
        .expect(403);
      expect(res.body.code).toBe('SIGNATURE_REQUIRED');
    });

    it('spends the enrollment secret: a second enrolment is refused', async () => {
      const again = await http()
        .post(enrollment)
        .set('authorization', basic(name, secret))
        .send({ csr: key.csr })
        .expect(401);
      expect(again.body.code).toBe('ENROLLMENT_SECRET_INVALID');
    });

    it('is revoked at the CA, suspended on chain and refused by the gateway', async () => {
      const res = await http()
        .post(`/api/v1/identities/${encodeURIComponent(identity)}/revocation`)
        .set(as(ADMIN))
        .send({ reason: 'device lost', crlReason: 'keycompromise' })
        .expect(200);
      expect(res.body.identity).toMatchObject({ status: 'REVOKED', revokedAt: expect.any(String) });
      expect(res.body.member).toMatchObject({ status: 'SUSPENDED' });
      expect(res.body.apiKeysRevoked).toBe(1);
      expect(res.body.certificateAuthority.caName).toBe('ca-ecommerce');
      const serial = serialOf(enrolled.body.certificate as string);
      const revokedSerials = (res.body.certificateAuthority.revokedCertificates as { serial: string }[]).map((c) =>
        c.serial.replace(/^0+/, ''),
      );
      expect(revokedSerials).toContain(serial);
      expect(crlSerials(res.body.certificateAuthority.crl as string)).toContain(serial);
      // Its API key now answers 403: the identity is revoked.
      const refused = await http()
        .get('/api/v1/chain')
        .set('x-api-key', enrolled.body.apiKey.key as string)
        .expect(403);
      expect(refused.body.detail).toMatch(/revoked/);
      // Repeating it completes nothing new and changes nothing.
      const again = await http()
        .post(`/api/v1/identities/${encodeURIComponent(identity)}/revocation`)
        .set(as(ADMIN))
        .send({ reason: 'device lost' })
        .expect(200);
      expect(again.body).toMatchObject({
        apiKeysRevoked: 0,
        member: { status: 'SUSPENDED' },
        identity: { status: 'REVOKED' },
      });
      expect(crlSerials(again.body.certificateAuthority.crl as string)).toContain(serial);
      const keys = await http()
        .get(`/api/v1/api-keys?identity=${encodeURIComponent(identity)}`)
        .set(as(ADMIN))
        .expect(200);
      expect(keys.body.items).toEqual([expect.objectContaining({ revokedAt: expect.any(String) })]);
    });
  });

  describe('refusals', () => {
    it('lets only an administrator of the identity’s own organisation act', async () => {
      const nonAdmin = await http()
        .post('/api/v1/identities')
        .set(as(BUYER1))
        .send({ name: `x-${run}`, roles: ['buyer'], custody: 'self' })
        .expect(403);
      expect(nonAdmin.body.code).toBe('ORG_ADMIN_REQUIRED');
      await http().get('/api/v1/identities').set(as(BUYER1)).expect(403);
      const otherOrg = await http()
        .get(`/api/v1/identities/${encodeURIComponent(BUYER1)}`)
        .set(as(FINANCE_ADMIN))
        .expect(403);
      expect(otherOrg.body).toMatchObject({
        code: 'ORG_ADMIN_REQUIRED',
        detail: expect.stringMatching(/administers FinanceMSP/),
      });
      await http()
        .post(`/api/v1/identities/${encodeURIComponent(BUYER1)}/revocation`)
        .set(as(FINANCE_ADMIN))
        .send({ reason: 'not mine' })
        .expect(403);
      // A Finance admin onboards into FinanceMSP only: the name is its own org's.
      const bank = await http()
        .post('/api/v1/identities')
        .set(as(FINANCE_ADMIN))
        .send({ name: `bank-${run}`, roles: ['buyer'], custody: 'self' })
        .expect(400);
      expect(bank.body.errors).toEqual([{ path: 'body.roles', message: 'FinanceMSP cannot grant buyer' }]);
    });

    it('refuses roles the org cannot grant before anything is registered at the CA', async () => {
      const name = `oracle-${run}`;
      const bad = await http()
        .post('/api/v1/identities')
        .set(as(ADMIN))
        .send({ name, roles: ['issuer'], custody: 'custodial' })
        .expect(400);
      expect(bad.body.errors).toEqual([{ path: 'body.roles', message: 'EcommerceMSP cannot grant issuer' }]);
      await http()
        .post('/api/v1/identities')
        .set(as(ADMIN))
        .send({ name, roles: ['oracle', 'oracle'], custody: 'custodial' })
        .expect(400);
      // The name is still free at the CA.
      await http()
        .post('/api/v1/identities')
        .set(as(ADMIN))
        .send({ name, roles: ['oracle'], custody: 'custodial' })
        .expect(201);
    });

    it('answers unknown and operator-configured identities clearly', async () => {
      const missing = await http()
        .get(`/api/v1/identities/${encodeURIComponent('EcommerceMSP:nobody')}`)
        .set(as(ADMIN))
        .expect(404);
      expect(missing.body.code).toBe('IDENTITY_NOT_FOUND');
      await http()
        .post(`/api/v1/identities/${encodeURIComponent('EcommerceMSP:nobody')}/revocation`)
        .set(as(ADMIN))
        .send({ reason: 'x' })
        .expect(404);
      const configured = await http()
        .post(`/api/v1/identities/${encodeURIComponent(BUYER1)}/revocation`)
        .set(as(ADMIN))
        .send({ reason: 'x' })
        .expect(409);
      expect(configured.body.code).toBe('IDENTITY_NOT_MANAGED');
      await http().get('/api/v1/identities/not-an-identity').set(as(ADMIN)).expect(400);
    });

    it('expires an unused enrollment secret (GATEWAY_ENROLLMENT_SECRET_TTL_SECONDS, 24 h)', async () => {
      const name = `late-${run}`;
      const identity = `EcommerceMSP:${name}`;
      const registered = await http()
        .post('/api/v1/identities')
        .set(as(ADMIN))
        .send({ name, roles: ['buyer'], custody: 'self' })
        .expect(201);
      advanceProcessClock(24 * 3600 + 1);
      const key = await deviceKey(`CN=${name}`);
      const late = await http()
        .post(`/api/v1/identities/${encodeURIComponent(identity)}/enrollment`)
        .set('authorization', basic(name, registered.body.enrollment.secret as string))
        .send({ csr: key.csr })
        .expect(410);
      expect(late.body.code).toBe('ENROLLMENT_EXPIRED');
      const wrong = await http()
        .post(`/api/v1/identities/${encodeURIComponent(identity)}/enrollment`)
        .set('authorization', basic(name, 'guess'))
        .send({ csr: key.csr })
        .expect(401);
      expect(wrong.body.code).toBe('ENROLLMENT_SECRET_INVALID');
      const detail = await http()
        .get(`/api/v1/identities/${encodeURIComponent(identity)}`)
        .set(as(ADMIN))
        .expect(200);
      expect(detail.body).toMatchObject({ status: 'EXPIRED', member: null });
      // The administrator revokes it at the CA; the name stays taken.
      const revoked = await http()
        .post(`/api/v1/identities/${encodeURIComponent(identity)}/revocation`)
        .set(as(ADMIN))
        .send({ reason: 'never enrolled' })
        .expect(200);
      expect(revoked.body).toMatchObject({ identity: { status: 'REVOKED' }, member: null, apiKeysRevoked: 0 });
      await http()
        .post('/api/v1/identities')
        .set(as(ADMIN))
        .send({ name, roles: ['buyer'], custody: 'self' })
        .expect(409);
    });
  });
});
