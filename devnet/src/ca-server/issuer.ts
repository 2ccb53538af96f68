/**
 * What the CA signs: enrollment and TLS certificates for a CSR's public key, the CA's own TLS server
 * certificate, and CRLs — shaped as Fabric CA 1.5 (through cfssl) shapes them: the subject is the CSR's
 * C/ST/L/O, one OU with the identity's type (then its affiliation), CN the enrollment ID; key usage
 * `digitalSignature` (the `tls` profile adds key encipherment and key agreement, server and client auth);
 * not CA; SKI, AKI, the SANs asked for; the attribute extension; valid from five minutes ago for a year,
 * never past the CA's own expiry. The CA is the org's devnet CA (`ca/` of its MSP folder tree).
 */
import { createPublicKey, randomBytes, type KeyObject, type webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import * as path from 'node:path';

import { FABRIC_ATTRIBUTES_OID, orgDir, privateKeyFromPem } from '../msp';
import { toWebCryptoSigningKey } from '../msp/keys';
import { ECDSA_P256_SHA256, subtle, x509 } from '../msp/x509';
import { FabricCaCode, FabricCaError } from './fabric-ca-errors';

/** The org's CA as devnet wrote it: `<root>/peerOrganizations/<domain>/ca/{ca.<domain>-cert.pem,priv_sk}`. */
export interface SigningCa {
  readonly certificatePem: string;
  readonly certificate: x509.X509Certificate;
  readonly privateKey: KeyObject;
  /**
   * Lowercase hex of the CA's subject key identifier, no leading zeros: how Fabric CA's registry keys
   * the AKI of what it issues. Never put into a certificate: see `subjectKeyIdentifier`.
   */
  readonly keyId: string;
  /**
   * The CA's subject key identifier byte for byte: the AKI extension of what it signs. TLS clients
   * (OpenSSL's issuer check) compare it with the CA's SKI, so a leading zero byte dropped there makes
   * every certificate unverifiable ("unable to verify the first certificate"): one CA key in 256.
   */
  readonly subjectKeyIdentifier: string;
}

/** Signing profiles of Fabric CA's default configuration. */
export type SigningProfile = 'default' | 'tls';

/** A parsed, signature-checked CSR. */
export interface CertificateSigningRequest {
  readonly request: x509.Pkcs10CertificateRequest;
  readonly commonName: string;
  /** The CSR's SANs (DNS names, IPs, emails). */
  readonly hosts: readonly string[];
}

const ONE_YEAR_MS = 8760 * 60 * 60 * 1000;
const BACKDATE_MS = 5 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
/** RFC 5280's upper bounds, as Fabric CA checks them (`csrInputLengthCheck`). */
const MAX_LENGTH: Readonly<Record<string, number>> = { CN: 64, serialNumber: 64, C: 2, L: 128, ST: 128, O: 64, OU: 64 };

export async function loadSigningCa(organizationsRoot: string, domain: string): Promise<SigningCa> {
  const caDir = path.join(orgDir(organizationsRoot, domain), 'ca');
  let certificatePem: string;
  let keyPem: string;
  try {
    certificatePem = await readFile(path.join(caDir, `ca.${domain}-cert.pem`), 'utf8');
    keyPem = await readFile(path.join(caDir, 'priv_sk'), 'utf8');
  } catch (error: unknown) {
    throw new Error(`no CA for ${domain} in ${caDir} (start devnet once to create its organisations)`, {
      cause: error,
    });
  }
  return signingCaOf(certificatePem, keyPem, domain);
}

/** A signing CA from its certificate and private key (PEM); `label` names it in errors. */
export function signingCaOf(certificatePem: string, keyPem: string, label: string): SigningCa {
  const certificate = new x509.X509Certificate(certificatePem);
  const subjectKeyIdentifier = certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  if (subjectKeyIdentifier === undefined) {
    throw new Error(`the CA certificate of ${label} has no subject key identifier`);
  }
  return {
    certificatePem,
    certificate,
    privateKey: privateKeyFromPem(keyPem),
    keyId: normalizeHex(subjectKeyIdentifier),
    subjectKeyIdentifier: subjectKeyIdentifier.toLowerCase(),
  };
}

/**
 * Parses a PEM CSR and checks its self-signature and subject lengths. devnet's MSP verifies ECDSA P-256
 * only, so a CSR with any other key is refused (400, code 31); Fabric CA itself would sign it.
 */
export async function parseCsr(pem: string): Promise<CertificateSigningRequest> {
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(pem);
  } catch {
    throw new FabricCaError(400, FabricCaCode.BadCsr, 'CSR Decode failed');
  }
  const key = createPublicKey({ key: Buffer.from(request.publicKey.rawData), format: 'der', type: 'spki' });
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    const got = key.asymmetricKeyType === 'ec' ? `EC ${curve ?? '?'}` : (key.asymmetricKeyType ?? 'unknown');
    throw new FabricCaError(
      400,
      FabricCaCode.BadCsr,
      `CSR key type not accepted: devnet issues certificates for ECDSA P-256 keys only, not ${got}`,
    );
  }
  if (!(await request.verify())) {
    throw new FabricCaError(400, FabricCaCode.BadCsr, 'CSR signature verification failed');
  }
  for (const rdn of request.subjectName.toJSON()) {
    for (const [type, values] of Object.entries(rdn)) {
      const limit = MAX_LENGTH[type];
      const tooLong = values.find((v) => limit !== undefined && v.length > limit);
      if (tooLong !== undefined && limit !== undefined) {
        throw new FabricCaError(
          400,
          FabricCaCode.CsrInputInvalid,
          `CSR input validation failed: The ${type} '${tooLong}' exceeds the maximum character limit of ${limit}`,
        );
      }
    }
  }
  const san = request.extensions.find((e) => e.type === SAN_OID);
  const hosts = san ? new x509.SubjectAlternativeNameExtension(san.rawData).names.items.map((n) => n.value) : [];
  return { request, commonName: request.subjectName.getField('CN')[0] ?? '', hosts };
}

