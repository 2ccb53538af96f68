import 'reflect-metadata';
import { createPublicKey, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { CsrError } from './identity-errors';

/**
 * Certificate signing requests: the checks a device's CSR passes before the gateway sends it to its
 * organisation's CA, and the key and CSR the gateway makes for a custodial identity. Loaded on demand
 * (with `@peculiar/x509`) by the onboarding service.
 */

x509.cryptoProvider.set(webcrypto);

/** What the gateway knows of the identity a CSR is for. */
export interface CsrExpectation {
  /** The CSR's CN must be exactly this. */
  readonly enrollmentId: string;
  /** Names of the consortium's other organisations (MSP ids, their CAs' `O`): an `O` naming one is refused. */
  readonly foreignOrganizations: readonly string[];
}

/** Subject attributes a CSR may carry; the CA replaces OU with the identity's type. */
const ALLOWED_TYPES = new Set(['C', 'ST', 'L', 'O', 'OU', 'CN']);
/**
 * Values in names made of these characters read the same in Node's DN rendering and fabric-shim's, so the
 * party id the gateway registers on chain is the one the chaincode will see (`clientIdOf`).
 */
const SAFE_VALUE = /^[A-Za-z0-9 ._@-]{1,64}$/;
/** OUs that would ask for another kind of identity than a client. */
const NODE_TYPES = new Set(['admin', 'peer', 'orderer']);

/** Checks a device's CSR; answers the public key (SPKI DER) the certificate must carry. */
export async function checkDeviceCsr(pem: string, expected: CsrExpectation): Promise<Buffer> {
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(pem.trim());
  } catch {
    throw new CsrError('INVALID', 'not a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----)');
  }
  const spki = Buffer.from(request.publicKey.rawData);
  checkKey(spki);
  if (!(await request.verify().catch(() => false))) {
    throw new CsrError('INVALID', 'the CSR is not signed by its own key');
  }
  checkSubject(request.subjectName.toJSON(), expected);
  return spki;
}

function checkKey(spki: Buffer): void {
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    const got = key.asymmetricKeyType === 'ec' ? `EC ${curve ?? '?'}` : (key.asymmetricKeyType ?? 'unknown');
    throw new CsrError('KEY_NOT_ACCEPTED', `the CSR's key must be ECDSA P-256 (prime256v1), not ${got}`);
  }
}

function checkSubject(rdns: readonly Readonly<Record<string, readonly string[]>>[], expected: CsrExpectation): void {
  const fields = rdns.flatMap((rdn) => Object.entries(rdn).flatMap(([type, values]) => values.map((v) => [type, v])));
  const foreign = new Set(expected.foreignOrganizations.map((o) => o.toLowerCase()));
  const commonNames = fields.filter(([type]) => type === 'CN').map(([, value]) => value);
  if (commonNames.length !== 1 || commonNames[0] !== expected.enrollmentId) {
    throw new CsrError(
      'SUBJECT_MISMATCH',
      `the CSR's subject must have CN=${expected.enrollmentId} (it has ${commonNames.map((c) => `CN=${c}`).join(', ') || 'no CN'})`,
    );
  }
  for (const [type = '', value = ''] of fields) checkField(type, value, foreign);
}

/** One attribute of the subject: a known type, a plain value, no node type, no other organisation. */
function checkField(type: string, value: string, foreign: ReadonlySet<string>): void {
  if (!ALLOWED_TYPES.has(type)) {
    throw new CsrError('SUBJECT_MISMATCH', `the CSR's subject may name C, ST, L, O, OU and CN only, not ${type}`);
  }
  if (!SAFE_VALUE.test(value)) {
    throw new CsrError(
      'SUBJECT_MISMATCH',
      `${type} in the CSR's subject: 1–64 letters, digits, spaces, '.', '_', '@' or '-'`,
    );
  }
  if (type === 'OU' && NODE_TYPES.has(value.toLowerCase())) {
    throw new CsrError('SUBJECT_MISMATCH', `OU=${value}: the CA issues a client certificate (OU=client) here`);
  }
  if (type === 'O' && foreign.has(value.toLowerCase())) {
    throw new CsrError(
      'SUBJECT_MISMATCH',
      `O=${value} names another organisation: a CSR for its CA is enrolled through that organisation`,
    );
  }
}

/** A custodial identity's key pair, made by the gateway, and the CSR for it. */
export interface CustodialKey {
  readonly csrPem: string;
  /** PKCS#8 PEM: what the identity registry keeps for a custodial identity. */
  readonly privateKeyPem: string;
}

/**
 * A new P-256 key and a CSR for `CN=<enrollmentId>`, with the organisation's C, ST, L and O (as its CA's
 * certificate names them, which is how network.sh enrolls the org's users).
 */
export async function newCustodialKey(enrollmentId: string, organization: readonly string[][]): Promise<CustodialKey> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const names = organization.filter(([type, value]) => type !== 'CN' && value !== undefined && SAFE_VALUE.test(value));
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [...names.map(([type = '', value = '']) => ({ [type]: [value] })), { CN: [enrollmentId] }],
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${(pkcs8.match(/.{1,64}/g) ?? []).join('\n')}\n-----END PRIVATE KEY-----\n`;
  return { csrPem: csr.toString('pem'), privateKeyPem };
}
