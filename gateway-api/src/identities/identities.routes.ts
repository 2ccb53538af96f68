import { segment } from '../common/location';
import { gatewayRoute, type Route } from '../http/route';
import { ProblemError, type ProblemCode } from '../http/problem';
import {
  EnrolledIdentity,
  EnrollmentBody,
  IdentityDetail,
  IdentityList,
  IdentityParams,
  RegisteredIdentity,
  RegisterIdentityBody,
  RevocationBody,
  RevokedIdentity,
} from './identities.schemas';

const tags = ['identities'];

/** Problems every administrator operation may answer besides its own. */
const ADMIN: readonly ProblemCode[] = ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'ORG_ADMIN_REQUIRED', 'FORBIDDEN'];
/** A call to the organisation's CA. */
const CA: readonly ProblemCode[] = ['CERTIFICATE_AUTHORITY_REFUSED', 'CERTIFICATE_AUTHORITY_UNAVAILABLE'];
/** A transaction on the member registry. */
const LEDGER: readonly ProblemCode[] = ['LEDGER_UNAVAILABLE', 'TRANSACTION_INVALIDATED'];

/**
 * Identities of an organisation (docs/identity.md): onboarding through its Fabric CA, custodial or
 * self-custody, a device's enrolment with its own CSR, and revocation (CA, chain, gateway).
 */
export const identityRoutes: readonly Route[] = [
  gatewayRoute({
    kind: 'gateway',
    method: 'post',
    path: '/identities',
    operationId: 'registerIdentity',
    summary: "Onboard an identity of the caller's organisation (its administrators)",
    description:
      "Registers `name` at the organisation's Fabric CA with the attribute `role=<roles>:ecert`. " +
      '**custodial**: the gateway enrolls it at once with a P-256 key it makes and keeps, registers the member ' +
      'on chain (`members:RegisterMember`, as the calling administrator) and answers its first API key, shown ' +
      'once. **self**: answers a one-time enrollment secret (shown once, kept only hashed, valid ' +
      'GATEWAY_ENROLLMENT_SECRET_TTL_SECONDS) for the device, which then sends its CSR to ' +
      '`POST /identities/{identity}/enrollment`. A name registered already is 409 IDENTITY_EXISTS; repeating a ' +
      'custodial request that failed half-way (e.g. 503) resumes it. `Idempotency-Key` does not apply.',
    tags,
    body: RegisterIdentityBody,
    successStatus: 201,
    response: RegisteredIdentity,
    problems: [...ADMIN, 'IDENTITY_EXISTS', ...CA, ...LEDGER],
    handle: ({ principal, body, services }) => services.onboarding.register(principal, body),
    location: ({ principal, body }) => `/identities/${segment(`${mspPrefix(principal.identity)}:${body.name}`)}`,
  }),
  gatewayRoute({
    kind: 'gateway',
    method: 'get',
    path: '/identities',
    operationId: 'listIdentities',
    summary: "The caller's organisation's identities (its administrators)",
    description: "Configured (the operator's connection file) and enrolled ones, with custody and status; never a key.",
    tags,
    successStatus: 200,
    response: IdentityList,
    problems: ADMIN,
    handle: async ({ principal, services }) => ({ items: await services.onboarding.list(principal) }),
  }),
  gatewayRoute({
    kind: 'gateway',
    method: 'get',
    path: '/identities/:identity',
    operationId: 'getIdentity',
    summary: 'An identity and its member record (its organisation’s administrators)',
    tags,
    params: IdentityParams,
    successStatus: 200,
    response: IdentityDetail,
    problems: [...ADMIN, 'IDENTITY_NOT_FOUND'],
    handle: ({ principal, params, services }) => services.onboarding.get(principal, params.identity),
  }),
  gatewayRoute({
    kind: 'gateway',
    method: 'post',
    path: '/identities/:identity/enrollment',
    operationId: 'enrollIdentity',
    summary: "A self-custody identity's device enrolls with its own CSR (enrollment secret)",
    description:
      'Authenticated by the one-time enrollment secret, `Authorization: Basic base64(<enrollment ID>:<secret>)` ' +
      '(no API key exists yet). The CSR (PEM, ECDSA P-256, CN = the enrollment ID, no other organisation in ' +
      "its subject) goes to the organisation's CA; the gateway keeps only the certificate, registers the " +
      'member on chain as the administrator who registered the identity, and answers the certificate, the ' +
      'CA chain and a first API key (shown once). The private key never reaches the gateway. Repeating it ' +
      'with the same secret and key after a failure (e.g. 503) resumes it.',
    tags,
    params: IdentityParams,
    body: EnrollmentBody,
    successStatus: 201,
    response: EnrolledIdentity,
    authentication: 'enrollment-secret',
    problems: [
      'VALIDATION_FAILED',
      'CSR_INVALID',
      'CSR_KEY_NOT_ACCEPTED',
      'CSR_SUBJECT_MISMATCH',
      'ENROLLMENT_SECRET_INVALID',
      'IDENTITY_EXISTS',
      'ENROLLMENT_REFUSED',
      'ENROLLMENT_EXPIRED',
      ...CA,
      ...LEDGER,
    ],
    handle: ({ enrollment, body, services }) => {
      if (!enrollment) throw new ProblemError('ENROLLMENT_SECRET_INVALID');
      return services.onboarding.enroll(enrollment, body.csr);
    },
  }),
  gatewayRoute({
    kind: 'gateway',
    method: 'post',
    path: '/identities/:identity/revocation',
    operationId: 'revokeIdentity',
    summary: 'Revoke an identity: CA, chain and gateway (its organisation’s administrators)',
    description:
      'The gateway refuses the identity and revokes its API keys at once (its credentials then answer 403); ' +
      'its CA revokes its certificates and regenerates the CRL (answered: the organisation puts it in its ' +
      'channel MSP with a channel config update, docs/identity.md); its member record is suspended on chain ' +
      '(`members:SuspendMember`, as the caller). Identities of the connection file are revoked by the ' +
      'operator (409 IDENTITY_NOT_MANAGED). Repeating it completes what a failed attempt left undone.',
    tags,
    params: IdentityParams,
    body: RevocationBody,
    successStatus: 200,
    response: RevokedIdentity,
    problems: [...ADMIN, 'IDENTITY_NOT_FOUND', 'IDENTITY_NOT_MANAGED', ...CA, ...LEDGER],
    handle: ({ principal, params, body, services }) => services.onboarding.revoke(principal, params.identity, body),
  }),
];

function mspPrefix(identity: string): string {
  return identity.slice(0, identity.indexOf(':'));
}
