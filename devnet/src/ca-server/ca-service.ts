/**
 * The CA's operations as Fabric CA 1.5 performs them (fabric-ca `lib/server*.go`), without HTTP: register,
 * enroll, reenroll, revoke, gencrl, cainfo and the identities API. Request bodies are decoded the way Go's
 * `encoding/json` decodes them into Fabric CA's structs: field names match case-insensitively, unknown
 * fields are ignored. Operations that change the registry run one at a time.
 */
import { randomInt } from 'node:crypto';

import { verifyIssuedBy } from '../msp';
import {
  Attr,
  attributeIsTrue,
  attributeValue,
  cannotActOnType,
  cannotRegisterAttributes,
  isRegistrar,
} from './authorization';
import { authenticationFailure, authorizationFailure, FabricCaCode, FabricCaError } from './fabric-ca-errors';
import {
  certificateIds,
  generateCrl,
  issueCertificate,
  normalizeHex,
  parseCsr,
  type SigningCa,
  type SigningProfile,
} from './issuer';
import { hashSecret, secretMatches, type CaAttribute, type CaRegistry, type IdentityRecord } from './registry';
import { verifyToken, type SignedRequest } from './token';

/** What the CA reports about itself (cainfo, and beside every certificate it issues). */
export interface CaInfo {
  readonly CAName: string;
  /** Base64 of the PEM chain: here the org's root CA certificate. */
  readonly CAChain: string;
  /** Idemix is not offered: empty, which fabric-ca-client then skips. */
  readonly IssuerPublicKey: string;
  readonly IssuerRevocationPublicKey: string;
  readonly Version: string;
}

export interface EnrollmentResult {
  /** Base64 of the PEM certificate. */
  readonly Cert: string;
  readonly ServerInfo: CaInfo;
}

export interface IdentityInfo {
  readonly id: string;
  readonly type: string;
  readonly affiliation: string;
  readonly attrs: readonly CaAttribute[];
  readonly max_enrollments: number;
}

export interface CaServiceOptions {
  readonly caName: string;
  readonly ca: SigningCa;
  readonly registry: CaRegistry;
  /** The CA's cap on enrollments per identity (Fabric CA's `registry.maxenrollments`); -1: none. */
  readonly maxEnrollments: number;
  /** Wrong secrets before an identity is locked (`cfg.identities.passwordattempts`); 0: no limit. */
  readonly passwordAttempts: number;
  /** How long a generated CRL is valid (`crl.expiry`). */
  readonly crlValidityMs: number;
  readonly version: string;
}

/** RFC 5280 reason codes by Fabric CA's names (`revocationReasonCodes`). */
const REVOCATION_REASONS: Readonly<Record<string, number>> = {
  unspecified: 0,
  keycompromise: 1,
  cacompromise: 2,
  affiliationchanged: 3,
  superseded: 4,
  cessationofoperation: 5,
  certificatehold: 6,
  removefromcrl: 8,
  privilegewithdrawn: 9,
  aacompromise: 10,
};

/** An authenticated caller: its registry record and, for token authentication, its certificate. */
export interface Caller {
  readonly identity: IdentityRecord;
  readonly certificatePem?: string;
}

