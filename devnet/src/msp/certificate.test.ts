import { createHash, sign } from 'node:crypto';

import { createCertificateAuthority, issueCertificate, type CertificateAuthority, type IssuedCertificate } from './ca';
import {
  commonNameOf,
  newPrivateKeySigner,
  nodeOUOf,
  verifyIssuedBy,
  verifySignature,
} from '@allianceledger/fabric-protocol';
import { p256 } from '@noble/curves/nist';

describe('certificate helpers', () => {
  let ca: CertificateAuthority;
  let otherCa: CertificateAuthority;
  let admin: IssuedCertificate;
  let client: IssuedCertificate;

  beforeAll(async () => {
    ca = await createCertificateAuthority({ mspId: 'EcommerceMSP', domain: 'ecommerce.example.com' });
    otherCa = await createCertificateAuthority({ mspId: 'FinanceMSP', domain: 'finance.example.com' });
    admin = await issueCertificate(ca, { commonName: 'Admin@ecommerce.example.com', nodeOU: 'admin' });
    client = await issueCertificate(ca, { commonName: 'User1@ecommerce.example.com', nodeOU: 'client' });
  });

  it('reads the node OU and common name', () => {
    expect(nodeOUOf(admin.certificatePem)).toBe('admin');
    expect(nodeOUOf(client.certificatePem)).toBe('client');
    expect(nodeOUOf(ca.certificatePem)).toBeUndefined();
    expect(commonNameOf(admin.certificatePem)).toBe('Admin@ecommerce.example.com');
    expect(commonNameOf(ca.certificatePem)).toBe('ca.ecommerce.example.com');
  });

  it("verifies issuance by the organisation's own CA only", async () => {
    expect(await verifyIssuedBy(admin.certificatePem, ca.certificatePem)).toBe(true);
    expect(await verifyIssuedBy(ca.certificatePem, ca.certificatePem)).toBe(true);
    expect(await verifyIssuedBy(admin.certificatePem, otherCa.certificatePem)).toBe(false);
    expect(await verifyIssuedBy(otherCa.certificatePem, ca.certificatePem)).toBe(false);
    // A leaf is not a CA, even for a certificate naming it as issuer.
    expect(await verifyIssuedBy(client.certificatePem, admin.certificatePem)).toBe(false);
  });

  it('rejects a CA with the same name but another key', async () => {
    const impostor = await createCertificateAuthority({ mspId: 'EcommerceMSP', domain: 'ecommerce.example.com' });
    expect(await verifyIssuedBy(admin.certificatePem, impostor.certificatePem)).toBe(false);
  });

  it('checks validity at the given date', async () => {
    const year = 365 * 24 * 3600 * 1000;
    expect(await verifyIssuedBy(admin.certificatePem, ca.certificatePem, new Date(Date.now() + year))).toBe(true);
    expect(await verifyIssuedBy(admin.certificatePem, ca.certificatePem, new Date(Date.now() - year))).toBe(false);
    expect(await verifyIssuedBy(admin.certificatePem, ca.certificatePem, new Date(Date.now() + 11 * year))).toBe(false);
  });

  it('verifies ECDSA-SHA256 signatures over the message, and only untampered ones', async () => {
    const message = Buffer.from('proposal bytes');
    const signer = newPrivateKeySigner(client.privateKey);
    const signature = await signer(createHash('sha256').update(message).digest());
    expect(verifySignature(client.certificatePem, message, signature)).toBe(true);
    expect(verifySignature(client.certificatePem, Buffer.from('proposal bytez'), signature)).toBe(false);
    expect(verifySignature(admin.certificatePem, message, signature)).toBe(false);
    const flipped = Buffer.from(signature);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0x01;
    expect(verifySignature(client.certificatePem, message, flipped)).toBe(false);
    expect(verifySignature(client.certificatePem, message, Buffer.from('not DER'))).toBe(false);
  });

  it('rejects high-S signatures, like a Fabric peer', () => {
    const message = Buffer.from('m');
    const compact = sign('sha256', message, { key: client.privateKey, dsaEncoding: 'ieee-p1363' });
    const n = p256.Point.CURVE().n;
    const signed = p256.Signature.fromBytes(compact, 'compact');
    const low = signed.hasHighS() ? new p256.Signature(signed.r, n - signed.s) : signed;
    const high = new p256.Signature(low.r, n - low.s);
    expect(high.hasHighS()).toBe(true);
    expect(verifySignature(client.certificatePem, message, low.toBytes('der'))).toBe(true);
    expect(verifySignature(client.certificatePem, message, high.toBytes('der'))).toBe(false);
  });

  it('stays correct past the public-key cache bound', async () => {
    const message = Buffer.from('m');
    const digest = createHash('sha256').update(message).digest();
    const signature = await newPrivateKeySigner(client.privateKey)(digest);
    for (let i = 0; i < 1100; i++) {
      // Distinct PEM strings for the same certificate fill the cache beyond its bound.
      verifySignature(`${client.certificatePem}${'\n'.repeat(i)}`, message, signature);
    }
    expect(verifySignature(client.certificatePem, message, signature)).toBe(true);
    expect(verifySignature(admin.certificatePem, message, signature)).toBe(false);
  });
});
