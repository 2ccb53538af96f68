/**
 * Membership service provider for devnet: cryptogen-style CAs and MSP folders. Loading identities,
 * signing and checking signatures are the Fabric protocol package's, re-exported here for devnet's own use.
 */
export {
  commonNameOf,
  loadOrgTrust,
  loadSigningIdentity,
  newMessageSigner,
  newPrivateKeySigner,
  nodeOUOf,
  privateKeyFromPem,
  privateKeyToPem,
  signMessage,
  verifyIssuedBy,
  verifySignature,
  type HashMode,
  type Identity,
  type LoadedSigningIdentity,
  type OrgTrust,
  type Signer,
  type SigningIdentity,
} from '@allianceledger/fabric-protocol';
export {
  createCertificateAuthority,
  enrollmentIdOf,
  FABRIC_ATTRIBUTES_OID,
  issueCertificate,
  type CertificateAuthority,
  type CertificateRequest,
  type IssuedCertificate,
  type NodeOU,
} from './ca';
export {
  loadCertificateAuthority,
  nodeOUsConfigYaml,
  orgDir,
  orgMspDir,
  peerMspDir,
  userMspDir,
  writeOrganization,
  type OrgSpec,
  type UserSpec,
  type WrittenOrganization,
  type WrittenUser,
} from './layout';