export class CaService {
  readonly #options: CaServiceOptions;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: Readonly<CaServiceOptions>) {
    this.#options = options;
  }

  get caName(): string {
    return this.#options.caName;
  }

  info(): CaInfo {
    return {
      CAName: this.#options.caName,
      CAChain: Buffer.from(this.#options.ca.certificatePem, 'utf8').toString('base64'),
      IssuerPublicKey: '',
      IssuerRevocationPublicKey: '',
      Version: this.#options.version,
    };
  }

  /** A caname in the query or body must be this CA's (404, code 19 otherwise). */
  checkCaName(name: string | undefined): void {
    if (name !== undefined && name !== '' && name !== this.#options.caName) {
      throw new FabricCaError(404, FabricCaCode.CaNotFound, `CA '${name}' does not exist`);
    }
  }

  /** Token authentication: a valid signature, a certificate this CA issued and did not revoke, a known caller. */
  async authenticateToken(request: SignedRequest): Promise<Caller> {
    const certificatePem = verifyToken(request);
    const { registry, ca } = this.#options;
    let trusted: boolean;
    try {
      trusted = await verifyIssuedBy(certificatePem, ca.certificatePem);
    } catch (error: unknown) {
      throw authenticationFailure(`Untrusted certificate: ${(error as Error).message}`);
    }
    if (!trusted) {
      throw authenticationFailure('Untrusted certificate: not issued by this CA, or expired');
    }
    const { serial, aki } = certificateIds(certificatePem);
    const record = registry.certificate(serial, aki);
    if (record === undefined) {
      throw authenticationFailure(`Certificate ${serial} was not issued by this CA's registry`);
    }
    if (record.status === 'revoked') {
      throw authenticationFailure('The certificate in the authorization header is a revoked certificate');
    }
    const identity = registry.identity(record.id);
    if (identity === undefined) {
      throw authenticationFailure(`Failed to get user ${record.id}`);
    }
    return { identity, certificatePem };
  }

  /** Basic authentication for enroll: the secret, the lock-out, revocation and the enrollment cap. */
  async authenticateSecret(id: string, secret: string): Promise<Caller> {
    const { registry, passwordAttempts, maxEnrollments } = this.#options;
    const identity = registry.identity(id);
    if (identity === undefined) {
      throw authenticationFailure(`Failed to get user: ${id} is not registered`);
    }
    if (passwordAttempts > 0 && identity.failedLoginAttempts >= passwordAttempts) {
      const message = `Incorrect password entered ${identity.failedLoginAttempts} times, max incorrect password limit of ${passwordAttempts} reached`;
      throw new FabricCaError(401, FabricCaCode.PasswordAttempts, message);
    }
    if (!(await secretMatches(secret, identity.secretHash))) {
      await registry.updateIdentity(id, { failedLoginAttempts: identity.failedLoginAttempts + 1 });
      throw authenticationFailure(`Login failure: password mismatch for ${id}`);
    }
    if (identity.revoked) {
      throw authenticationFailure(`Login failure: User ${id} is revoked; access denied`);
    }
    const cap =
      maxEnrollments !== -1 && (identity.maxEnrollments > maxEnrollments || identity.maxEnrollments === -1)
        ? maxEnrollments
        : identity.maxEnrollments;
    if (cap !== -1 && identity.enrollments >= cap) {
      throw authenticationFailure(
        `Login failure: The identity ${id} has already enrolled ${identity.enrollments} times, it has reached its maximum enrollment allowance`,
      );
    }
    return { identity: await registry.updateIdentity(id, { failedLoginAttempts: 0 }) };
  }

  /** POST /register: the caller registers a new identity; answers its secret. */
  register(caller: Caller, body: unknown): Promise<{ secret: string }> {
    return this.#exclusive(async () => ({ secret: await this.#register(caller.identity, decodeRegistration(body)) }));
  }

  /** POST /identities: register, answering the new identity and its secret. */
  addIdentity(caller: Caller, body: unknown): Promise<IdentityInfo & { secret: string; caname: string }> {
    return this.#exclusive(async () => {
      const request = decodeRegistration(body);
      if (request.id === '') {
        throw new FabricCaError(400, FabricCaCode.AddIdentity, "Missing 'ID' in request to add a new identity");
      }
      const secret = await this.#register(caller.identity, request);
      const added = this.#options.registry.identity(request.id);
      if (added === undefined) throw new Error(`identity ${request.id} vanished after registration`);
      return { ...identityInfo(added), secret, caname: this.#options.caName };
    });
  }

  /**
   * POST /enroll: authenticates with the secret, then reads the body (`body()`: parsing errors come after
   * authentication errors, as in Fabric CA) and issues a certificate for its CSR; counts one enrollment.
   */
  enroll(id: string, secret: string, body: () => unknown): Promise<EnrollmentResult> {
    return this.#exclusive(async () => {
      const caller = await this.authenticateSecret(id, secret);
      const result = await this.#issue(caller.identity, decodeEnrollment(body()));
      await this.#options.registry.updateIdentity(id, { enrollments: caller.identity.enrollments + 1 });
      return result;
    });
  }

  /** POST /reenroll after token authentication: a new certificate, not counted against the cap. */
  reenroll(caller: Caller, body: unknown): Promise<EnrollmentResult> {
    return this.#exclusive(() => this.#issue(caller.identity, decodeEnrollment(body)));
  }

  /** POST /revoke: one certificate (serial and AKI) or every certificate of an identity, which is disabled. */
  revoke(
    caller: Caller,
    body: unknown,
  ): Promise<{ RevokedCerts: { Serial: string; AKI: string }[] | null; CRL: string }> {
    return this.#exclusive(async () => {
      const request = decodeRevocation(body);
      const { registry } = this.#options;
      const reason = REVOCATION_REASONS[request.reason.toLowerCase()] ?? 0;
      const now = new Date();
      let revoked: { serial: string; aki: string }[];
      if (request.serial !== '' && request.aki !== '') {
        const record = registry.certificate(request.serial, request.aki);
        if (record === undefined) {
          throw new FabricCaError(
            404,
            FabricCaCode.RevokedCertificateNotFound,
            `Certificate with serial ${request.serial} and AKI ${request.aki} was not found`,
          );
        }
        this.#checkRevoker(caller.identity, record.id);
        if (record.status === 'revoked') {
          throw new FabricCaError(
            404,
            FabricCaCode.CertificateAlreadyRevoked,
            `Certificate with serial ${request.serial} and AKI ${request.aki} was already revoked`,
          );
        }
        if (request.id !== '' && request.id !== record.id) {
          throw new FabricCaError(
            400,
            FabricCaCode.CertificateWrongOwner,
            `Certificate with serial ${request.serial} and AKI ${request.aki} is not owned by ${request.id}`,
          );
        }
        const owner = this.#identityToRevoke(record.id);
        const own =
          caller.certificatePem !== undefined && sameCertificate(caller.certificatePem, record.serial, record.aki);
        if (!own) this.#checkCanManage(caller.identity, owner);
        revoked = await registry.revokeCertificates([record], reason, now);
      } else if (request.id !== '') {
        this.#checkRevoker(caller.identity, request.id);
        const owner = this.#identityToRevoke(request.id);
        if (owner.id !== caller.identity.id) this.#checkCanManage(caller.identity, owner);
        await registry.updateIdentity(owner.id, { revoked: true });
        const theirs = registry.certificates().filter((c) => c.id === owner.id);
        revoked = await registry.revokeCertificates(theirs, reason, now);
      } else {
        throw new FabricCaError(
          400,
          FabricCaCode.MissingRevokeArgs,
          'Either Name or Serial and AKI are required for a revoke request',
        );
      }
      const crl = request.gencrl && revoked.length > 0 ? await this.#crl({}) : '';
      return {
        RevokedCerts: revoked.length > 0 ? revoked.map((r) => ({ Serial: r.serial, AKI: r.aki })) : null,
        CRL: crl === '' ? '' : Buffer.from(crl, 'utf8').toString('base64'),
      };
    });
  }

  /** POST /gencrl: the CRL of the CA's revoked certificates (optionally by revocation and expiry time). */
  async generateCrl(caller: Caller, body: unknown): Promise<{ CRL: string }> {
    if (!attributeIsTrue(caller.identity, Attr.GenCRL)) {
      throw authorizationFailure(`The identity '${caller.identity.id}' does not have authority to generate a CRL`);
    }
    const crl = await this.#crl(decodeCrlRequest(body));
    return { CRL: Buffer.from(crl, 'utf8').toString('base64') };
  }

  /** GET /identities: every identity whose type the registrar acts on. */
  identities(caller: Caller): { identities: IdentityInfo[]; caname: string } {
    if (!isRegistrar(caller.identity)) {
      throw authorizationFailure(`'${caller.identity.id}' is not a registrar`);
    }
    const visible = this.#options.registry
      .identities()
      .filter((i) => cannotActOnType(caller.identity, i.type) === undefined);
    return { identities: visible.map(identityInfo), caname: this.#options.caName };
  }

  /** GET /identities/{id} */
  identity(caller: Caller, id: string): IdentityInfo & { caname: string } {
    const identity = this.#options.registry.identity(id);
    if (identity === undefined) {
      throw new FabricCaError(404, FabricCaCode.IdentityNotFound, `Failed to get User: ${id} is not registered`);
    }
    this.#checkCanManage(caller.identity, identity);
    return { ...identityInfo(identity), caname: this.#options.caName };
  }

  /**
   * Registers (once) and issues directly, without a CSR round trip: for identities the server creates for
   * itself, such as the org's `registrar`. Answers nothing new when the ID is already registered.
   */
  async registerInternal(request: {
    id: string;
    type: string;
    attrs: readonly CaAttribute[];
    secret: string;
  }): Promise<boolean> {
    return this.#exclusive(async () => {
      if (this.#options.registry.identity(request.id) !== undefined) return false;
      await this.#options.registry.addIdentity(
        await newIdentityRecord({ ...request, affiliation: '', maxEnrollments: -1 }),
      );
      return true;
    });
  }

  /** Issues a certificate for `csrPem` to a registered identity, as an enrollment would (without its secret). */
  issueInternal(id: string, csrPem: string): Promise<string> {
    return this.#exclusive(async () => {
      const identity = this.#options.registry.identity(id);
      if (identity === undefined) throw new Error(`identity ${id} is not registered`);
      const result = await this.#issue(identity, decodeEnrollment({ certificate_request: csrPem }));
      await this.#options.registry.updateIdentity(id, { enrollments: identity.enrollments + 1 });
      return Buffer.from(result.Cert, 'base64').toString('utf8');
    });
  }

  async #register(registrar: IdentityRecord, request: RegistrationRequest): Promise<string> {
    const denied =
      (request.affiliation === '' || request.affiliation === '.'
        ? undefined
        : `Failed getting affiliation '${request.affiliation}': devnet CAs have only the root affiliation`) ??
      cannotActOnType(registrar, request.type) ??
      cannotRegisterAttributes(registrar, request.attrs);
    if (denied !== undefined) {
      throw authorizationFailure(`Registration of '${request.id}' failed: ${denied}`);
    }
    const max = maxEnrollmentsFor(request.maxEnrollments, this.#options.maxEnrollments);
    const secret = request.secret === '' ? randomLetters(12) : request.secret;
    const record = await newIdentityRecord({
      ...request,
      type: request.type,
      affiliation: '',
      maxEnrollments: max,
      secret,
    });
    if (!(await this.#options.registry.addIdentity(record))) {
      throw new FabricCaError(409, FabricCaCode.DuplicateIdentity, `Identity '${request.id}' is already registered`);
    }
    return secret;
  }

  async #issue(identity: IdentityRecord, request: EnrollmentRequest): Promise<EnrollmentResult> {
    const profile = signingProfile(request.profile);
    const csr = await parseCsr(request.certificateRequest);
    if (csr.commonName !== identity.id) {
      throw new FabricCaError(
        403,
        FabricCaCode.CsrCommonNameMismatch,
        'The CSR subject common name must equal the enrollment ID',
      );
    }
    const issued = await issueCertificate(this.#options.ca, {
      csr,
      enrollmentId: identity.id,
      type: identity.type,
      affiliationPath: identity.affiliation === '' ? [] : identity.affiliation.split('.'),
      attributes: certificateAttributes(identity, request.attrReqs),
      profile,
      hosts: request.hosts,
    });
    await this.#options.registry.addCertificate({
      serial: issued.serial,
      aki: this.#options.ca.keyId,
      id: identity.id,
      pem: issued.pem,
      notAfter: issued.notAfter.toISOString(),
      status: 'good',
    });
    return { Cert: Buffer.from(issued.pem, 'utf8').toString('base64'), ServerInfo: this.info() };
  }

  #crl(range: CrlRequest): Promise<string> {
    const after = (t: Date | undefined, value: string | undefined): boolean =>
      t === undefined || (value !== undefined && new Date(value) > t);
    const before = (t: Date | undefined, value: string | undefined): boolean =>
      t === undefined || (value !== undefined && new Date(value) < t);
    const revoked = this.#options.registry
      .certificates()
      .filter(
        (c) =>
          c.status === 'revoked' &&
          after(range.expireAfter, c.notAfter) &&
          before(range.expireBefore, c.notAfter) &&
          after(range.revokedAfter, c.revokedAt) &&
          before(range.revokedBefore, c.revokedAt),
      )
      .map((c) => ({ serial: c.serial, revokedAt: new Date(c.revokedAt ?? 0) }));
    return generateCrl(this.#options.ca, revoked, this.#options.crlValidityMs);
  }

  #checkRevoker(caller: IdentityRecord, target: string): void {
    if (caller.id !== target && !attributeIsTrue(caller, Attr.Revoker)) {
      throw authorizationFailure(`${caller.id} does not have the ${Attr.Revoker} attribute`);
    }
  }

  #identityToRevoke(id: string): IdentityRecord {
    const identity = this.#options.registry.identity(id);
    if (identity === undefined) {
      throw new FabricCaError(404, FabricCaCode.RevokeIdentityNotFound, `Identity ${id} was not found`);
    }
    return identity;
  }

  #checkCanManage(caller: IdentityRecord, target: IdentityRecord): void {
    const denied = cannotActOnType(caller, target.type);
    if (denied !== undefined) throw authorizationFailure(denied);
  }

  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

