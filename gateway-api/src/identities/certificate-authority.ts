import { readFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { loadSigningIdentity, privateKeyToPem } from '@allianceledger/fabric-protocol';
import type FabricCAServices from 'fabric-ca-client';
import type { User } from 'fabric-common';
import { CertificateAuthorityError, type CertificateAuthorityFailure } from './identity-errors';

/**
 * The one module that speaks Fabric CA's protocol (REST API v1, through the maintained `fabric-ca-client`
 * npm package): register, enroll, revoke and gencrl at one organisation's CA, as that organisation's
 * registrar. The same calls go to `fabric-ca-server` on a real network and to devnet's CA servers, which
 * the connection file names alike (`certificateAuthorities`).
 *
 * `fabric-ca-client` (with fabric-common, winston and the 2.2 protos) is loaded on the first call only: a
 * gateway that never onboards an identity never loads it.
 */

/** One organisation's CA, as the connection file's `certificateAuthorities` names it. */
export interface CertificateAuthorityConfig {
  readonly mspId: string;
  readonly caName: string;
  /** `https://host:port` (Fabric CA's REST API v1 lives under `/api/v1`). */
  readonly url: string;
  /** The CA's TLS root: on both ledgers the organisation's root CA certificate. */
  readonly tlsRootCertPath: string;
  /** The identity the gateway registers and revokes with: `hf.Registrar.Roles=client`, `hf.Revoker`, `hf.GenCRL`. */
  readonly registrar: { readonly enrollmentId: string; readonly mspDir: string };
}

/** A client identity to register at the CA. */
export interface RegistrationRequest {
  readonly enrollmentId: string;
  /** The enrollment secret the identity (or the gateway, for a custodial one) enrolls with. */
  readonly secret: string;
  /** Carried as the `role` attribute in the certificate (`role=<roles>:ecert`). */
  readonly roles: readonly string[];
  /** How many certificates the secret may obtain (1: one enrollment, then the secret is spent). */
  readonly maxEnrollments: number;
}

/** An enrolment: the identity's secret and the CSR of the key the certificate is for. */
export interface EnrollmentRequest {
  readonly enrollmentId: string;
  readonly secret: string;
  /** PKCS#10 PEM; the CA takes its public key and subject (CN = the enrollment ID). */
  readonly csrPem: string;
}

/** What an enrolment answers. */
export interface IssuedCertificate {
  readonly certificatePem: string;
  /** The CA's chain (PEM): the certificates from the issuer up to the organisation's root. */
  readonly caChainPem: string;
}

/** Fabric CA's revocation reasons (RFC 5280 names, as `fabric-ca-client revoke -r` takes them). */
export const CRL_REASONS = [
  'unspecified',
  'keycompromise',
  'affiliationchanged',
  'superseded',
  'cessationofoperation',
  'certificatehold',
  'privilegewithdrawn',
] as const;
/** A revocation reason as Fabric CA names it. */
export type CrlReason = (typeof CRL_REASONS)[number];

/** What a revocation did at the CA. */
export interface RevocationResult {
  /** The certificates this call revoked (none when they were revoked before, or none was issued). */
  readonly revoked: readonly { readonly serial: string; readonly aki: string }[];
  /** The CA's CRL after the revocation (PEM): every certificate it ever revoked. */
  readonly crlPem: string;
}

/** One organisation's Fabric CA. */
export interface CertificateAuthority {
  readonly mspId: string;
  readonly caName: string;
  /** Registers a client identity with `role=<roles>:ecert`, at the registrar's (root) affiliation. */
  register(request: RegistrationRequest): Promise<void>;
  /** Enrolls with the identity's secret: a certificate for the CSR's key. */
  enroll(request: EnrollmentRequest): Promise<IssuedCertificate>;
  /** Revokes every certificate of the identity and disables it (it cannot enroll again), then regenerates the CRL. */
  revoke(enrollmentId: string, reason: CrlReason): Promise<RevocationResult>;
}

/** The CAs of every organisation that has one in the connection file, by MSP id. */
export class CertificateAuthorities {
  readonly #configs: ReadonlyMap<string, CertificateAuthorityConfig>;
  readonly #clients = new Map<string, CertificateAuthority>();
  readonly #roots = new Map<string, Promise<string>>();

  constructor(configs: readonly CertificateAuthorityConfig[]) {
    this.#configs = new Map(configs.map((c) => [c.mspId, c]));
  }

  /** The organisations with a CA. */
  mspIds(): string[] {
    return [...this.#configs.keys()];
  }

  /** The organisation's root CA certificate (PEM; the CA's TLS root on both ledgers), read once. */
  rootCertificatePem(mspId: string): Promise<string | undefined> {
    const config = this.#configs.get(mspId);
    if (!config) return Promise.resolve(undefined);
    let read = this.#roots.get(mspId);
    if (!read) {
      read = readFile(config.tlsRootCertPath, 'utf8');
      this.#roots.set(mspId, read);
      read.catch(() => this.#roots.delete(mspId));
    }
    return read;
  }

  /** The CA of `mspId`, or undefined when the connection file names none. */
  of(mspId: string): CertificateAuthority | undefined {
    const existing = this.#clients.get(mspId);
    if (existing) return existing;
    const config = this.#configs.get(mspId);
    if (!config) return undefined;
    const created = new FabricCaClientAuthority(config);
    this.#clients.set(mspId, created);
    return created;
  }
}

/** Fabric CA codes (`lib/caerrors/servererror.go`) that say what the caller did wrong. */
const CA_CODE = { AUTHENTICATION: 20, BAD_CSR: 31, PASSWORD_ATTEMPTS: 73, DUPLICATE: 74, CN_MISMATCH: 77, CSR: 80 };

/** How long a call may wait for the CA's answer (fabric-ca-client waits forever by default). */
const ANSWER_TIMEOUT_MS = 15_000;

interface LoadedClient {
  readonly services: FabricCAServices;
  readonly registrar: User;
}

class FabricCaClientAuthority implements CertificateAuthority {
  readonly #config: CertificateAuthorityConfig;
  #loaded: Promise<LoadedClient> | undefined;

  constructor(config: CertificateAuthorityConfig) {
    this.#config = config;
  }

  get mspId(): string {
    return this.#config.mspId;
  }

  get caName(): string {
    return this.#config.caName;
  }

  async register(request: RegistrationRequest): Promise<void> {
    const { services, registrar } = await this.#client();
    await this.#call('register', () =>
      services.register(
        {
          enrollmentID: request.enrollmentId,
          enrollmentSecret: request.secret,
          role: 'client',
          // Empty: the registrar's own affiliation (the root one, on both ledgers).
          affiliation: '',
          maxEnrollments: request.maxEnrollments,
          attrs: [{ name: 'role', value: request.roles.join(','), ecert: true }],
        },
        registrar,
      ),
    );
  }

  async enroll(request: EnrollmentRequest): Promise<IssuedCertificate> {
    const { services } = await this.#client();
    const enrollment = await this.#call('enroll', () =>
      services.enroll({
        enrollmentID: request.enrollmentId,
        enrollmentSecret: request.secret,
        csr: request.csrPem,
      }),
    );
    return { certificatePem: enrollment.certificate, caChainPem: enrollment.rootCertificate };
  }

  async revoke(enrollmentId: string, reason: CrlReason): Promise<RevocationResult> {
    const { services, registrar } = await this.#client();
    const answer = (await this.#call('revoke', () =>
      services.revoke({ enrollmentID: enrollmentId, reason }, registrar),
    )) as { result?: { RevokedCerts?: { Serial: string; AKI: string }[] | null } };
    // Not `revoke --gencrl`: that answers no CRL when nothing new was revoked (a second revocation).
    const crl = (await this.#call('gencrl', () => services.generateCRL({}, registrar))) as string;
    return {
      revoked: (answer.result?.RevokedCerts ?? []).map((c) => ({ serial: c.Serial, aki: c.AKI })),
      crlPem: Buffer.from(crl, 'base64').toString('utf8'),
    };
  }

  #client(): Promise<LoadedClient> {
    this.#loaded ??= this.#load();
    this.#loaded.catch(() => {
      this.#loaded = undefined;
    });
    return this.#loaded;
  }

  async #load(): Promise<LoadedClient> {
    const config = this.#config;
    const [{ default: Services }, { User: FabricUser, Utils }] = await Promise.all([
      import('fabric-ca-client'),
      import('fabric-common'),
    ]);
    // fabric-common's configuration (its typings omit the setter): read by fabric-ca-client for each request.
    (Utils as unknown as { setConfigSetting(name: string, value: unknown): void }).setConfigSetting(
      'socket-operation-timeout',
      ANSWER_TIMEOUT_MS,
    );
    const trustedRoot = await readFile(config.tlsRootCertPath, 'utf8');
    const services = new Services(config.url, { trustedRoots: [trustedRoot], verify: true }, config.caName);
    withoutKeepAlive(services, config.url);
    const signer = await loadSigningIdentity(config.registrar.mspDir, config.mspId);
    const registrar = FabricUser.createUser(
      config.registrar.enrollmentId,
      '',
      config.mspId,
      signer.certificatePem,
      privateKeyToPem(signer.privateKey),
    );
    return { services, registrar };
  }

  async #call<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw classify(operation, this.#config.caName, err);
    }
  }
}

