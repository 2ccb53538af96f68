import {
  MemberRecord,
  MemberStatusChangeInput,
  PartyId,
  RegisterMemberInput,
  RoleSchema,
} from '@allianceledger/contract';
import { z } from 'zod';
import { IDENTITY_NAME } from '../auth/identity-registry';
import { CRL_REASONS } from './certificate-authority';

/**
 * The identity API: onboarding (custodial or self-custody), a device's enrolment, listing, revocation.
 * Roles are the contract's (`RegisterMemberInput.roles`); reasons are the member registry's.
 */

export const IdentityName = z
  .string()
  .regex(IDENTITY_NAME, 'an identity: <MSP>:<enrollment ID>, e.g. EcommerceMSP:buyer9')
  .describe('`<MSP>:<enrollment ID>`, e.g. `EcommerceMSP:buyer9`');

export const EnrollmentIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/,
    'an enrollment ID: a letter or digit, then up to 63 letters, digits or . _ @ -',
  )
  .describe("The enrollment ID at the organisation's CA; the identity is `<caller's MSP>:<name>`");

export const Custody = z
  .enum(['custodial', 'self'])
  .describe('custodial: the gateway makes and keeps the key and signs; self: the device keeps its key and signs');

export const RegisterIdentityBody = z.strictObject({
  name: EnrollmentIdSchema,
  roles: RegisterMemberInput.shape.roles,
  custody: Custody,
});

export const IdentityParams = z.strictObject({ identity: IdentityName });

export const EnrollmentBody = z.strictObject({
  csr: z
    .string()
    .min(1, 'required')
    .max(16_384, 'at most 16384 characters')
    .describe(
      'PKCS#10 PEM (`-----BEGIN CERTIFICATE REQUEST-----`) for an ECDSA P-256 key made on the device, with ' +
        'CN = the enrollment ID',
    ),
});

export const RevocationBody = z.strictObject({
  reason: MemberStatusChangeInput.shape.reason.describe('Why: recorded on the suspended member record'),
  crlReason: z
    .enum(CRL_REASONS)
    .optional()
    .describe('The revocation reason in the CA’s CRL (RFC 5280); default unspecified'),
});

const Time = z.string().describe('ISO 8601 UTC');

export const Identity = z
  .object({
    identity: IdentityName,
    mspId: z.string(),
    enrollmentId: z.string(),
    custody: Custody,
    status: z
      .enum(['PENDING', 'EXPIRED', 'ACTIVE', 'REVOKED'])
      .describe('PENDING: onboarding not finished (a device yet to enroll); EXPIRED: its enrollment secret expired'),
    source: z
      .enum(['configured', 'enrolled'])
      .describe("configured: from the operator's connection file; enrolled: onboarded through the gateway"),
    party: PartyId.optional().describe('The chaincode’s party id, once the identity has a certificate'),
    roles: z.array(RoleSchema).optional().describe('The roles registered, while onboarding is not finished'),
    createdAt: Time.optional(),
    enrolledAt: Time.optional(),
    revokedAt: Time.optional(),
    enrollmentExpiresAt: Time.optional(),
  })
  .meta({ id: 'Identity' });

export const IdentityList = z.object({ items: z.array(Identity) }).meta({ id: 'IdentityList' });

export const IdentityDetail = Identity.extend({
  member: MemberRecord.nullable().describe('Its member record on chain; null before it is registered'),
}).meta({ id: 'IdentityDetail' });

export const IssuedApiKey = z
  .object({
    id: z.string(),
    identity: IdentityName,
    label: z.string(),
    createdAt: Time,
    key: z.string().describe('`alk_<id>_<secret>`, shown this once: the gateway keeps only its SHA-256'),
  })
  .meta({ id: 'IssuedApiKey' });

export const RegisteredIdentity = z
  .object({
    identity: Identity,
    member: MemberRecord.optional().describe('custodial: its member record, registered as the calling admin'),
    transactionId: z.string().optional(),
    apiKey: IssuedApiKey.optional().describe('custodial: its first API key'),
    enrollment: z
      .object({
        secret: z.string().describe('The one-time enrollment secret, shown this once'),
        expiresAt: Time,
        path: z.string().describe('Where the device sends its CSR, under /api/v1'),
      })
      .optional()
      .describe('self: what the device enrolls with'),
  })
  .meta({ id: 'RegisteredIdentity' });

export const EnrolledIdentity = z
  .object({
    identity: Identity,
    certificate: z.string().describe('The certificate the CA issued for the device’s key (PEM)'),
    caChain: z.string().describe('The CA’s chain (PEM)'),
    member: MemberRecord,
    transactionId: z.string().optional(),
    apiKey: IssuedApiKey,
  })
  .meta({ id: 'EnrolledIdentity' });

export const RevokedIdentity = z
  .object({
    identity: Identity,
    certificateAuthority: z.object({
      caName: z.string(),
      revokedCertificates: z.array(z.object({ serial: z.string(), aki: z.string() })),
      crl: z.string().describe("The CA's CRL (PEM): what the org's channel MSP needs (a channel config update)"),
    }),
    member: MemberRecord.nullable().describe('The suspended member record; null if it never reached the chain'),
    apiKeysRevoked: z.number().int(),
  })
  .meta({ id: 'RevokedIdentity' });