interface RegistrationRequest {
  readonly id: string;
  readonly type: string;
  readonly secret: string;
  readonly maxEnrollments: number;
  readonly affiliation: string;
  readonly attrs: readonly CaAttribute[];
}

interface EnrollmentRequest {
  readonly certificateRequest: string;
  readonly profile: string;
  readonly hosts: readonly string[] | undefined;
  readonly attrReqs: readonly { readonly name: string; readonly optional: boolean }[] | undefined;
}

interface CrlRequest {
  readonly revokedAfter?: Date;
  readonly revokedBefore?: Date;
  readonly expireAfter?: Date;
  readonly expireBefore?: Date;
}

async function newIdentityRecord(request: {
  id: string;
  type: string;
  affiliation: string;
  attrs: readonly CaAttribute[];
  maxEnrollments: number;
  secret: string;
}): Promise<IdentityRecord> {
  // Fabric CA adds the enrollment ID, type and affiliation as attributes that go in every certificate.
  const attrs: CaAttribute[] = [
    ...request.attrs,
    { name: Attr.EnrollmentID, value: request.id, ecert: true },
    { name: Attr.Type, value: request.type, ecert: true },
    { name: Attr.Affiliation, value: request.affiliation, ecert: true },
  ];
  return {
    id: request.id,
    type: request.type,
    affiliation: request.affiliation,
    attrs,
    maxEnrollments: request.maxEnrollments,
    secretHash: await hashSecret(request.secret),
    enrollments: 0,
    revoked: false,
    failedLoginAttempts: 0,
  };
}

