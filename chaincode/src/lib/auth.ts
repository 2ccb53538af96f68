import { X509Certificate } from 'node:crypto';
import { isConsortiumOrg, type Caller, type Role } from '@allianceledger/contract';
import { findMember, type MemberRecord } from '../members/member.store';
import type { AllianceContext } from './context';
import { ChaincodeError, ErrorCode } from './errors';
import { partyId, type PartyId } from './party';

/**
 * The one authorization module. Who the caller is comes from its certificate (`ctx.clientIdentity`);
 * what it may do comes from the on-chain member registry. Never from an argument.
 */

/** The transaction's creator, as its certificate says (the contract's `Caller`). */
export type { Caller };

/** An authorized caller and its member record (undefined for org admins and `anyone` grants). */
export interface Actor {
  readonly caller: Caller;
  readonly member: MemberRecord | undefined;
}

/**
 * One way to be allowed. A transaction lists its grants; the caller needs any one of them.
 * - `role`: an ACTIVE member with the role — optionally exactly `party` (ownership) and of org `mspId`;
 * - `orgAdmin`: the admin (NodeOU admin cert) of `mspId`, or of any consortium org;
 * - `member`: any ACTIVE member — optionally exactly `party`;
 * - `anyone`: any identity the channel accepted.
 */
export type Grant =
  | { readonly kind: 'role'; readonly role: Role; readonly party?: PartyId; readonly mspId?: string }
  | { readonly kind: 'orgAdmin'; readonly mspId?: string }
  | { readonly kind: 'member'; readonly party?: PartyId }
  | { readonly kind: 'anyone' };

/** Grant builders. */
export const grant = {
  role: (role: Role, scope: { readonly party?: PartyId; readonly mspId?: string } = {}): Grant => ({
    kind: 'role',
    role,
    ...scope,
  }),
  orgAdmin: (mspId?: string): Grant => (mspId === undefined ? { kind: 'orgAdmin' } : { kind: 'orgAdmin', mspId }),
  member: (party?: PartyId): Grant => (party === undefined ? { kind: 'member' } : { kind: 'member', party }),
  anyone: { kind: 'anyone' } as Grant,
};

/** The caller's identity, parsed once per transaction. */
export function callerOf(ctx: AllianceContext): Caller {
  return ctx.memo('auth:caller', () => {
    const mspId = ctx.clientIdentity.getMSPID();
    const id = ctx.clientIdentity.getID();
    return { party: partyId(mspId, id), mspId, id, isOrgAdmin: subjectHasAdminOU(ctx.clientIdentity.getIDBytes()) };
  });
}

/** The caller's member record (read once per transaction), or undefined. */
export function callerMember(ctx: AllianceContext): Promise<MemberRecord | undefined> {
  return ctx.memo('auth:member', () => findMember(ctx, callerOf(ctx).party));
}

/**
 * Checks the caller against `grants` and returns it; FORBIDDEN when none applies.
 *
 * @example
 * ```ts
 * await authorize(ctx, 'ConfirmReceipt', [grant.role(Role.BUYER, { party: settlement.buyer })]);
 * ```
 */
export async function authorize(ctx: AllianceContext, action: string, grants: readonly Grant[]): Promise<Actor> {
  const actor = await actorOf(ctx, grants);
  if (actor) return actor;
  throw new ChaincodeError(ErrorCode.FORBIDDEN, `caller may not ${action}`, { action, caller: callerOf(ctx).party });
}

/** Whether one of `grants` lets the caller in — for a view that shows some fields only to some readers. */
export async function permits(ctx: AllianceContext, grants: readonly Grant[]): Promise<boolean> {
  return (await actorOf(ctx, grants)) !== undefined;
}

async function actorOf(ctx: AllianceContext, grants: readonly Grant[]): Promise<Actor | undefined> {
  const caller = callerOf(ctx);
  for (const g of grants) {
    const actor = await allowedBy(ctx, caller, g);
    if (actor) return actor;
  }
  return undefined;
}

/** The actor when `g` lets the caller in, else undefined. */
async function allowedBy(ctx: AllianceContext, caller: Caller, g: Grant): Promise<Actor | undefined> {
  switch (g.kind) {
    case 'anyone':
      return { caller, member: await callerMember(ctx) };
    case 'orgAdmin':
      return caller.isOrgAdmin && isConsortiumOrg(caller.mspId) && fits(g.mspId, caller.mspId)
        ? { caller, member: undefined }
        : undefined;
    case 'member': {
      const member = await activeMember(ctx);
      return member && fits(g.party, caller.party) ? { caller, member } : undefined;
    }
    case 'role':
      return roleAllows(ctx, caller, g);
  }
}

/** An ACTIVE member with the role, of the grant's party and org when it names them. */
async function roleAllows(
  ctx: AllianceContext,
  caller: Caller,
  g: Extract<Grant, { kind: 'role' }>,
): Promise<Actor | undefined> {
  const member = await activeMember(ctx);
  const ok = member?.roles.includes(g.role) && fits(g.party, caller.party) && fits(g.mspId, caller.mspId);
  return ok ? { caller, member } : undefined;
}

/** A grant's optional scope fits when absent or equal. */
function fits(scope: string | undefined, actual: string): boolean {
  return scope === undefined || scope === actual;
}

async function activeMember(ctx: AllianceContext): Promise<MemberRecord | undefined> {
  const member = await callerMember(ctx);
  return member?.status === 'ACTIVE' ? member : undefined;
}

/**
 * Whether the certificate's subject carries `OU=admin`, Fabric's NodeOU for org administrators. The
 * peer has already validated the certificate against the org's MSP (and its NodeOU identifiers) before
 * the chaincode runs, so the OU can be trusted here. Parsed from the certificate (Node's
 * `X509Certificate`), not from the getID() string, where a crafted CN could imitate an OU: the subject
 * lists one attribute per line (a multi-valued RDN joins its values with ` + `), and OpenSSL escapes
 * control characters and separators inside values, so a CN never starts a line of its own.
 */
export function subjectHasAdminOU(certificatePem: string | Uint8Array): boolean {
  // Parsing a certificate was about a tenth of a payment's CPU in the chaincode: the answer is a pure
  // function of the certificate's bytes, so it is kept per certificate (bounded; the oldest goes first).
  const key = typeof certificatePem === 'string' ? certificatePem : Buffer.from(certificatePem).toString('latin1');
  const known = adminOUByCertificate.get(key);
  if (known !== undefined) return known;
  const subject = new X509Certificate(Buffer.from(certificatePem)).subject;
  const isAdmin = subject
    .split('\n')
    .flatMap((rdn) => rdn.split(' + '))
    .some((attribute) => attribute === 'OU=admin');
  const oldest = adminOUByCertificate.keys().next();
  if (adminOUByCertificate.size >= ADMIN_OU_CACHE_SIZE && oldest.done !== true) {
    adminOUByCertificate.delete(oldest.value);
  }
  adminOUByCertificate.set(key, isAdmin);
  return isAdmin;
}

/** Certificates whose admin OU is remembered at most. */
const ADMIN_OU_CACHE_SIZE = 1000;
const adminOUByCertificate = new Map<string, boolean>();
