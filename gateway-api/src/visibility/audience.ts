import { Audience, Role } from '@allianceledger/contract';
import type { Viewer } from './viewer';

/**
 * Whether `viewer` may read a chaincode event's payload. The chaincode names each event's audience
 * (the contract's `Audience`): its record's parties, members of some roles, some orgs' admins, or the whole
 * consortium; auditors read everything. A payload without an audience (another chaincode's, or one
 * that is not JSON) is shown to auditors only.
 */
export function mayReadPayload(viewer: Viewer, payload: unknown): boolean {
  // Auditors read every record in their scope (DOMAIN.md §1), so every event payload.
  if (viewer.roles.includes(Role.AUDITOR)) return true;
  const audience = audienceOf(payload);
  if (!audience) return false;
  if (audience.consortium === true) return true;
  if (audience.parties.includes(viewer.party)) return true;
  if (audience.roles?.some((r) => viewer.roles.includes(r))) return true;
  return viewer.isOrgAdmin && (audience.orgAdmins?.includes(viewer.mspId) ?? false);
}

/** The payload's audience, when it names one in the contract's shape. */
function audienceOf(payload: unknown): Audience | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const parsed = Audience.safeParse((payload as { audience?: unknown }).audience);
  return parsed.success ? parsed.data : undefined;
}