/**
 * fabric-ca-client adds a `timeout` listener to the request's socket on every call and never removes it; on
 * Node's keep-alive default agent the listeners pile up on reused sockets. Its calls are rare (onboarding,
 * revocation): each gets a connection of its own. A later fabric-ca-client without that field is left as is.
 */
function withoutKeepAlive(services: FabricCAServices, url: string): void {
  const client = (services as unknown as { _fabricCAClient?: { _httpClient?: typeof https } })._fabricCAClient;
  const base = client?._httpClient;
  if (!client || !base) return;
  const agent = url.startsWith('https:') ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
  client._httpClient = {
    ...base,
    request: (options: https.RequestOptions, callback?: (res: http.IncomingMessage) => void) =>
      base.request({ ...options, agent }, callback),
  } as typeof https;
}

/** fabric-ca-client's failures: an answer carries Fabric CA's `errors`, anything else never reached it. */
function classify(operation: string, caName: string, err: unknown): CertificateAuthorityError {
  const answered = (err as { errors?: unknown }).errors;
  const first = Array.isArray(answered)
    ? (answered[0] as { code?: unknown; message?: unknown } | undefined)
    : undefined;
  if (first === undefined) {
    const message = err instanceof Error ? err.message : String(err);
    return new CertificateAuthorityError(operation, caName, 'UNREACHABLE', message, { cause: err });
  }
  const code = typeof first.code === 'number' ? first.code : undefined;
  const message = typeof first.message === 'string' ? first.message : 'refused';
  return new CertificateAuthorityError(operation, caName, failureOf(operation, code, message), message, {
    ...(code === undefined ? {} : { caCode: code }),
    cause: err,
  });
}

function failureOf(operation: string, code: number | undefined, message: string): CertificateAuthorityFailure {
  // fabric-ca-server reports a duplicate registration as a plain error (500, code 0) naming it; devnet's
  // CA as 409, code 74.
  if (code === CA_CODE.DUPLICATE || message.includes('is already registered')) return 'ALREADY_REGISTERED';
  if (operation === 'enroll' && (code === CA_CODE.AUTHENTICATION || code === CA_CODE.PASSWORD_ATTEMPTS)) {
    return 'AUTHENTICATION_FAILED';
  }
  if (code === CA_CODE.BAD_CSR || code === CA_CODE.CN_MISMATCH || code === CA_CODE.CSR) return 'BAD_CSR';
  return 'REFUSED';
}
