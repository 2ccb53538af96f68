import { X509Certificate } from 'node:crypto';

import { ClientIdentity, type ChaincodeStub } from 'fabric-shim';

import { createCertificateAuthority, FABRIC_ATTRIBUTES_OID, issueCertificate, privateKeyToPem } from './ca';
import { x509 } from './x509';
import { clientIdOf } from '@allianceledger/fabric-protocol';

const DOMAIN = 'ecommerce.example.com';
const MSP_ID = 'EcommerceMSP';

function clientIdentityOf(certPem: string): ClientIdentity {
  const stub = {
    getChannelID: () => 'ch',
    getTxID: () => 'tx',
    getCreator: () => ({ mspid: MSP_ID, idBytes: Buffer.from(certPem) }),
  };
  return new ClientIdentity(stub as unknown as ChaincodeStub);
}

describe('createCertificateAuthority', () => {
  it("creates a self-signed P-256 CA in cryptogen's style", async () => {
    const ca = await createCertificateAuthority({ mspId: MSP_ID, domain: DOMAIN });
    expect(ca.mspId).toBe(MSP_ID);
    expect(ca.domain).toBe(DOMAIN);
    expect(ca.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');

    const cert = new x509.X509Certificate(ca.certificatePem);
    expect(cert.subject).toBe(`C=US, ST=California, L=San Francisco, O=${DOMAIN}, CN=ca.${DOMAIN}`);
    expect(cert.issuer).toBe(cert.subject);
    expect(await cert.verify({ signatureOnly: true })).toBe(true);

    const basic = cert.getExtension(x509.BasicConstraintsExtension);
    expect(basic?.ca).toBe(true);
    expect(basic?.critical).toBe(true);
    const usage = cert.getExtension(x509.KeyUsagesExtension);
    expect(usage?.critical).toBe(true);
    expect(usage?.usages).toBe(
      x509.KeyUsageFlags.digitalSignature |
        x509.KeyUsageFlags.keyEncipherment |
        x509.KeyUsageFlags.keyCertSign |
        x509.KeyUsageFlags.cRLSign,
    );
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
      x509.ExtendedKeyUsage.clientAuth,
      x509.ExtendedKeyUsage.serverAuth,
    ]);
    expect(cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toMatch(/^[0-9a-f]{64}$/);

    const years = (cert.notAfter.getTime() - cert.notBefore.getTime()) / (365 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
    expect(cert.notBefore.getTime()).toBeLessThanOrEqual(Date.now());

    const serial = BigInt(`0x${cert.serialNumber}`);
    expect(serial).toBeGreaterThan(0n);
    expect(serial < 1n << 128n).toBe(true);
    expect(new X509Certificate(ca.certificatePem).ca).toBe(true);
  });

  it('gives each CA its own key and serial', async () => {
    const a = await createCertificateAuthority({ mspId: MSP_ID, domain: DOMAIN });
    const b = await createCertificateAuthority({ mspId: MSP_ID, domain: DOMAIN });
    expect(new x509.X509Certificate(a.certificatePem).serialNumber).not.toBe(
      new x509.X509Certificate(b.certificatePem).serialNumber,
    );
    expect(privateKeyToPem(a.privateKey)).not.toBe(privateKeyToPem(b.privateKey));
  });

  it('rejects empty names', async () => {
    await expect(createCertificateAuthority({ mspId: '', domain: DOMAIN })).rejects.toThrow(/mspId/);
    await expect(createCertificateAuthority({ mspId: MSP_ID, domain: ' ' })).rejects.toThrow(/domain/);
  });
});

describe('issueCertificate', () => {
  let ca: Awaited<ReturnType<typeof createCertificateAuthority>>;
  beforeAll(async () => {
    ca = await createCertificateAuthority({ mspId: MSP_ID, domain: DOMAIN });
  });

  it('issues a client certificate fabric-shim reads, attributes included', async () => {
    const issued = await issueCertificate(ca, {
      commonName: `store1@${DOMAIN}`,
      nodeOU: 'client',
      attributes: { role: 'store' },
    });
    const identity = clientIdentityOf(issued.certificatePem);
    expect(identity.getID()).toBe(
      'x509::/C=US/ST=California/L=San Francisco/OU=client/CN=store1@ecommerce.example.com' +
        '::/C=US/ST=California/L=San Francisco/O=ecommerce.example.com/CN=ca.ecommerce.example.com',
    );
    expect(identity.getMSPID()).toBe(MSP_ID);
    expect(identity.getAttributeValue('role')).toBe('store');
    expect(identity.getAttributeValue('hf.EnrollmentID')).toBe('store1');
    expect(identity.getAttributeValue('hf.Type')).toBe('client');
    expect(identity.assertAttributeValue('role', 'store')).toBe(true);
    expect(identity.getAttributeValue('missing')).toBeNull();
  });

  it('encodes attributes as Fabric CA does: raw JSON, sorted keys, non-critical', async () => {
    const issued = await issueCertificate(ca, {
      commonName: `store1@${DOMAIN}`,
      nodeOU: 'client',
      attributes: { zeta: 'z', role: 'store', Alpha: 'a' },
    });
    const extension = new x509.X509Certificate(issued.certificatePem).getExtension(FABRIC_ATTRIBUTES_OID);
    expect(extension?.critical).toBe(false);
    expect(Buffer.from(extension!.value).toString('utf8')).toBe(
      '{"attrs":{"Alpha":"a","hf.Affiliation":"","hf.EnrollmentID":"store1","hf.Type":"client","role":"store","zeta":"z"}}',
    );
  });

  it('omits the attribute extension when no attributes are requested', async () => {
    const issued = await issueCertificate(ca, { commonName: `User1@${DOMAIN}`, nodeOU: 'client' });
    expect(new x509.X509Certificate(issued.certificatePem).getExtension(FABRIC_ATTRIBUTES_OID)).toBeNull();
    const identity = clientIdentityOf(issued.certificatePem);
    expect(identity.getAttributeValue('role')).toBeNull();
    expect(identity.getAttributeValue('hf.EnrollmentID')).toBeNull();
  });

  it("issues an end-entity certificate in cryptogen's style", async () => {
    const issued = await issueCertificate(ca, { commonName: `Admin@${DOMAIN}`, nodeOU: 'admin' });
    const cert = new x509.X509Certificate(issued.certificatePem);
    const caCert = new x509.X509Certificate(ca.certificatePem);
    expect(cert.subject).toBe(`C=US, ST=California, L=San Francisco, OU=admin, CN=Admin@${DOMAIN}`);
    expect(cert.issuer).toBe(caCert.subject);
    expect(await cert.verify({ publicKey: caCert.publicKey, signatureOnly: true })).toBe(true);
    expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(cert.getExtension(x509.BasicConstraintsExtension)?.critical).toBe(true);
    expect(cert.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(cert.getExtension(x509.KeyUsagesExtension)?.critical).toBe(true);
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(
      caCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    );
    expect(cert.notAfter.getTime()).toBeLessThanOrEqual(caCert.notAfter.getTime());
    expect(privateKeyToPem(issued.privateKey)).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('refuses attributes the CA sets itself', async () => {
    await expect(
      issueCertificate(ca, { commonName: `x@${DOMAIN}`, nodeOU: 'client', attributes: { 'hf.Type': 'admin' } }),
    ).rejects.toThrow(/hf\.Type/);
  });
});

describe('clientIdOf', () => {
  it("names any issued identity exactly as fabric-shim's ClientIdentity does, a '/' in a name included", async () => {
    const ca = await createCertificateAuthority({ mspId: 'Org1MSP', domain: 'org1.example.com' });
    for (const commonName of ['buyer1', 'user.name@org1.example.com', 'a/b/c', 'Zoë (store) 42']) {
      const issued = await issueCertificate(ca, { commonName, nodeOU: 'client', attributes: { role: 'buyer' } });
      const stub = {
        getTxID: () => 'tx',
        getChannelID: () => 'alliance',
        getCreator: () => ({ mspid: 'Org1MSP', idBytes: Buffer.from(issued.certificatePem) }),
      };
      const shim = new ClientIdentity(stub as unknown as ChaincodeStub);
      expect(clientIdOf(issued.certificatePem)).toBe(shim.getID());
    }
  });
});