function identityInfo(identity: IdentityRecord): IdentityInfo {
  return {
    id: identity.id,
    type: identity.type,
    affiliation: identity.affiliation,
    attrs: identity.attrs.map((a) => (a.ecert === true ? { ...a } : { name: a.name, value: a.value })),
    max_enrollments: identity.maxEnrollments,
  };
}

/** The attributes a certificate carries: those asked for (`attr_reqs`), else every `ecert` one. */
function certificateAttributes(
  identity: IdentityRecord,
  requests: EnrollmentRequest['attrReqs'],
): Record<string, string> | undefined {
  const wanted =
    requests ?? identity.attrs.filter((a) => a.ecert === true).map((a) => ({ name: a.name, optional: true }));
  if (requests === undefined && wanted.length === 0) return undefined;
  const attributes: Record<string, string> = {};
  const missing: string[] = [];
  for (const request of wanted) {
    const value = attributeValue(identity, request.name);
    if (value === undefined) {
      if (!request.optional) missing.push(request.name);
      continue;
    }
    attributes[request.name] = value;
  }
  if (missing.length > 0) {
    throw new FabricCaError(
      500,
      FabricCaCode.Unknown,
      `Failed to find requested attributes: The following required attributes are missing: [${missing.join(' ')}]`,
    );
  }
  return attributes;
}

