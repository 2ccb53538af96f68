import { peer } from '@hyperledger/fabric-protos';
import { anyOfPolicy, type RolePrincipal } from './policies';

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
  /** The member policy's principals in the order written, for the collection's definition on the channel. */
  readonly principals: readonly RolePrincipal[];
  readonly requiredPeerCount: number;
  readonly maxPeerCount: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
  readonly blockToLive: number;
}

/**
 * Parses the signature policies devnet understands: `OR('A.member', 'B.member', ...)` or a single
 * principal. Any role (member, peer, client, admin) counts as membership of that MSP.
 */
export function parseMemberOrgs(policy: string): Set<string> {
  return new Set(parsePrincipals(policy).map((p) => p.mspId));
}

function parsePrincipals(policy: string): RolePrincipal[] {
  const trimmed = policy.trim();
  const inner = /^OR\((.*)\)$/s.exec(trimmed)?.[1] ?? trimmed;
  return inner.split(',').map((part) => {
    const m = /^\s*'([^'.]+)\.(member|peer|client|admin)'\s*$/.exec(part);
    if (!m?.[1] || !m[2]) {
      throw new Error(`unsupported collection policy "${policy}": devnet supports OR('Org.member', ...)`);
    }
    return { mspId: m[1], role: m[2] as RolePrincipal['role'] };
  });
}

export function parseCollections(configs: readonly CollectionConfigJson[]): Map<string, Collection> {
  const out = new Map<string, Collection>();
  for (const c of configs) {
    if (out.has(c.name)) throw new Error(`collection "${c.name}" is defined twice`);
    const principals = parsePrincipals(c.policy);
    out.set(c.name, {
      name: c.name,
      memberOrgs: new Set(principals.map((p) => p.mspId)),
      principals,
      requiredPeerCount: c.requiredPeerCount ?? 0,
      maxPeerCount: c.maxPeerCount ?? 0,
      memberOnlyRead: c.memberOnlyRead ?? false,
      memberOnlyWrite: c.memberOnlyWrite ?? false,
      blockToLive: c.blockToLive ?? 0,
    });
  }
  return out;
}

/**
 * The collections as Fabric records them in a chaincode definition (peer.CollectionConfigPackage), with
 * each member policy as the signature policy `OR(...)` compiles to.
 */
export function collectionConfigPackage(collections: Iterable<Collection>): peer.CollectionConfigPackage {
  const configs = [...collections].map((c) => {
    const policy = new peer.CollectionPolicyConfig();
    policy.setSignaturePolicy(anyOfPolicy(c.principals));
    const staticConfig = new peer.StaticCollectionConfig();
    staticConfig.setName(c.name);
    staticConfig.setMemberOrgsPolicy(policy);
    staticConfig.setRequiredPeerCount(c.requiredPeerCount);
    staticConfig.setMaximumPeerCount(c.maxPeerCount);
    staticConfig.setBlockToLive(c.blockToLive);
    staticConfig.setMemberOnlyRead(c.memberOnlyRead);
    staticConfig.setMemberOnlyWrite(c.memberOnlyWrite);
    const config = new peer.CollectionConfig();
    config.setStaticCollectionConfig(staticConfig);
    return config;
  });
  const result = new peer.CollectionConfigPackage();
  result.setConfigList(configs);
  return result;
}
