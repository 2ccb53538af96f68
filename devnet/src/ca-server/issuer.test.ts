import { X509Certificate as NodeX509Certificate } from 'node:crypto';

import { generateP256KeyPair, privateKeyToPem } from '../msp/keys';
import { ECDSA_P256_SHA256, x509 } from '../msp/x509';
import { generateCrl, issueServerCertificate, signingCaOf, type SigningCa } from './issuer';

/**
 * A CA whose subject key identifier starts with a zero byte (one CA key in 256): the identifier is the
 * certificate's to state, so the test states one rather than drawing keys until one qualifies.
 */
async function caWithLeadingZeroByteKeyId(): Promise<SigningCa> {
  const keys = await generateP256KeyPair();
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'O=ecommerce.example.com, CN=ca.ecommerce.example.com',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 86_400_000),
    signingAlgorithm: ECDSA_P256_SHA256,
    keys: keys.cryptoKeys,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.SubjectKeyIdentifierExtension(`0007${'ab'.repeat(18)}`, false),
    ],
  });
  return signingCaOf(certificate.toString('pem'), privateKeyToPem(keys.privateKey), 'test');
}

describe('devnet CA issuer: the authority key identifier', () => {
  let ca: SigningCa;
  beforeAll(async () => {
    ca = await caWithLeadingZeroByteKeyId();
  });

  it('keys the registry by the SKI without leading zeros, as Fabric CA does', () => {
    expect(ca.keyId).toBe(ca.subjectKeyIdentifier.replace(/^0+/, ''));
    expect(ca.keyId).not.toBe(ca.subjectKeyIdentifier);
  });

  it('names the CA byte for byte in its TLS certificate, so a TLS client finds the issuer', async () => {
    const { certificatePem } = await issueServerCertificate(ca, ['127.0.0.1', 'localhost']);
    const issued = new x509.X509Certificate(certificatePem);
    expect(issued.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(ca.subjectKeyIdentifier);
    const leaf = new NodeX509Certificate(certificatePem);
    const issuer = new NodeX509Certificate(ca.certificatePem);
    // OpenSSL's X509_check_issued: name and AKI/SKI must match, the check TLS verification makes.
    expect(leaf.checkIssued(issuer)).toBe(true);
    expect(leaf.verify(issuer.publicKey)).toBe(true);
  });

  it('names the CA byte for byte in its CRLs', async () => {
    const pem = await generateCrl(ca, [], 60_000);
    const crl = new x509.X509Crl(pem);
    expect(crl.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(ca.subjectKeyIdentifier);
  });
});
