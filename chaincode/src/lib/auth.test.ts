import { msp } from '@allianceledger/devnet';
import { subjectHasAdminOU } from './auth';

/**
 * The admin rule reads the certificate's subject, never the getID() string: a client whose CN imitates
 * an OU is not an admin.
 */
describe('subjectHasAdminOU', () => {
  let ca: msp.CertificateAuthority;

  beforeAll(async () => {
    ca = await msp.createCertificateAuthority({ mspId: 'EcommerceMSP', domain: 'ecommerce.example.com' });
  });

  const cert = async (commonName: string, nodeOU: msp.NodeOU): Promise<string> =>
    (await msp.issueCertificate(ca, { commonName, nodeOU })).certificatePem;

  it('is true for a certificate issued with the admin NodeOU', async () => {
    expect(subjectHasAdminOU(await cert('Admin@ecommerce.example.com', 'admin'))).toBe(true);
  });

  it('is false for a client', async () => {
    expect(subjectHasAdminOU(await cert('buyer1@ecommerce.example.com', 'client'))).toBe(false);
  });

  it.each(['OU=admin', 'x/OU=admin', 'x,OU=admin', 'x + OU=admin', 'x\nOU=admin'])(
    'is false for a client whose CN imitates OU=admin (%j)',
    async (commonName) => {
      expect(subjectHasAdminOU(await cert(commonName, 'client'))).toBe(false);
    },
  );
});