export interface IssueRequest {
  readonly csr: CertificateSigningRequest;
  readonly enrollmentId: string;
  /** The identity's type: its OU (NodeOU). */
  readonly type: string;
  /** Affiliation path, e.g. `['org1', 'department1']` → `OU=department1, OU=org1` after the type. */
  readonly affiliationPath: readonly string[];
  /** Fabric CA attributes for the extension; none: no extension. */
  readonly attributes: Readonly<Record<string, string>> | undefined;
  readonly profile: SigningProfile;
  /** SANs; `undefined`: the CSR's. */
  readonly hosts: readonly string[] | undefined;
}

export interface IssuedCertificate {
  readonly pem: string;
  readonly serial: string;
  readonly notAfter: Date;
}

/** Signs the CSR's key into a certificate for the enrollment ID. */
export async function issueCertificate(
  ca: SigningCa,
  req: IssueRequest,
  now: Date = new Date(),
): Promise<IssuedCertificate> {
  const subject = subjectFrom(
    req.csr.request.subjectName,
    [req.type, ...[...req.affiliationPath].reverse()],
    req.enrollmentId,
  );
  return sign(ca, {
    subject,
    publicKey: req.csr.request.publicKey,
    profile: req.profile,
    hosts: req.hosts ?? req.csr.hosts,
    attributes: req.attributes,
    now,
  });
}

/** The CA's own HTTPS certificate and key (like fabric-ca-server's `tls-cert.pem`), for `hosts`. */
export async function issueServerCertificate(
  ca: SigningCa,
  hosts: readonly string[],
): Promise<{ certificatePem: string; privateKey: KeyObject }> {
  const keys = await subtle.generateKey(ECDSA_P256_SHA256, true, ['sign', 'verify']);
  const subject = new x509.Name([...caSubjectNonCn(ca), { CN: [{ printableString: hosts[0] ?? 'localhost' }] }]);
  const issued = await sign(ca, {
    subject,
    publicKey: keys.publicKey,
    profile: 'tls',
    hosts,
    attributes: undefined,
    now: new Date(),
  });
  const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', keys.privateKey));
  return { certificatePem: issued.pem, privateKey: createPrivateKeyFromPkcs8(pkcs8) };
}

/** A CRL of `revoked` (serial, revocation time), valid from now for `validityMs`, signed by the CA. */
export async function generateCrl(
  ca: SigningCa,
  revoked: readonly { readonly serial: string; readonly revokedAt: Date }[],
  validityMs: number,
  now: Date = new Date(),
): Promise<string> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.certificate.subjectName,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + validityMs),
    signingAlgorithm: ECDSA_P256_SHA256,
    signingKey: await toWebCryptoSigningKey(ca.privateKey),
    extensions: [new x509.AuthorityKeyIdentifierExtension(ca.subjectKeyIdentifier, false)],
    entries: revoked.map((r) => ({ serialNumber: evenLengthHex(r.serial), revocationDate: r.revokedAt })),
  });
  // Go's pem block type for CRLs (openssl reads `X509 CRL`, not the generic `CRL`).
  return `${x509.PemConverter.encode(crl.rawData, 'X509 CRL')}\n`;
}

