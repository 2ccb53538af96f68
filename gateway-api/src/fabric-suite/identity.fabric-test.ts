import { execFile } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { msp } from '@allianceledger/devnet';
import { readFabricNetworkFile, type FabricNetworkFile } from '../ledger/fabric-network-file';
import { ChaincodeRejection } from '../ledger/ledger-errors';
import { MEMBERS } from '../scenarios/alliance-bootstrap';
import { fabricRunDir, networkSh } from './fabric-env';
import { openFabricLedger } from './fabric-ledger-client';

const run = promisify(execFile);

/** Fabric CA's attribute extension is raw JSON `{"attrs":{…}}` in the certificate (OID 1.2.3.4.5.6.7.8.1). */
function attributesOf(certificate: X509Certificate): Record<string, string> {
  const json = /\{"attrs":\{[^}]*\}\}/.exec(certificate.raw.toString('latin1'))?.[0];
  if (json === undefined) throw new Error(`${certificate.subject} has no Fabric CA attributes`);
  return (JSON.parse(json) as { attrs: Record<string, string> }).attrs;
}

const subjectField = (certificate: X509Certificate, field: string): string[] =>
  certificate.subject
    .split('\n')
    .filter((line) => line.startsWith(`${field}=`))
    .map((line) => line.slice(field.length + 1));

async function signingCertificate(mspDir: string): Promise<X509Certificate> {
  const [file] = await readdir(path.join(mspDir, 'signcerts'));
  return new X509Certificate(await readFile(path.join(mspDir, 'signcerts', file!)));
}

/**
 * Identities on the real network come from each organisation's Fabric CA (network.sh up): the gateway's
 * users carry their roles as the `role` attribute; the org's registrar, named in the connection file,
 * registers a new client through the CA; `network.sh revoke` puts the CA's CRL in the org's channel MSP,
 * after which the peers refuse that client.
 */
describe('Fabric: identities from the organisations’ CAs', () => {
  let network: FabricNetworkFile;
  beforeAll(async () => {
    network = await readFabricNetworkFile(path.join(fabricRunDir(), 'gateway-connection.json'));
  });

  const caOf = (mspId: string): NonNullable<FabricNetworkFile['certificateAuthorities']>[number] => {
    const ca = network.certificateAuthorities?.find((c) => c.mspId === mspId);
    if (!ca) throw new Error(`no CA for ${mspId} in the connection file`);
    return ca;
  };

  it('issued every member its certificate from its org’s CA, with its enrollment ID and roles as attributes', async () => {
    for (const member of MEMBERS) {
      const [mspId, name] = member.identity.split(':') as [string, string];
      const identity = network.identities.find((i) => i.name === member.identity)!;
      const certificate = await signingCertificate(identity.mspDir);
      const ca = new X509Certificate(await readFile(caOf(mspId).tlsRootCertPath));
      expect(certificate.checkIssued(ca) && certificate.verify(ca.publicKey)).toBe(true);
      expect(subjectField(certificate, 'CN')).toEqual([name]);
      expect(subjectField(certificate, 'OU')).toEqual(['client']);
      const attributes = attributesOf(certificate);
      expect(attributes['hf.EnrollmentID']).toBe(name);
      expect(attributes.role!.split(',')).toEqual(expect.arrayContaining([...member.roles]));
    }
    for (const admin of network.identities.filter((i) => i.name.endsWith(':Admin'))) {
      expect(subjectField(await signingCertificate(admin.mspDir), 'OU')).toEqual(['admin']);
    }
  });

  it('registers and enrolls a buyer with the org’s registrar, and refuses its proposals once revoked', async () => {
    const ca = caOf('EcommerceMSP');
    const home = await mkdtemp(path.join(tmpdir(), 'fabric-ca-client-'));
    const name = `buyer-${randomBytes(4).toString('hex')}`;
    const secret = randomBytes(12).toString('hex');
    const client = (args: readonly string[]): Promise<{ stdout: string; stderr: string }> =>
      run('fabric-ca-client', [...args, '--caname', ca.caName, '--tls.certfiles', ca.tlsRootCertPath], {
        env: { ...process.env, FABRIC_CA_CLIENT_HOME: home },
      });
    const { ledger } = await openFabricLedger();
    try {
      const asRegistrar = ['-u', ca.url, '--mspdir', ca.registrar.mspDir];
      await client([
        'register',
        ...asRegistrar,
        '--id.name',
        name,
        '--id.secret',
        secret,
        '--id.type',
        'client',
        '--id.attrs',
        'role=buyer:ecert',
      ]);
      // The registrar registers clients only: no admin, no peer.
      await expect(
        client(['register', ...asRegistrar, '--id.name', `${name}-admin`, '--id.type', 'admin']),
      ).rejects.toThrow(/Authorization failure/);

      const mspDir = path.join(home, 'msp');
      const enrollUrl = `https://${name}:${secret}@${new URL(ca.url).host}`;
      await client(['enroll', '-u', enrollUrl, '-M', mspDir]);
      expect(attributesOf(await signingCertificate(mspDir)).role).toBe('buyer');
      // The org MSP's NodeOUs config, as every local MSP of the network has it.
      const ecommerce = network.identities.find((i) => i.name === 'EcommerceMSP:buyer1')!;
      await cp(path.join(ecommerce.mspDir, 'config.yaml'), path.join(mspDir, 'config.yaml'));

      const signer = await msp.loadSigningIdentity(mspDir, 'EcommerceMSP');
      const whoAmI = async (): Promise<string> =>
        Buffer.from(await ledger.evaluate({ signer, transaction: 'members:WhoAmI', arguments: ['{}'] })).toString();
      expect(await whoAmI()).toContain(`CN=${name}`);

      const output = await networkSh(['revoke', 'ecommerce', name]);
      expect(output).toMatch(/EcommerceMSP's channel MSP carries the CRL/);
      // The peers answer "access denied" (the MSP finds the certificate in the CRL); the gateway's adapter
      // reports a final FORBIDDEN, never a retryable outage.
      const refused = await whoAmI().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(ChaincodeRejection);
      expect(refused).toMatchObject({ code: 'FORBIDDEN' });
      // Everyone else of the org is untouched.
      const buyer1 = await msp.loadSigningIdentity(ecommerce.mspDir, 'EcommerceMSP');
      await expect(
        ledger.evaluate({ signer: buyer1, transaction: 'members:WhoAmI', arguments: ['{}'] }),
      ).resolves.toBeDefined();
      // A revoked identity cannot enroll again.
      await expect(client(['enroll', '-u', enrollUrl, '-M', path.join(home, 'again')])).rejects.toThrow(
        /Authentication failure/,
      );
    } finally {
      await ledger.close();
      await rm(home, { recursive: true, force: true });
    }
  }, 120_000);
});
