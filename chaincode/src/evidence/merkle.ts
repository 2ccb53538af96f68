/**
 * Merkle batches of evidence: the algorithm lives in the contract package (`@allianceledger/contract`'s
 * `merkle.ts`), stated once for the chaincode, the gateway's clients and the explorer in the browser.
 */
export { merkleLeaf, merkleNode, merkleProof, merkleRoot, verifyMerkleProof } from '@allianceledger/contract';
export type { MerkleProof, MerkleStep } from '@allianceledger/contract';
