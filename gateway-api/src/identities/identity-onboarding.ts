import { createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { CONSORTIUM_ORGS, ROLES_BY_ORG, isConsortiumOrg, type MemberRecord, type Role } from '@allianceledger/contract';
import { clientIdOf, verifyIssuedBy } from '@allianceledger/fabric-protocol';
import type { ApiKeyStore, IssuedApiKey } from '../auth/api-key-store';
import type { IdentityRegistry, KnownIdentity } from '../auth/identity-registry';
import type { Principal } from '../auth/principal';
import { chaincodeCall } from '../common/chaincode-call';
import { ProblemError } from '../http/problem';
import { ChaincodeRejection } from '../ledger/ledger-errors';
import type { TransactionService } from '../transactions/transaction-service';
import type { ViewerDirectory } from '../visibility/viewer';
import type { CertificateAuthorities, CertificateAuthority, CrlReason } from './certificate-authority';
import { OnboardingStore, type OnboardingRecord } from './onboarding-store';
import { mspOf, requireOrgAdmin } from './org-admin';

/** An identity as the identity API shows it. */
export interface IdentityView {
  readonly identity: string;
  readonly mspId: string;
  readonly enrollmentId: string;
  readonly custody: 'custodial' | 'self';
  /** PENDING: registered at the CA, onboarding not finished; EXPIRED: its enrollment secret expired unused. */
  readonly status: 'PENDING' | 'EXPIRED' | 'ACTIVE' | 'REVOKED';
  readonly source: 'configured' | 'enrolled';
  /** The chaincode's party id, once the identity has a certificate. */
  readonly party?: string;
  /** The roles registered at onboarding (while it is not finished; then the member record rules). */
  readonly roles?: readonly Role[];
  readonly createdAt?: string;
  readonly enrolledAt?: string;
  readonly revokedAt?: string;
  readonly enrollmentExpiresAt?: string;
}

/** A device that proved its enrollment secret: it may now send its CSR. */
export interface EnrollmentTicket {
  readonly identity: string;
  /** The one-time secret, passed on to the CA (which checks it again); never stored. */
  readonly secret: string;
}

/** An administrator's onboarding request: the name within its organisation, the roles, the custody. */
export interface RegisterIdentityRequest {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly custody: 'custodial' | 'self';
}

/** What an onboarding answers. */
export interface RegisteredIdentity {
  readonly identity: IdentityView;
  /** Custodial: the member record on chain, the transaction that registered it, the first API key. */
  readonly member?: MemberRecord;
  readonly transactionId?: string;
  readonly apiKey?: IssuedApiKey;
  /** Self-custody: what the device enrolls with, shown once. */
  readonly enrollment?: { readonly secret: string; readonly expiresAt: string; readonly path: string };
}

/** What a device's enrolment answers. */
export interface EnrolledIdentity {
  readonly identity: IdentityView;
  readonly certificate: string;
  readonly caChain: string;
  readonly member: MemberRecord;
  readonly transactionId?: string;
  readonly apiKey: IssuedApiKey;
}

/** What a revocation answers. */
export interface RevokedIdentity {
  readonly identity: IdentityView;
  readonly certificateAuthority: {
    readonly caName: string;
    readonly revokedCertificates: readonly { readonly serial: string; readonly aki: string }[];
    /** The CA's CRL (PEM): what the organisation puts in its channel MSP (docs/identity.md). */
    readonly crl: string;
  };
  /** The member record, suspended; null when it never reached the chain. */
  readonly member: MemberRecord | null;
  readonly apiKeysRevoked: number;
}

/** What onboarding works with. */
export interface IdentityOnboardingOptions {
  readonly identities: IdentityRegistry;
  readonly authorities: CertificateAuthorities;
  readonly store: OnboardingStore;
  readonly apiKeys: ApiKeyStore;
  readonly transactions: TransactionService;
  readonly viewers: ViewerDirectory;
  /** How long a self-custody identity's enrollment secret is accepted. */
  readonly enrollmentSecretTtlMs: number;
}

/** The label of the API key an onboarding issues. */
const ONBOARDING_KEY_LABEL = 'issued at onboarding';

/**
 * Onboarding, enrolment and revocation of identities, as their organisation's administrators ask for it
 * through the REST API. Every step is the CA's (certificate-authority.ts), the chain's (the member
 * registry, signed by an administrator the gateway holds) or the gateway's own (identity registry, API
 * keys, onboarding store); each request is safe to repeat: it resumes where an earlier one stopped.
 */
export class IdentityOnboarding {
  readonly #o: IdentityOnboardingOptions;
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(options: Readonly<IdentityOnboardingOptions>) {
    this.#o = options;
  }

  /**
   * An administrator registers an identity of its own organisation at the org's CA (role attribute = the
   * roles). Custodial: enrolled at once with a key the gateway makes and keeps, registered on chain as the
   * administrator, with a first API key. Self-custody: a one-time enrollment secret for the device.
   */
  async register(principal: Principal, request: RegisterIdentityRequest): Promise<RegisteredIdentity> {
    const viewer = await this.#o.viewers.viewerOf(principal);
    await requireOrgAdmin(this.#o.viewers, principal, viewer.mspId);
    const mspId = viewer.mspId;
    const roles = grantableRoles(mspId, request.roles);
    const ca = this.#authority(mspId);
    const identity = `${mspId}:${request.name}`;
    return this.#exclusive(identity, () =>
      request.custody === 'self'
        ? this.#registerSelf(ca, principal, identity, roles)
        : this.#registerCustodial(ca, principal, identity, roles),
    );
  }

  /**
   * Checks a device's `Authorization: Basic <enrollment ID>:<secret>` for `identity`: the secret the
   * registration answered, not yet used, not expired.
   */
  authenticateEnrollment(identity: string, authorization: string | undefined): EnrollmentTicket {
    const credentials = basicCredentials(authorization);
    const record = this.#o.store.get(identity);
    if (!credentials || !record || !isOpenEnrollment(record, credentials)) {
      throw new ProblemError(
        'ENROLLMENT_SECRET_INVALID',
        credentials === undefined
          ? 'send Authorization: Basic base64(<enrollment ID>:<enrollment secret>)'
          : `not a valid enrollment secret for ${identity}`,
      );
    }
    if (record.expiresAt !== undefined && Date.now() >= Date.parse(record.expiresAt)) {
      throw new ProblemError(
        'ENROLLMENT_EXPIRED',
        `the enrollment secret of ${identity} expired at ${record.expiresAt}`,
        {
          expiredAt: record.expiresAt,
        },
      );
    }
    return { identity, secret: credentials.secret };
  }

  /**
   * The device's enrolment: its CSR (its own P-256 key, CN = its enrollment ID) goes to the org's CA; the
   * gateway keeps only the certificate, registers the member on chain as the administrator who registered
   * it, and issues its first API key. The private key never reaches the gateway.
   */
  enroll(ticket: EnrollmentTicket, csrPem: string): Promise<EnrolledIdentity> {
    return this.#exclusive(ticket.identity, async () => {
      // Read again under the lock: a concurrent enrolment may have finished meanwhile.
      const record = this.#o.store.get(ticket.identity);
      if (record === undefined) throw new ProblemError('ENROLLMENT_SECRET_INVALID', 'this enrollment is done already');
      const ca = this.#authority(record.mspId);
      const { checkDeviceCsr } = await import('./csr');
      const spki = await checkDeviceCsr(csrPem, {
        enrollmentId: record.enrollmentId,
        foreignOrganizations: await this.#foreignOrganizations(record.mspId),
      });
      const enrolled = await this.#issueDeviceCertificate(ca, record, ticket.secret, csrPem, spki);
      const { member, transactionId } = await this.#registerMember(record, {
        id: `enrollment:${record.identity}`,
        identity: record.registeredBy,
      });
      const apiKey = await this.#o.apiKeys.issue(record.identity, ONBOARDING_KEY_LABEL);
      await this.#o.store.delete(record.identity);
      return {
        identity: await this.#view(record.identity),
        certificate: enrolled.certificatePem,
        caChain: enrolled.caChainPem,
        member,
        ...(transactionId === undefined ? {} : { transactionId }),
        apiKey,
      };
    });
  }

  /** The caller's organisation's identities (its administrators only). */
  async list(principal: Principal): Promise<IdentityView[]> {
    const viewer = await this.#o.viewers.viewerOf(principal);
    await requireOrgAdmin(this.#o.viewers, principal, viewer.mspId);
    const known = this.#o.identities.list(viewer.mspId).map((i) => i.name);
    const pending = this.#o.store
      .list(viewer.mspId)
      .map((r) => r.identity)
      .filter((name) => !known.includes(name));
    return Promise.all([...known, ...pending].map((name) => this.#view(name)));
  }

  /** One identity, with its member record (its organisation's administrators only). */
  async get(principal: Principal, identity: string): Promise<IdentityView & { member: MemberRecord | null }> {
    await requireOrgAdmin(this.#o.viewers, principal, mspOf(identity));
    const view = await this.#view(identity);
    const member = view.party === undefined ? null : await this.#memberOf(principal, view.party);
    return { ...view, member };
  }

  /**
   * Revokes an identity enrolled through the gateway: first the gateway refuses it (registry, every API
   * key), then its CA revokes its certificates and regenerates the CRL, then its member record is
   * suspended on chain. Repeating it completes whatever an earlier attempt could not.
   */
  async revoke(
    principal: Principal,
    identity: string,
    request: { readonly reason: string; readonly crlReason?: CrlReason },
  ): Promise<RevokedIdentity> {
    const mspId = mspOf(identity);
    await requireOrgAdmin(this.#o.viewers, principal, mspId);
    return this.#exclusive(identity, async () => {
      const known = this.#o.identities.describe(identity);
      const pending = this.#o.store.get(identity);
      if (known?.source === 'configured') {
        throw new ProblemError(
          'IDENTITY_NOT_MANAGED',
          `${identity} comes from the connection file, not from enrolment through the gateway: revoke it at its CA ` +
            '(network.sh revoke) and remove it from the file',
        );
      }
      if (!known && !pending) throw new ProblemError('IDENTITY_NOT_FOUND', `no identity ${identity}`);
      const ca = this.#authority(mspId);
      const apiKeysRevoked = await this.#refuse(identity, known, pending);
      const revocation = await ca.revoke(
        pending?.enrollmentId ?? enrollmentIdOf(identity),
        request.crlReason ?? 'unspecified',
      );
      const view = await this.#view(identity);
      const member = view.party === undefined ? null : await this.#suspendMember(principal, view.party, request.reason);
      return {
        identity: view,
        certificateAuthority: { caName: ca.caName, revokedCertificates: revocation.revoked, crl: revocation.crlPem },
        member,
        apiKeysRevoked,
      };
    });
  }

  /** The gateway's part of a revocation: the identity and every API key of it refused from now on. */
  async #refuse(
    identity: string,
    known: KnownIdentity | undefined,
    pending: OnboardingRecord | undefined,
  ): Promise<number> {
    const at = new Date().toISOString();
    if (known?.status === 'ACTIVE') await this.#o.identities.revoke(identity, at);
    if (pending && pending.revokedAt === undefined) {
      const { caSecret: _dropped, ...kept } = pending;
      await this.#o.store.put({ ...kept, revokedAt: at });
    }
    return this.#o.apiKeys.revokeAllOf(identity);
  }

  async #registerSelf(
    ca: CertificateAuthority,
    principal: Principal,
    identity: string,
    roles: readonly Role[],
  ): Promise<RegisteredIdentity> {
    // A pending self-custody identity's secret was shown once: it cannot be shown again.
    if (this.#o.identities.has(identity) || this.#o.store.get(identity)) {
      throw new ProblemError('IDENTITY_EXISTS', `${identity} is registered already`);
    }
    const secret = randomBytes(32).toString('base64url');
    const enrollmentId = enrollmentIdOf(identity);
    await ca.register({ enrollmentId, secret, roles, maxEnrollments: 1 });
    const now = Date.now();
    const expiresAt = new Date(now + this.#o.enrollmentSecretTtlMs).toISOString();
    await this.#o.store.put({
      identity,
      mspId: ca.mspId,
      enrollmentId,
      custody: 'self',
      roles: [...roles],
      registeredBy: principal.identity,
      createdAt: new Date(now).toISOString(),
      secretSha256: OnboardingStore.hashSecret(secret),
      expiresAt,
    });
    return {
      identity: await this.#view(identity),
      enrollment: { secret, expiresAt, path: `/identities/${identity}/enrollment` },
    };
  }

  async #registerCustodial(
    ca: CertificateAuthority,
    principal: Principal,
    identity: string,
    roles: readonly Role[],
  ): Promise<RegisteredIdentity> {
    const record = await this.#custodialRecord(ca, principal, identity, roles);
    if (!this.#o.identities.has(identity)) await this.#enrollCustodial(ca, record);
    // As the calling administrator, also when it resumes an onboarding another one started.
    const { member, transactionId } = await this.#registerMember(record, principal);
    const apiKey = await this.#o.apiKeys.issue(identity, ONBOARDING_KEY_LABEL);
    await this.#o.store.delete(identity);
    return {
      identity: await this.#view(identity),
      member,
      ...(transactionId === undefined ? {} : { transactionId }),
      apiKey,
    };
  }

  /** The onboarding record of a custodial identity: the one an earlier attempt left, or a new registration. */
  async #custodialRecord(
    ca: CertificateAuthority,
    principal: Principal,
    identity: string,
    roles: readonly Role[],
  ): Promise<OnboardingRecord> {
    const existing = this.#o.store.get(identity);
    if (existing) {
      const same =
        existing.custody === 'custodial' && existing.revokedAt === undefined && sameRoles(existing.roles, roles);
      if (!same) throw new ProblemError('IDENTITY_EXISTS', `${identity} is registered already`);
      return existing;
    }
    if (this.#o.identities.has(identity))
      throw new ProblemError('IDENTITY_EXISTS', `${identity} is registered already`);
    const caSecret = randomBytes(32).toString('base64url');
    const enrollmentId = enrollmentIdOf(identity);
    await ca.register({ enrollmentId, secret: caSecret, roles, maxEnrollments: 1 });
    return this.#o.store.put({
      identity,
      mspId: ca.mspId,
      enrollmentId,
      custody: 'custodial',
      roles: [...roles],
      registeredBy: principal.identity,
      createdAt: new Date().toISOString(),
      caSecret,
    });
  }

  /** A key the gateway makes (P-256), its certificate from the CA, both kept in the identity registry. */
  async #enrollCustodial(ca: CertificateAuthority, record: OnboardingRecord): Promise<void> {
    if (record.caSecret === undefined) throw new Error(`${record.identity} has no CA secret to enroll with`);
    const { newCustodialKey } = await import('./csr');
    const root = await this.#o.authorities.rootCertificatePem(record.mspId);
    const key = await newCustodialKey(record.enrollmentId, root === undefined ? [] : subjectFields(root));
    const issued = await ca.enroll({ enrollmentId: record.enrollmentId, secret: record.caSecret, csrPem: key.csrPem });
    await checkIssued(issued.certificatePem, issued.caChainPem, spkiOf(createPublicKey(key.privateKeyPem)));
    await this.#o.identities.addEnrolled({
      name: record.identity,
      mspId: record.mspId,
      certificatePem: issued.certificatePem,
      privateKeyPem: key.privateKeyPem,
      enrolledAt: new Date().toISOString(),
    });
    const { caSecret: _spent, ...kept } = record;
    await this.#o.store.put(kept);
  }

  /** The device's certificate: issued now, or found from an enrolment whose later steps did not finish. */
  async #issueDeviceCertificate(
    ca: CertificateAuthority,
    record: OnboardingRecord,
    secret: string,
    csrPem: string,
    spki: Buffer,
  ): Promise<{ certificatePem: string; caChainPem: string }> {
    if (this.#o.identities.has(record.identity)) {
      const { credentials } = await this.#o.identities.identity(record.identity);
      const certificatePem = Buffer.from(credentials).toString('utf8');
      if (!spkiOf(createPublicKey(certificatePem)).equals(spki)) {
        throw new ProblemError('IDENTITY_EXISTS', `${record.identity} is enrolled already, with another key`);
      }
      return { certificatePem, caChainPem: record.caChainPem ?? '' };
    }
    const issued = await ca.enroll({ enrollmentId: record.enrollmentId, secret, csrPem });
    await checkIssued(issued.certificatePem, issued.caChainPem, spki);
    await this.#o.identities.addEnrolled({
      name: record.identity,
      mspId: record.mspId,
      certificatePem: issued.certificatePem,
      enrolledAt: new Date().toISOString(),
    });
    await this.#o.store.put({ ...record, caChainPem: issued.caChainPem });
    return issued;
  }

  /** `members:RegisterMember` for the identity's certificate; a member registered by an earlier attempt counts. */
  async #registerMember(
    record: OnboardingRecord,
    as: Principal,
  ): Promise<{ member: MemberRecord; transactionId?: string }> {
    const party = await this.#partyOf(record.identity);
    try {
      const committed = await this.#o.transactions.submit(
        as,
        chaincodeCall('members:RegisterMember', { member: party, name: record.enrollmentId, roles: [...record.roles] }),
      );
      return { member: committed.result as MemberRecord, transactionId: committed.transactionId };
    } catch (err) {
      if (!(err instanceof ChaincodeRejection && err.code === 'CONFLICT')) throw err;
      const member = await this.#memberOf(as, party);
      if (member === null) throw err;
      return { member };
    }
  }

  /** `members:SuspendMember`; a member suspended before is answered as it is, one never registered as null. */
  async #suspendMember(as: Principal, party: string, reason: string): Promise<MemberRecord | null> {
    try {
      const committed = await this.#o.transactions.submit(
        as,
        chaincodeCall('members:SuspendMember', { member: party, reason }),
      );
      return committed.result as MemberRecord;
    } catch (err) {
      if (err instanceof ChaincodeRejection && (err.code === 'ILLEGAL_STATE' || err.code === 'NOT_FOUND')) {
        return this.#memberOf(as, party);
      }
      throw err;
    }
  }

  async #memberOf(as: Principal, party: string): Promise<MemberRecord | null> {
    try {
      return (await this.#o.transactions.evaluate(
        as,
        chaincodeCall('members:GetMember', { member: party }),
      )) as MemberRecord;
    } catch (err) {
      if (err instanceof ChaincodeRejection && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  async #partyOf(identity: string): Promise<string> {
    const { mspId, credentials } = await this.#o.identities.identity(identity);
    return `${mspId}::${clientIdOf(Buffer.from(credentials).toString('utf8'))}`;
  }

  async #view(identity: string): Promise<IdentityView> {
    const known = this.#o.identities.describe(identity);
    const pending = this.#o.store.get(identity);
    if (known) {
      const view = { ...knownView(known), party: await this.#partyOf(identity) };
      return pending ? { ...view, ...pendingFacts(pending), status: statusOf(known, pending) } : view;
    }
    if (pending) return pendingView(pending);
    throw new ProblemError('IDENTITY_NOT_FOUND', `no identity ${identity}`);
  }

  #authority(mspId: string): CertificateAuthority {
    const ca = this.#o.authorities.of(mspId);
    if (!ca) {
      throw new ProblemError(
        'CERTIFICATE_AUTHORITY_UNAVAILABLE',
        `the gateway knows no CA of ${mspId} (certificateAuthorities in the connection file)`,
      );
    }
    return ca;
  }

  /** Names that designate the consortium's other organisations: their MSP ids and their CAs' `O`. */
  async #foreignOrganizations(mspId: string): Promise<string[]> {
    const others = [...new Set([...CONSORTIUM_ORGS, ...this.#o.authorities.mspIds()])].filter((m) => m !== mspId);
    const names: string[] = [...others];
    for (const other of others) {
      const root = await this.#o.authorities.rootCertificatePem(other);
      if (root !== undefined)
        names.push(
          ...subjectFields(root)
            .filter(([t]) => t === 'O')
            .map(([, v]) => v ?? ''),
        );
    }
    return names;
  }

  /** Runs `operation` after any other on the same identity has finished. */
  async #exclusive<T>(identity: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(identity) ?? Promise.resolve();
    const run = previous.then(operation, operation);
    const settled = run.catch(() => undefined);
    this.#locks.set(identity, settled);
    try {
      return await run;
    } finally {
      if (this.#locks.get(identity) === settled) this.#locks.delete(identity);
    }
  }
}

/** A self-custody identity waiting for its device, and the device's credentials are its own. */
function isOpenEnrollment(record: OnboardingRecord, credentials: { id: string; secret: string }): boolean {
  return (
    record.custody === 'self' &&
    record.revokedAt === undefined &&
    credentials.id === record.enrollmentId &&
    OnboardingStore.secretMatches(record, credentials.secret)
  );
}

/** The roles, distinct and grantable by the organisation (the chaincode's rule, checked before the CA registers). */
function grantableRoles(mspId: string, requested: readonly Role[]): Role[] {
  const roles = [...new Set(requested)].sort();
  const problem = (message: string): ProblemError =>
    new ProblemError('VALIDATION_FAILED', 'the body is not valid', { errors: [{ path: 'body.roles', message }] });
  if (roles.length !== requested.length) throw problem('roles must not repeat');
  if (!isConsortiumOrg(mspId)) throw problem(`${mspId} grants no roles`);
  const refused = roles.filter((r) => !ROLES_BY_ORG[mspId].includes(r));
  if (refused.length > 0) throw problem(`${mspId} cannot grant ${refused.join(', ')}`);
  return roles;
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return [...a].sort().join(',') === [...b].sort().join(',');
}

function enrollmentIdOf(identity: string): string {
  return identity.slice(identity.indexOf(':') + 1);
}

function statusOf(known: KnownIdentity | undefined, pending: OnboardingRecord | undefined): IdentityView['status'] {
  if (known?.status === 'REVOKED' || pending?.revokedAt !== undefined) return 'REVOKED';
  if (pending) {
    const expired = !known && pending.expiresAt !== undefined && Date.now() >= Date.parse(pending.expiresAt);
    return expired ? 'EXPIRED' : 'PENDING';
  }
  return 'ACTIVE';
}

/** An identity the registry knows (configured, or enrolled through the gateway). */
function knownView(known: KnownIdentity): IdentityView {
  return {
    identity: known.name,
    mspId: known.mspId,
    enrollmentId: enrollmentIdOf(known.name),
    custody: known.custody,
    status: known.status,
    source: known.source,
    ...(known.enrolledAt === undefined ? {} : { enrolledAt: known.enrolledAt }),
    ...(known.revokedAt === undefined ? {} : { revokedAt: known.revokedAt }),
  };
}

/** What an unfinished onboarding adds: the roles asked for, when it began. */
function pendingFacts(pending: OnboardingRecord): Pick<IdentityView, 'roles' | 'createdAt'> {
  return { roles: pending.roles, createdAt: pending.createdAt };
}

/** An identity registered at the CA that has no certificate yet (a device to enroll, or revoked before). */
function pendingView(pending: OnboardingRecord): IdentityView {
  return {
    identity: pending.identity,
    mspId: pending.mspId,
    enrollmentId: pending.enrollmentId,
    custody: pending.custody,
    status: statusOf(undefined, pending),
    source: 'enrolled',
    ...pendingFacts(pending),
    ...(pending.revokedAt === undefined ? {} : { revokedAt: pending.revokedAt }),
    ...(pending.expiresAt === undefined ? {} : { enrollmentExpiresAt: pending.expiresAt }),
  };
}

/** `Authorization: Basic base64(<id>:<secret>)`. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 1 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** A subject's attributes in order, `[type, value]` (Node renders a DN one `TYPE=value` per line). */
function subjectFields(certificatePem: string): string[][] {
  return new X509Certificate(certificatePem).subject
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
}

function spkiOf(key: ReturnType<typeof createPublicKey>): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** The CA issued the certificate for the key asked for, and it chains to the CA's certificate. */
async function checkIssued(certificatePem: string, caChainPem: string, spki: Buffer): Promise<void> {
  if (!spkiOf(createPublicKey(certificatePem)).equals(spki)) {
    throw new Error('the CA issued a certificate for another key than the CSR’s');
  }
  const chain = caChainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  for (const issuer of chain) {
    if (await verifyIssuedBy(certificatePem, `${issuer}\n`)) return;
  }
  throw new Error('the certificate the CA issued does not chain to its CA certificate');
}
