/**
 * A certificate authority that issues certificates the way Fabric's `cryptogen` does (plus Fabric CA's attribute
 * extension, so chaincode can use attribute-based access control).
 */
import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

import { generateP256KeyPair, toWebCryptoSigningKey } from './keys';
import { ECDSA_P256_SHA256, x509 } from './x509';

export { privateKeyToPem } from './keys';

/** The organisational-unit roles Fabric's NodeOUs classify identities by. */
export type NodeOU = 'client' | 'admin' | 'peer' | 'orderer';

/** An organisation's root CA: its self-signed certificate and private key. */
export interface CertificateAuthority {
  readonly mspId: string;
  readonly domain: string;
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
}

/** What to put into an issued certificate. */
export interface CertificateRequest {
  /** Subject CN, e.g. `User1@org1.example.com` or `peer0.org1.example.com`. */
  readonly commonName: string;
  readonly nodeOU: NodeOU;
  /**
   * Fabric CA attributes (read by `ClientIdentity.getAttributeValue`). When given, the certificate carries the
   * attribute extension with these plus `hf.EnrollmentID`, `hf.Type` and `hf.Affiliation`.
   */
  readonly attributes?: Readonly<Record<string, string>>;
  /**
   * Host names and IP addresses a TLS server certificate is valid for (subject alternative names). When
   * given, the certificate is also for TLS server and client authentication, as cryptogen's TLS certificates.
   */
  readonly hosts?: readonly string[];
}

/** An issued end-entity certificate and its new private key. */
export interface IssuedCertificate {
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
}

/** OID of Fabric CA's attribute extension; its value is the raw JSON `{"attrs":{...}}`. */
export const FABRIC_ATTRIBUTES_OID = '1.2.3.4.5.6.7.8.1';

/** Attribute names Fabric CA sets itself; a request may not supply them. */
const RESERVED_ATTRIBUTES: readonly string[] = ['hf.EnrollmentID', 'hf.Type', 'hf.Affiliation'];

const TEN_YEARS_MS = 3650 * 24 * 60 * 60 * 1000;
const FIVE_MINUTES_MS = 5 * 60 * 1000;

/** Creates an organisation's self-signed ECDSA P-256 root CA, `CN=ca.<domain>`, valid for ten years. */
export async function createCertificateAuthority(opts: {
  readonly mspId: string;
  readonly domain: string;
}): Promise<CertificateAuthority> {
  requireNonEmpty(opts.mspId, 'mspId');
  requireNonEmpty(opts.domain, 'domain');
  const keys = await generateP256KeyPair();
  const { notBefore, notAfter } = validity(undefined);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: distinguishedName([
      ['O', opts.domain],
      ['CN', `ca.${opts.domain}`],
    ]),
    notBefore,
    notAfter,
    signingAlgorithm: ECDSA_P256_SHA256,
    keys: keys.cryptoKeys,
    extensions: [
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature |
          x509.KeyUsageFlags.keyEncipherment |
          x509.KeyUsageFlags.keyCertSign |
          x509.KeyUsageFlags.cRLSign,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth], false),
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.SubjectKeyIdentifierExtension(subjectKeyIdentifier(keys.publicKey), false),
    ],
  });
  return {
    mspId: opts.mspId,
    domain: opts.domain,
    certificatePem: pemWithNewline(certificate),
    privateKey: keys.privateKey,
  };
}

