/**
 * @allianceledger/fabric-protocol — the Fabric protocol as a small library: building and decoding
 * proposals, endorsements, transactions and blocks; read/write sets; MSP identities loaded from their
 * folders; ECDSA P-256 signing (Node's crypto and @noble/curves) and verification. No LevelDB, no
 * fabric-shim, no contract code: the REST gateway's Fabric path, the explorer and devnet all use it.
 *
 * @example
 * ```ts
 * import { loadSigningIdentity, protocol } from '@allianceledger/fabric-protocol';
 * const admin = await loadSigningIdentity('organizations/…/users/Admin@org1.example.com/msp', 'Org1MSP');
 * const block = protocol.decodeBlock(bytes); // number, hashes, transactions with validation codes and events
 * ```
 */
export * as protocol from './protocol';
export * from './protocol';
export * from './rwset';
export { signMessage, type HashMode, type Identity, type Signer, type SigningIdentity } from './msp/identity';
export { privateKeyFromPem, privateKeyToPem, samePublicKey } from './msp/keys';
export { isLowSDerSignature, newMessageSigner, newPrivateKeySigner } from './msp/signer';
export { loadOrgTrust, loadSigningIdentity, type LoadedSigningIdentity, type OrgTrust } from './msp/loader';
export { clientIdOf, commonNameOf, nodeOUOf, verifyIssuedBy, verifySignature } from './msp/certificate';
export { isErrno } from './msp/errno';
