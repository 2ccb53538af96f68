/**
 * Private data collection definitions, read from the same JSON that `peer lifecycle chaincode
 * approveformyorg --collections-config` takes, so the chaincode ships one file for devnet and Fabric.
 */
export interface CollectionConfigJson {
  readonly name: string;
  readonly policy: string;
  readonly requiredPeerCount?: number;
  readonly maxPeerCount?: number;
  readonly blockToLive?: number;
  readonly memberOnlyRead?: boolean;
  readonly memberOnlyWrite?: boolean;
}

export interface Collection {
  readonly name: string;
  readonly memberOrgs: ReadonlySet<string>;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
  readonly blockToLive: number;
}

/**
 * Parses the signature policies devnet understands: `OR('A.member', 'B.member', ...)` or a single
 * principal. Any role (member, peer, client, admin) counts as membership of that MSP.
 */
export function parseMemberOrgs(policy: string): Set<string> {
  const trimmed = policy.trim();
  const inner = /^OR\((.*)\)$/s.exec(trimmed)?.[1] ?? trimmed;
  const orgs = new Set<string>();
  for (const part of inner.split(',')) {
    const m = /^\s*'([^'.]+)\.(member|peer|client|admin)'\s*$/.exec(part);
    if (!m?.[1]) {
      throw new Error(`unsupported collection policy "${policy}": devnet supports OR('Org.member', ...)`);
    }
    orgs.add(m[1]);
  }
  return orgs;
}

export function parseCollections(configs: readonly CollectionConfigJson[]): Map<string, Collection> {
  const out = new Map<string, Collection>();
  for (const c of configs) {
    if (out.has(c.name)) throw new Error(`collection "${c.name}" is defined twice`);
    out.set(c.name, {
      name: c.name,
      memberOrgs: parseMemberOrgs(c.policy),
      memberOnlyRead: c.memberOnlyRead ?? false,
      memberOnlyWrite: c.memberOnlyWrite ?? false,
      blockToLive: c.blockToLive ?? 0,
    });
  }
  return out;
}
