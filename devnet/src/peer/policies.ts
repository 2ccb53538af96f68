/** Fabric policies as protobufs: the signature policies `OR('Org.role', ...)` compiles to, and implicit meta policies. */
import { common, msp } from '@hyperledger/fabric-protos';

/** An MSP principal of a signature policy, e.g. `'EcommerceMSP.member'`. */
export interface RolePrincipal {
  readonly mspId: string;
  readonly role: 'member' | 'admin' | 'client' | 'peer';
}

const ROLES = { member: 0, admin: 1, client: 2, peer: 3 } as const;

/** The SignaturePolicyEnvelope of `OR(principals...)`: one signed-by rule per principal, one of them enough. */
export function anyOfPolicy(principals: readonly RolePrincipal[]): common.SignaturePolicyEnvelope {
  const identities = principals.map((p) => {
    const role = new msp.MSPRole();
    role.setMspIdentifier(p.mspId);
    role.setRole(ROLES[p.role]);
    const principal = new msp.MSPPrincipal();
    principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
    principal.setPrincipal(role.serializeBinary());
    return principal;
  });
  const outOf = new common.SignaturePolicy.NOutOf();
  outOf.setN(1);
  outOf.setRulesList(
    principals.map((_p, index) => {
      const rule = new common.SignaturePolicy();
      rule.setSignedBy(index);
      return rule;
    }),
  );
  const rule = new common.SignaturePolicy();
  rule.setNOutOf(outOf);
  const envelope = new common.SignaturePolicyEnvelope();
  envelope.setVersion(0);
  envelope.setRule(rule);
  envelope.setIdentitiesList(identities);
  return envelope;
}

/** A common.Policy of type SIGNATURE holding `OR(principals...)`. */
export function signaturePolicy(principals: readonly RolePrincipal[]): common.Policy {
  const policy = new common.Policy();
  policy.setType(common.Policy.PolicyType.SIGNATURE);
  policy.setValue(anyOfPolicy(principals).serializeBinary());
  return policy;
}

/** A common.Policy of type IMPLICIT_META, e.g. `ANY Readers` or `MAJORITY Endorsement`. */
export function implicitMetaPolicy(rule: 'ANY' | 'ALL' | 'MAJORITY', subPolicy: string): common.Policy {
  const meta = new common.ImplicitMetaPolicy();
  meta.setRule(common.ImplicitMetaPolicy.Rule[rule]);
  meta.setSubPolicy(subPolicy);
  const policy = new common.Policy();
  policy.setType(common.Policy.PolicyType.IMPLICIT_META);
  policy.setValue(meta.serializeBinary());
  return policy;
}
