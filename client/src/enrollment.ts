import { apiUrlOf } from './alliance-client';
import { retryPolicy, type RetryOptions } from './retry-policy';
import { newWebCryptoSigner, type Signer } from './signers';
import { sleep, Transport } from './transport';

/** ECDSA P-256: the only key Fabric CA (and the gateway) accepts from a device. */
const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/**
 * A P-256 key pair made on the device with WebCrypto (browsers and Node alike). `extractable: false` keeps
 * the private key inside the WebCrypto implementation (a browser can still store it in IndexedDB); a key to
 * be written to a file must be extractable.
 */
export async function generateKeyPair(
  options: Readonly<{ extractable?: boolean; crypto?: Crypto }> = {},
): Promise<CryptoKeyPair> {
  const crypto = options.crypto ?? globalThis.crypto;
  return crypto.subtle.generateKey(P256, options.extractable ?? false, ['sign', 'verify']);
}

/**
 * A PKCS#10 certificate request (PEM) for the key pair, subject `CN=<enrollmentId>` and nothing else: the
 * organisation's CA sets the rest of the subject. Built with @peculiar/x509, loaded (with the
 * `reflect-metadata` it needs) on first use only, so a client that never enrols never loads it.
 */
export async function createCsr(
  keys: CryptoKeyPair,
  enrollmentId: string,
  crypto: Crypto = globalThis.crypto,
): Promise<string> {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  const request = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: [{ CN: [enrollmentId] }], keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } },
    crypto,
  );
  return request.toString('pem');
}

/** What the gateway answers an enrolment, in the client's terms. */
export interface Enrollment {
  /** `<MSP>:<enrollment ID>`, e.g. `EcommerceMSP:wallet7`. */
  readonly identity: string;
  /** The chaincode's party id of the identity, when the gateway states it. */
  readonly party: string | undefined;
  /** The certificate the organisation's CA issued for the device's key (PEM). */
  readonly certificate: string;
  /** The CA's chain (PEM). */
  readonly caChain: string;
  /** The identity's first API key, shown this once: keep it like the private key. */
  readonly apiKey: string;
}

/** An enrolment, and the key pair it was made for. */
export interface EnrolledDevice extends Enrollment {
  readonly keys: CryptoKeyPair;
  /** Signs for the identity with `keys.privateKey`. */
  readonly signer: Signer;
}

export interface EnrollOptions {
  /** The gateway's URL (as for `newAllianceClient`). */
  readonly baseUrl: string;
  /** `<MSP>:<enrollment ID>`, as the organisation's administrator registered it. */
  readonly identity: string;
  /** The one-time enrollment secret the administrator handed over. */
  readonly secret: string;
  /**
   * The device's key pair; by default a new non-extractable one. Pass the same pair again to resume an
   * enrolment whose answer was lost (the gateway resumes it for the same secret and key).
   */
  readonly keys?: CryptoKeyPair;
  readonly retry?: RetryOptions;
  readonly fetch?: typeof fetch;
  readonly crypto?: Crypto;
  readonly signal?: AbortSignal;
}

/**
 * Enrols a self-custody identity from the device: makes (or takes) its P-256 key pair, sends a CSR to
 * `POST /api/v1/identities/{identity}/enrollment` authenticated with the one-time enrollment secret
 * (`Authorization: Basic base64(<enrollment ID>:<secret>)`), and answers the certificate, the CA chain and
 * the first API key. The private key never leaves the device; storing it is the caller's choice (Node:
 * `enrollToFiles` from `@allianceledger/client/node` writes it with mode 0600).
 *
 * @example
 * ```ts
 * const device = await enroll({ baseUrl, identity: 'EcommerceMSP:wallet7', secret });
 * const client = newAllianceClient({ baseUrl, apiKey: device.apiKey, signer: device.signer });
 * ```
 */
export async function enroll(options: Readonly<EnrollOptions>): Promise<EnrolledDevice> {
  const enrollmentId = enrollmentIdOf(options.identity);
  const crypto = options.crypto ?? globalThis.crypto;
  const keys = options.keys ?? (await generateKeyPair({ crypto }));
  const csr = await createCsr(keys, enrollmentId, crypto);
  const transport = new Transport({
    apiUrl: apiUrlOf(options.baseUrl),
    retry: retryPolicy(options.retry),
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    sleep,
    random: Math.random,
  });
  const answer = await transport.send({
    method: 'POST',
    path: `/identities/${encodeURIComponent(options.identity)}/enrollment`,
    body: { csr },
    headers: { authorization: `Basic ${basicCredentials(enrollmentId, options.secret)}` },
    // The gateway resumes an enrolment repeated with the same secret and key.
    retry: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { ...enrollmentOf(answer.body, options.identity), keys, signer: newWebCryptoSigner(keys.privateKey) };
}

/** The enrollment ID of an identity: what follows `<MSP>:`. */
export function enrollmentIdOf(identity: string): string {
  const colon = identity.indexOf(':');
  if (colon <= 0 || colon === identity.length - 1) {
    throw new TypeError(`an identity is <MSP>:<enrollment ID>, e.g. EcommerceMSP:wallet7, not ${identity}`);
  }
  return identity.slice(colon + 1);
}

function basicCredentials(user: string, secret: string): string {
  const bytes = new TextEncoder().encode(`${user}:${secret}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The enrolment answer. The contract states `{certificate, caChain, apiKey, identity, party}`; the gateway
 * may nest the identity (`identity: {identity, party, …}`) and the key (`apiKey: {key, …}`), and both forms
 * are read.
 */
function enrollmentOf(body: unknown, requested: string): Enrollment {
  const record = (body ?? {}) as Record<string, unknown>;
  const nested = (value: unknown, field: string): unknown =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : value;
  const identity = nested(record.identity, 'identity');
  const party = record.party ?? nested(record.identity, 'party');
  const apiKey = nested(record.apiKey, 'key');
  const { certificate, caChain } = record;
  if (typeof certificate !== 'string' || typeof apiKey !== 'string') {
    throw new TypeError('the enrolment answer has no certificate or API key');
  }
  return {
    identity: typeof identity === 'string' ? identity : requested,
    party: typeof party === 'string' ? party : undefined,
    certificate,
    caChain: typeof caChain === 'string' ? caChain : '',
    apiKey,
  };
}
