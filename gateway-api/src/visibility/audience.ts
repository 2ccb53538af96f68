import type { Audience } from '@allianceledger/chaincode';
import type { Viewer } from './viewer';

/** Auditors read every record in their scope (DOMAIN.md §1), so every event payload. */
const AUDITOR = 'auditor';

/**
 * Whether `viewer` may read a chaincode event's payload. The chaincode names each event's audience
 * (lib/events.ts): its record's parties, members of some roles, some orgs' admins, or the whole
 * consortium; auditors read everything. A payload without an audience (another chaincode's, or one
 * that is not JSON) is shown to auditors only.
 */
export function mayReadPayload(viewer: Viewer, payload: unknown): boolean {
  if (viewer.roles.includes(AUDITOR)) return true;
  const audience = audienceOf(payload);
  if (!audience) return false;
  if (audience.consortium === true) return true;
  if (audience.parties.includes(viewer.party)) return true;
  if (audience.roles?.some((r) => viewer.roles.includes(r))) return true;
  return viewer.isOrgAdmin && (audience.orgAdmins?.includes(viewer.mspId) ?? false);
}

function audienceOf(payload: unknown): Audience | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const a = (payload as { audience?: unknown }).audience;
  if (typeof a !== 'object' || a === null) return undefined;
  const { parties } = a as { parties?: unknown };
  if (!Array.isArray(parties) || !parties.every((p) => typeof p === 'string')) return undefined;
  return a as Audience;
}