function signingProfile(name: string): SigningProfile {
  if (name === '') return 'default';
  if (name === 'tls') return 'tls';
  // Fabric CA answers an unknown profile as an internal error (500, code 0); `ca` issues intermediate
  // CAs, which devnet does not.
  throw new FabricCaError(500, FabricCaCode.Unknown, `Invalid profile: '${name}'`);
}

function sameCertificate(pem: string, serial: string, aki: string): boolean {
  const ids = certificateIds(pem);
  return ids.serial === serial && ids.aki === aki;
}

/** Fabric CA's `getMaxEnrollments`: the identity's cap from the request and the CA's. */
function maxEnrollmentsFor(requested: number, caMax: number): number {
  const invalid = (message: string): FabricCaError =>
    new FabricCaError(400, FabricCaCode.InvalidMaxEnrollments, message);
  if (requested < -1) {
    throw invalid(`Max enrollment in registration request may not be less than -1, but was ${requested}`);
  }
  if (caMax === -1) return requested === 0 ? -1 : requested;
  if (caMax === 0) throw invalid('Registration is disabled');
  if (requested === -1) throw invalid('Registration for infinite enrollments is not allowed');
  if (requested === 0) return caMax;
  if (requested > caMax) {
    throw invalid(`Requested enrollments (${requested}) exceeds maximum allowable enrollments (${caMax})`);
  }
  return requested;
}