/** Lowercase hex without leading zeros: how Fabric CA keys serials and AKIs. */
export function normalizeHex(hex: string): string {
  return hex.toLowerCase().replace(/:/g, '').replace(/^0+/, '');
}

/** The serial and AKI of a PEM certificate, normalised. */
export function certificateIds(pem: string): { serial: string; aki: string } {
  const certificate = new x509.X509Certificate(pem);
  return {
    serial: normalizeHex(certificate.serialNumber),
    aki: normalizeHex(certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId ?? ''),
  };
}

const SAN_OID = '2.5.29.17';

interface SignParams {
  readonly subject: x509.Name;
  readonly publicKey: x509.PublicKey | webcrypto.CryptoKey;
  readonly profile: SigningProfile;
  readonly hosts: readonly string[];
  readonly attributes: Readonly<Record<string, string>> | undefined;
  readonly now: Date;
}

async function sign(ca: SigningCa, params: SignParams): Promise<IssuedCertificate> {
  const rounded = Math.round(params.now.getTime() / MINUTE_MS) * MINUTE_MS;
  const notBefore = new Date(rounded - BACKDATE_MS);
  const notAfter = new Date(Math.min(rounded + ONE_YEAR_MS, ca.certificate.notAfter.getTime()));
  const extensions: x509.Extension[] = [
    params.profile === 'tls'
      ? new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.keyAgreement,
          true,
        )
      : new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.BasicConstraintsExtension(false, undefined, true),
    await x509.SubjectKeyIdentifierExtension.create(params.publicKey, false),
    new x509.AuthorityKeyIdentifierExtension(ca.subjectKeyIdentifier, false),
  ];
  if (params.profile === 'tls') {
    extensions.push(
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth], false),
    );
  }
  if (params.hosts.length > 0) {
    extensions.push(new x509.SubjectAlternativeNameExtension(params.hosts.map(generalName), false));
  }
  if (params.attributes !== undefined) {
    extensions.push(new x509.Extension(FABRIC_ATTRIBUTES_OID, false, attributeExtensionValue(params.attributes)));
  }
  const serial = randomSerial();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: params.subject,
    issuer: ca.certificate.subjectName,
    notBefore,
    notAfter,
    signingAlgorithm: ECDSA_P256_SHA256,
    publicKey: params.publicKey,
    signingKey: await toWebCryptoSigningKey(ca.privateKey),
    extensions,
  });
  return { pem: `${certificate.toString('pem')}\n`, serial: normalizeHex(serial), notAfter };
}

/** Go's pkix.Name order (C, ST, L, O, then the OUs, CN, serialNumber), values from the CSR. */
function subjectFrom(csrSubject: x509.Name, organizationalUnits: readonly string[], commonName: string): x509.Name {
  const fields = (type: string): string[] => csrSubject.getField(type);
  const rdns: x509.JsonNameParams = [];
  for (const type of ['C', 'ST', 'L', 'O']) {
    for (const value of fields(type)) rdns.push({ [type]: [directoryString(value)] });
  }
  for (const ou of organizationalUnits) {
    if (ou !== '') rdns.push({ OU: [directoryString(ou)] });
  }
  rdns.push({ CN: [directoryString(commonName)] });
  for (const value of fields('serialNumber')) rdns.push({ serialNumber: [directoryString(value)] });
  return new x509.Name(rdns);
}

function caSubjectNonCn(ca: SigningCa): x509.JsonNameParams {
  return ca.certificate.subjectName.toJSON().filter((rdn) => !('CN' in rdn));
}

function directoryString(value: string): x509.JsonAttributeObject {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? { printableString: value } : { utf8String: value };
}

function generalName(host: string): x509.JsonGeneralName {
  if (isIP(host) !== 0) return { type: 'ip', value: host };
  if (host.includes('@')) return { type: 'email', value: host };
  return { type: 'dns', value: host };
}

/** Fabric CA's extension value: UTF-8 JSON `{"attrs":{…}}`, keys in byte order (Go's map encoding). */
function attributeExtensionValue(attributes: Readonly<Record<string, string>>): Buffer {
  const entries = Object.entries(attributes).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const members = entries.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`);
  return Buffer.from(`{"attrs":{${members.join(',')}}}`, 'utf8');
}

/** 20 random bytes, positive (Fabric CA's serial width). */
function randomSerial(): string {
  const bytes = randomBytes(20);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function evenLengthHex(hex: string): string {
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

function createPrivateKeyFromPkcs8(der: Buffer): KeyObject {
  return privateKeyFromPem(`-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`);
}
