/** Membership service provider for devnet: cryptogen-style CAs and MSP folders, identities and signature checks. */
export { signMessage, type HashMode, type Identity, type Signer, type SigningIdentity } from './identity';
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
export { privateKeyFromPem, privateKeyToPem } from './keys';
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
export { loadOrgTrust, loadSigningIdentity, type LoadedSigningIdentity, type OrgTrust } from './loader';
export { newMessageSigner, newPrivateKeySigner } from './signer';
export { commonNameOf, nodeOUOf, verifyIssuedBy, verifySignature } from './certificate';
export { decodeDerSignature, encodeDerSignature, isLowS, normalizeLowS, P256_HALF_ORDER, P256_ORDER } from './ecdsa';
