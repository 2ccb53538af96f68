import type { Principal } from '../auth/principal';
import { ProblemError } from '../http/problem';
import type { Viewer, ViewerDirectory } from '../visibility/viewer';

/**
 * The caller, when it is an administrator of `mspId`, as the chaincode decides it (its certificate has the
 * admin NodeOU, in the same MSP: `members:WhoAmI`, cached by the viewer directory); ORG_ADMIN_REQUIRED
 * otherwise. The one admin check of the identity and API key operations.
 */
export async function requireOrgAdmin(viewers: ViewerDirectory, principal: Principal, mspId: string): Promise<Viewer> {
  const viewer = await viewers.viewerOf(principal);
  if (viewer.isOrgAdmin && viewer.mspId === mspId) return viewer;
  throw new ProblemError(
    'ORG_ADMIN_REQUIRED',
    viewer.isOrgAdmin
      ? `${principal.identity} administers ${viewer.mspId}, not ${mspId}`
      : `${principal.identity} is not an administrator of ${mspId}`,
  );
}

/** The organisation of an identity name, `<MSP>:<user>`. */
export function mspOf(identity: string): string {
  return identity.slice(0, identity.indexOf(':'));
}