/** Issues an ECDSA P-256 end-entity certificate signed by the CA, with a new key pair. */
export async function issueCertificate(ca: CertificateAuthority, req: CertificateRequest): Promise<IssuedCertificate> {
  requireNonEmpty(req.commonName, 'commonName');
  const caCertificate = new x509.X509Certificate(ca.certificatePem);
  const caKeyId = caCertificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  if (caKeyId === undefined) {
    throw new Error(`CA certificate ${caCertificate.subject} has no subject key identifier`);
  }
  const keys = await generateP256KeyPair();
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.AuthorityKeyIdentifierExtension(caKeyId, false),
  ];
  if (req.attributes !== undefined) {
    extensions.push(new x509.Extension(FABRIC_ATTRIBUTES_OID, false, attributeExtensionValue(req)));
  }
  if (req.hosts !== undefined && req.hosts.length > 0) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        req.hosts.map((host) => ({ type: isIP(host) === 0 ? ('dns' as const) : ('ip' as const), value: host })),
        false,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth], false),
    );
  }
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: distinguishedName([
      ['OU', req.nodeOU],
      ['CN', req.commonName],
    ]),
    issuer: caCertificate.subjectName,
    ...validity(caCertificate.notAfter),
    signingAlgorithm: ECDSA_P256_SHA256,
    publicKey: keys.cryptoKeys.publicKey,
    signingKey: await toWebCryptoSigningKey(ca.privateKey),
    extensions,
  });
  return { certificatePem: pemWithNewline(certificate), privateKey: keys.privateKey };
}

/** The enrollment ID Fabric CA would record: the common name up to its first `@`. */
export function enrollmentIdOf(commonName: string): string {
  const at = commonName.indexOf('@');
  return at < 0 ? commonName : commonName.slice(0, at);
}

/**
 * The attribute extension value exactly as Fabric CA writes it: UTF-8 JSON `{"attrs":{...}}` with keys in
 * byte order (Go's `json.Marshal` of a map), not wrapped in any further DER.
 */
function attributeExtensionValue(req: CertificateRequest): Buffer {
  const given = Object.entries(req.attributes ?? {});
  const reserved = given.find(([name]) => RESERVED_ATTRIBUTES.includes(name));
  if (reserved !== undefined) {
    throw new Error(`Attribute ${reserved[0]} is set by the CA and cannot be requested`);
  }
  const attributes: [string, string][] = [
    ['hf.Affiliation', ''],
    ['hf.EnrollmentID', enrollmentIdOf(req.commonName)],
    ['hf.Type', req.nodeOU],
    ...given,
  ];
  attributes.sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  const members = attributes.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`);
  return Buffer.from(`{"attrs":{${members.join(',')}}}`, 'utf8');
}

/** cryptogen's subject: `C=US, ST=California, L=San Francisco`, then the given attributes in order. */
function distinguishedName(rest: readonly (readonly [string, string])[]): x509.Name {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
  const attributes: (readonly [string, string])[] = [
    ['C', 'US'],
    ['ST', 'California'],
    ['L', 'San Francisco'],
    ...rest,
  ];
  return new x509.Name(
    attributes.map(([type, value]) => ({
      [type]: [printable.test(value) ? { printableString: value } : { utf8String: value }],
    })),
  );
}

/** cryptogen's validity: from five minutes before now (to the minute) for ten years, never past `limit`. */
function validity(limit: Date | undefined): { notBefore: Date; notAfter: Date } {
  const minute = 60 * 1000;
  const notBefore = new Date(Math.round(Date.now() / minute) * minute - FIVE_MINUTES_MS);
  const tenYears = notBefore.getTime() + TEN_YEARS_MS;
  const notAfter = new Date(limit === undefined ? tenYears : Math.min(tenYears, limit.getTime()));
  return { notBefore, notAfter };
}

/** A random positive 128-bit serial number, as hex (`@peculiar/x509` adds a leading zero byte when needed). */
function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) | 0x01; // never all-zero leading byte, so the serial keeps 128 bits of width
  return bytes.toString('hex');
}

/** cryptogen's SKI: SHA-256 of the uncompressed EC public point. */
function subjectKeyIdentifier(publicKey: KeyObject): string {
  const jwk = (publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey).export({ format: 'jwk' });
  if (jwk.x === undefined || jwk.y === undefined) {
    throw new Error('Expected an EC public key');
  }
  const point = Buffer.concat([Buffer.from([0x04]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  return createHash('sha256').update(point).digest('hex');
}

function requireNonEmpty(value: string, name: string): void {
  if (value.trim() === '') {
    throw new Error(`${name} must not be empty`);
  }
}

/** PEM text ending in a newline, as Go's `pem.Encode` (and so cryptogen) writes it. */
function pemWithNewline(certificate: x509.X509Certificate): string {
  return `${certificate.toString('pem')}\n`;
}
