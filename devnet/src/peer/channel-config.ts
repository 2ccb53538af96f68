/**
 * devnet's channel as a Fabric channel configuration (common.Config), in the shape configtxgen writes for
 * an application channel: the member organisations' MSPs with NodeOUs and their Readers/Writers/Admins/
 * Endorsement policies, the channel's implicit meta policies and V2_5 application capabilities, and an
 * orderer section describing devnet's block cutter. `cscc GetChannelConfig` answers with it.
 */
import { common, msp, orderer } from '@hyperledger/fabric-protos';
import type { BatchOptions } from '../orderer/block-cutter';
import { pbMap, type PbMap } from '../protocol/pb-map';
import { implicitMetaPolicy, signaturePolicy, type RolePrincipal } from './policies';

export interface ChannelOrganization {
  readonly mspId: string;
  /** The organisation CA's PEM certificates (MSP root and, on devnet, TLS root). */
  readonly rootCertificatesPem: readonly string[];
}

export interface ChannelConfigOptions {
  readonly organizations: readonly ChannelOrganization[];
  readonly batch: BatchOptions;
}

const ADMINS = 'Admins';

export function channelConfig(options: Readonly<ChannelConfigOptions>): common.Config {
  const application = group(
    {
      Capabilities: capabilities('V2_5'),
    },
    {
      Readers: implicitMetaPolicy('ANY', 'Readers'),
      Writers: implicitMetaPolicy('ANY', 'Writers'),
      Admins: implicitMetaPolicy('MAJORITY', 'Admins'),
      Endorsement: implicitMetaPolicy('MAJORITY', 'Endorsement'),
      LifecycleEndorsement: implicitMetaPolicy('MAJORITY', 'Endorsement'),
    },
  );
  for (const org of options.organizations) groupsOf(application).set(org.mspId, organizationGroup(org));

  const consensus = new orderer.ConsensusType();
  consensus.setType('solo');
  const batchSize = new orderer.BatchSize();
  batchSize.setMaxMessageCount(options.batch.maxMessageCount);
  batchSize.setAbsoluteMaxBytes(99 * 1024 * 1024);
  batchSize.setPreferredMaxBytes(512 * 1024);
  const batchTimeout = new orderer.BatchTimeout();
  batchTimeout.setTimeout(`${options.batch.batchTimeoutMs}ms`);
  const ordererGroup = group(
    {
      ConsensusType: consensus,
      BatchSize: batchSize,
      BatchTimeout: batchTimeout,
      ChannelRestrictions: new orderer.ChannelRestrictions(),
      Capabilities: capabilities('V2_0'),
    },
    {
      Readers: implicitMetaPolicy('ANY', 'Readers'),
      Writers: implicitMetaPolicy('ANY', 'Writers'),
      Admins: implicitMetaPolicy('MAJORITY', 'Admins'),
      BlockValidation: implicitMetaPolicy('ANY', 'Writers'),
    },
  );

  const hashing = new common.HashingAlgorithm();
  hashing.setName('SHA256');
  const dataHashing = new common.BlockDataHashingStructure();
  dataHashing.setWidth(4294967295);
  const channel = group(
    {
      HashingAlgorithm: hashing,
      BlockDataHashingStructure: dataHashing,
      OrdererAddresses: new common.OrdererAddresses(),
      Capabilities: capabilities('V2_0'),
    },
    {
      Readers: implicitMetaPolicy('ANY', 'Readers'),
      Writers: implicitMetaPolicy('ANY', 'Writers'),
      Admins: implicitMetaPolicy('MAJORITY', 'Admins'),
    },
  );
  groupsOf(channel).set('Application', application);
  groupsOf(channel).set('Orderer', ordererGroup);

  const config = new common.Config();
  config.setSequence(0);
  config.setChannelGroup(channel);
  return config;
}

function organizationGroup(org: ChannelOrganization): common.ConfigGroup {
  const role = (r: RolePrincipal['role']): RolePrincipal => ({ mspId: org.mspId, role: r });
  return group(
    { MSP: mspConfig(org) },
    {
      Readers: signaturePolicy([role('admin'), role('peer'), role('client')]),
      Writers: signaturePolicy([role('admin'), role('client')]),
      Admins: signaturePolicy([role('admin')]),
      Endorsement: signaturePolicy([role('peer')]),
    },
  );
}

/** The organisation's verifying MSP as cryptogen's folder describes it: root CA and NodeOUs. */
function mspConfig(org: ChannelOrganization): msp.MSPConfig {
  const certs = org.rootCertificatesPem.map((pem) => Buffer.from(pem, 'utf8'));
  const crypto = new msp.FabricCryptoConfig();
  crypto.setSignatureHashFamily('SHA2');
  crypto.setIdentityIdentifierHashFunction('SHA256');
  const ou = (name: string): msp.FabricOUIdentifier => {
    const id = new msp.FabricOUIdentifier();
    if (certs[0]) id.setCertificate(certs[0]);
    id.setOrganizationalUnitIdentifier(name);
    return id;
  };
  const nodeOUs = new msp.FabricNodeOUs();
  nodeOUs.setEnable(true);
  nodeOUs.setClientOuIdentifier(ou('client'));
  nodeOUs.setPeerOuIdentifier(ou('peer'));
  nodeOUs.setAdminOuIdentifier(ou('admin'));
  nodeOUs.setOrdererOuIdentifier(ou('orderer'));
  const fabric = new msp.FabricMSPConfig();
  fabric.setName(org.mspId);
  fabric.setRootCertsList(certs);
  fabric.setTlsRootCertsList(certs);
  fabric.setCryptoConfig(crypto);
  fabric.setFabricNodeOus(nodeOUs);
  const result = new msp.MSPConfig();
  result.setType(0); // FABRIC
  result.setConfig(fabric.serializeBinary());
  return result;
}

function capabilities(...names: string[]): common.Capabilities {
  const result = new common.Capabilities();
  const map = pbMap<string, common.Capability>(result.getCapabilitiesMap());
  for (const name of names) map.set(name, new common.Capability());
  return result;
}

/** A ConfigGroup whose values and policies are all modified by Admins, as configtxgen writes them. */
function group(
  values: Readonly<Record<string, { serializeBinary(): Uint8Array }>>,
  policies: Readonly<Record<string, common.Policy>>,
): common.ConfigGroup {
  const result = new common.ConfigGroup();
  result.setModPolicy(ADMINS);
  for (const [name, value] of Object.entries(values)) {
    const configValue = new common.ConfigValue();
    configValue.setValue(value.serializeBinary());
    configValue.setModPolicy(ADMINS);
    pbMap<string, common.ConfigValue>(result.getValuesMap()).set(name, configValue);
  }
  for (const [name, policy] of Object.entries(policies)) {
    const configPolicy = new common.ConfigPolicy();
    configPolicy.setPolicy(policy);
    configPolicy.setModPolicy(ADMINS);
    pbMap<string, common.ConfigPolicy>(result.getPoliciesMap()).set(name, configPolicy);
  }
  return result;
}

function groupsOf(group: common.ConfigGroup): PbMap<string, common.ConfigGroup> {
  return pbMap<string, common.ConfigGroup>(group.getGroupsMap());
}
