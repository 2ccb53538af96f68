import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { newMessageSigner, verifyIssuedBy } from '@allianceledger/fabric-protocol';
import { readFabricNetworkFile } from '../ledger/fabric-network-file';
import { ChaincodeRejection } from '../ledger/ledger-errors';
import type { SigningIdentity } from '../ledger/ledger-port';
import {
  basic,
  crlSerials,
  deviceKey,
  fabricAttributes,
  filesHolding,
  privateScalar,
  serialOf,
} from '../test/device-keys';
import { openScenarioTarget, type ScenarioTarget } from '../test/scenario-target';
import { fabricRunDir, networkSh } from './fabric-env';
import { openFabricLedger } from './fabric-ledger-client';

const ADMIN = 'EcommerceMSP:Admin';

/**
 * Onboarding against the real network's Fabric CAs, through the REST gateway started on it (the same calls
 * as on devnet): an administrator onboards a custodial store and a self-custody buyer, whose device enrolls
 * with its own key and then signs on its own; revocation reaches the CA, the chain, the gateway and, with
 * `network.sh revoke`, the channel's MSP.
 */
describe('Fabric: onboarding through the organisations’ CAs', () => {
  let target: ScenarioTarget;
  const run = Date.now().toString(36);
  const admin = () => ({ 'x-api-key': target.key(ADMIN) });

  beforeAll(async () => {
    target = await openScenarioTarget();
  });
  afterAll(() => target.close());

  it('onboards a custodial store: the Fabric CA’s certificate, the member on chain, an API key that signs', async () => {
    const name = `store-${run}`;
    const res = await target
      .http()
      .post('/api/v1/identities')
      .set(admin())
      .send({ name, roles: ['store'], custody: 'custodial' })
      .expect(201);
    expect(res.body.member).toMatchObject({ roles: ['store'], status: 'ACTIVE' });
    const key = res.body.apiKey.key as string;
    const me = await target.http().get('/api/v1/me').set('x-api-key', key).expect(200);
    expect(me.body.caller.party).toBe(res.body.identity.party);
    await target
      .http()
      .post('/api/v1/accounts')
      .set('x-api-key', key)
      .send({ accountId: `${name}-wallet` })
      .expect(201);
    // Rotation: the new key at once, the old one refused at once.
    const rotated = await target
      .http()
      .post(`/api/v1/api-keys/${res.body.apiKey.id as string}/rotation`)
      .set(admin())
      .expect(201);
    await target.http().get('/api/v1/me').set('x-api-key', key).expect(401);
    await target
      .http()
      .get('/api/v1/me')
      .set('x-api-key', rotated.body.apiKey.key as string)
      .expect(200);
  }, 120_000);

  it('enrolls a self-custody buyer’s own CSR at the Fabric CA; the device signs, the gateway cannot; revocation reaches the channel', async () => {
    const network = await readFabricNetworkFile(path.join(fabricRunDir(), 'gateway-connection.json'));
    const ca = network.certificateAuthorities!.find((c) => c.mspId === 'EcommerceMSP')!;
    const name = `buyer-${run}`;
    const identity = `EcommerceMSP:${name}`;
    const registered = await target
      .http()
      .post('/api/v1/identities')
      .set(admin())
      .send({ name, roles: ['buyer'], custody: 'self' })
      .expect(201);
    const secret = registered.body.enrollment.secret as string;
    const enrollment = `/api/v1/identities/${encodeURIComponent(identity)}/enrollment`;

    // Refusals first: they leave the enrolment open.
    const wrong = await target
      .http()
      .post(enrollment)
      .set('authorization', basic(name, 'guess'))
      .send({ csr: (await deviceKey(`CN=${name}`)).csr })
      .expect(401);
    expect(wrong.body.code).toBe('ENROLLMENT_SECRET_INVALID');
    const rsa = await target
      .http()
      .post(enrollment)
      .set('authorization', basic(name, secret))
      .send({ csr: (await deviceKey(`CN=${name}`, 'rsa')).csr })
      .expect(400);
    expect(rsa.body.code).toBe('CSR_KEY_NOT_ACCEPTED');
    const other = await target
      .http()
      .post(enrollment)
      .set('authorization', basic(name, secret))
      .send({ csr: (await deviceKey('CN=buyer1')).csr })
      .expect(400);
    expect(other.body.code).toBe('CSR_SUBJECT_MISMATCH');

    const key = await deviceKey(`C=US, ST=California, L=San Francisco, O=ecommerce.example.com, CN=${name}`);
    const enrolled = await target
      .http()
      .post(enrollment)
      .set('authorization', basic(name, secret))
      .send({ csr: key.csr })
      .expect(201);
    const certificate = enrolled.body.certificate as string;
    await expect(verifyIssuedBy(certificate, await readFile(ca.tlsRootCertPath, 'utf8'))).resolves.toBe(true);
    expect(fabricAttributes(certificate)).toMatchObject({ role: 'buyer', 'hf.EnrollmentID': name });
    expect(new X509Certificate(certificate).checkPrivateKey(key.privateKey)).toBe(true);
    expect(enrolled.body.member).toMatchObject({ roles: ['buyer'], status: 'ACTIVE' });
    const apiKey = enrolled.body.apiKey.key as string;

    // The gateway holds no key to sign with, and none in its files.
    const write = await target
      .http()
      .post('/api/v1/accounts')
      .set('x-api-key', apiKey)
      .send({ accountId: `${name}-wallet` })
      .expect(403);
    expect(write.body.code).toBe('SIGNATURE_REQUIRED');
    expect(
      await filesHolding(path.join(fabricRunDir(), 'gateway'), [key.pkcs8, privateScalar(key.privateKey)]),
    ).toEqual([]);

    // The device signs by itself: the peers accept its certificate, and the chaincode's party id for it is the
    // one the gateway registered.
    const device: SigningIdentity = {
      identity: { mspId: 'EcommerceMSP', credentials: Buffer.from(certificate) },
      signer: newMessageSigner(key.privateKey),
      hash: 'none',
    };
    const { ledger } = await openFabricLedger();
    try {
      const whoAmI = async (): Promise<{ caller: { party: string }; member: { roles: string[] } | null }> =>
        JSON.parse(
          Buffer.from(
            await ledger.evaluate({ signer: device, transaction: 'members:WhoAmI', arguments: ['{}'] }),
          ).toString(),
        ) as { caller: { party: string }; member: { roles: string[] } | null };
      const me = await whoAmI();
      expect(me.caller.party).toBe(enrolled.body.identity.party);
      expect(me.member?.roles).toEqual(['buyer']);

      // Revocation: the CA (certificate in its CRL), the chain (suspended), the gateway (403) …
      const revoked = await target
        .http()
        .post(`/api/v1/identities/${encodeURIComponent(identity)}/revocation`)
        .set(admin())
        .send({ reason: 'device lost', crlReason: 'keycompromise' })
        .expect(200);
      expect(revoked.body.member).toMatchObject({ status: 'SUSPENDED' });
      expect(crlSerials(revoked.body.certificateAuthority.crl as string)).toContain(serialOf(certificate));
      await target.http().get('/api/v1/chain').set('x-api-key', apiKey).expect(403);
      // … and, once the organisation puts the CRL in its channel MSP, every peer refuses the device itself.
      expect(await networkSh(['revoke', 'ecommerce', name])).toMatch(/EcommerceMSP's channel MSP carries the CRL/);
      const refused = await whoAmI().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(ChaincodeRejection);
      expect(refused).toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await ledger.close();
    }
  }, 180_000);
});