function randomLetters(length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from({ length }, () => letters[randomInt(letters.length)]).join('');
}

// --- request bodies, decoded as Go's encoding/json does ----------------------------------------------

type JsonObject = Readonly<Record<string, unknown>>;

function asObject(body: unknown): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new FabricCaError(400, FabricCaCode.BadRequestBody, 'Invalid request body: not a JSON object');
  }
  return body as JsonObject;
}

/** A field by name, matched case-insensitively as Go matches JSON keys to struct fields. */
function field(object: JsonObject, name: string): unknown {
  const wanted = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : object[key];
}

function stringField(object: JsonObject, name: string): string {
  const value = field(object, name);
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') {
    throw new FabricCaError(400, FabricCaCode.BadRequestBody, `Invalid request body: ${name} must be a string`);
  }
  return value;
}

function decodeRegistration(body: unknown): RegistrationRequest {
  const object = asObject(body);
  const max = field(object, 'max_enrollments') ?? 0;
  if (typeof max !== 'number' || !Number.isInteger(max)) {
    throw new FabricCaError(
      400,
      FabricCaCode.BadRequestBody,
      'Invalid request body: max_enrollments must be an integer',
    );
  }
  const attrs = field(object, 'attrs') ?? [];
  if (!Array.isArray(attrs)) {
    throw new FabricCaError(400, FabricCaCode.BadRequestBody, 'Invalid request body: attrs must be an array');
  }
  return {
    id: stringField(object, 'id'),
    // Fabric CA's clients send `client` when no type is given; a request without one gets it here too.
    type: stringField(object, 'type') || 'client',
    secret: stringField(object, 'secret'),
    maxEnrollments: max,
    affiliation: stringField(object, 'affiliation'),
    attrs: attrs.map((a: unknown) => {
      const attribute = asObject(a);
      const ecert = field(attribute, 'ecert');
      return {
        name: stringField(attribute, 'name'),
        value: stringField(attribute, 'value'),
        ...(ecert === true ? { ecert: true } : {}),
      };
    }),
  };
}

function decodeEnrollment(body: unknown): EnrollmentRequest {
  const object = asObject(body);
  const hosts = field(object, 'hosts');
  const attrReqs = field(object, 'attr_reqs');
  return {
    certificateRequest: stringField(object, 'certificate_request'),
    profile: stringField(object, 'profile'),
    hosts: Array.isArray(hosts) ? hosts.filter((h): h is string => typeof h === 'string' && h !== '') : undefined,
    attrReqs: Array.isArray(attrReqs)
      ? attrReqs.map((r: unknown) => {
          const request = asObject(r);
          return { name: stringField(request, 'name'), optional: field(request, 'optional') === true };
        })
      : undefined,
  };
}

function decodeRevocation(body: unknown): { id: string; serial: string; aki: string; reason: string; gencrl: boolean } {
  const object = asObject(body);
  return {
    id: stringField(object, 'id'),
    serial: normalizeHex(stringField(object, 'serial')),
    aki: normalizeHex(stringField(object, 'aki')),
    reason: stringField(object, 'reason'),
    gencrl: field(object, 'gencrl') === true,
  };
}

function decodeCrlRequest(body: unknown): CrlRequest {
  if (body === undefined) return {};
  const object = asObject(body);
  const time = (name: string): Date | undefined => {
    const value = field(object, name);
    if (typeof value !== 'string' || value === '' || value.startsWith('0001-01-01')) return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) {
      throw new FabricCaError(400, FabricCaCode.BadRequestBody, `Invalid request body: ${name} is not a time`);
    }
    return date;
  };
  const request: CrlRequest = {
    revokedAfter: time('revokedafter'),
    revokedBefore: time('revokedbefore'),
    expireAfter: time('expireafter'),
    expireBefore: time('expirebefore'),
  };
  if (request.revokedAfter && request.revokedBefore && request.revokedAfter > request.revokedBefore) {
    throw new FabricCaError(
      400,
      FabricCaCode.InvalidRevokedAfter,
      "Invalid 'revokedafter' value. It must not be a timestamp greater than 'revokedbefore'",
    );
  }
  if (request.expireAfter && request.expireBefore && request.expireAfter > request.expireBefore) {
    throw new FabricCaError(
      400,
      FabricCaCode.InvalidExpiredAfter,
      "Invalid 'expireafter' value. It must not be a timestamp greater than 'expirebefore'",
    );
  }
  return request;
}
