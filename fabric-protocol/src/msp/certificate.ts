/** Small, side-effect-free checks on PEM certificates, as an MSP applies them. */
import { createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';

import { isLowSDerSignature } from './signer';

/** The OU values Fabric's NodeOUs recognise. */
const NODE_OUS: readonly string[] = ['client', 'peer', 'admin', 'orderer'];

/**
 * True when `certPem` was signed by `caCertPem`'s key, names it as issuer (and its key identifier, if any),
 * the issuer is a CA, and both certificates are valid at `at`. Throws if either PEM cannot be parsed.
 */
export function verifyIssuedBy(certPem: string, caCertPem: string, at: Date = new Date()): Promise<boolean> {
  const cert = new X509Certificate(certPem);
  const ca = new X509Certificate(caCertPem);
  const issued =
    ca.ca && cert.checkIssued(ca) && cert.verify(ca.publicKey) && isValidAt(certPem, at) && isValidAt(caCertPem, at);
  return Promise.resolve(issued);
}

/** The Fabric node OU of the certificate's subject (`client`, `peer`, `admin` or `orderer`), if it has one. */
export function nodeOUOf(certPem: string): string | undefined {
  return subjectFields(certPem, 'OU').find((ou) => NODE_OUS.includes(ou));
}

/** The certificate subject's common name, if it has one. */
export function commonNameOf(certPem: string): string | undefined {
  return subjectFields(certPem, 'CN')[0];
}

/**
 * The X.509 client id Fabric's chaincode shim reports for a certificate (`ctx.clientIdentity.getID()`):
 * `x509::<subject DN>::<issuer DN>`, each DN as `/<short name>=<value>` per attribute in certificate order,
 * the first `/` of a value escaped as fabric-shim escapes it. Lets a client name an identity as the
 * chaincode does without asking the chaincode (a self-custody identity the gateway cannot sign for).
 */
export function clientIdOf(certPem: string): string {
  const certificate = new X509Certificate(certPem);
  return `x509::${formatDn(certificate.subject)}::${formatDn(certificate.issuer)}`;
}

/** Node renders a DN one `NAME=value` per line, in order: fabric-shim's form is `/NAME=value` each. */
function formatDn(dn: string): string {
  return dn
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const eq = line.indexOf('=');
      return `/${line.slice(0, eq)}=${line.slice(eq + 1).replace('/', '\\/')}`;
    })
    .join('');
}

/** Bound on cached public keys; the oldest entry goes first. */
const PUBLIC_KEY_CACHE_LIMIT = 1000;
const publicKeyCache = new Map<string, KeyObject>();

/**
 * True when `derSignature` is a valid ECDSA-SHA256 signature over `message` by the certificate's key and is in
 * low-S form (a Fabric peer rejects high-S signatures). Never throws for a malformed signature; throws if the
 * certificate cannot be parsed.
 */
export function verifySignature(certPem: string, message: Uint8Array, derSignature: Uint8Array): boolean {
  if (!isLowSDerSignature(derSignature)) return false;
  return verify('sha256', message, { key: publicKeyOf(certPem), dsaEncoding: 'der' }, derSignature);
}

/** The certificate's public key, parsed once per PEM. */
function publicKeyOf(certPem: string): KeyObject {
  let key = publicKeyCache.get(certPem);
  if (key === undefined) {
    key = createPublicKey(certPem);
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) {
      const oldest = publicKeyCache.keys().next();
      if (oldest.done !== true) {
        publicKeyCache.delete(oldest.value);
      }
    }
    publicKeyCache.set(certPem, key);
  }
  return key;
}

function isValidAt(certPem: string, at: Date): boolean {
  const cert = new X509Certificate(certPem);
  return Date.parse(cert.validFrom) <= at.getTime() && at.getTime() <= Date.parse(cert.validTo);
}

/**
 * The values of one attribute of the certificate's subject. Node renders the subject one `NAME=value` per
 * line, escaping nothing a Fabric DN holds (cryptogen and Fabric CA names have no newlines).
 */
function subjectFields(certPem: string, field: string): string[] {
  return new X509Certificate(certPem).subject
    .split('\n')
    .filter((line) => line.startsWith(`${field}=`))
    .map((line) => line.slice(field.length + 1));
}
