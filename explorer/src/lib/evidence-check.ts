import { verifyMerkleProof } from '@allianceledger/contract/merkle';
import type { MerkleStep } from '@allianceledger/contract';
import { sha256Hex } from './hex';

/** The SHA-256 of a file, computed here: the file never leaves the browser. */
export async function fileDigest(file: Blob): Promise<string> {
  return sha256Hex(await file.arrayBuffer());
}

/** A batched hash's proof, as `GET /api/v1/evidence/{hash}/proof` answers it. */
export interface ProofAnswer {
  readonly leaf: string;
  readonly root: string;
  readonly steps: readonly MerkleStep[];
}

/**
 * Checks a Merkle proof here, with the contract's own `verifyMerkleProof` (RFC 6962 hashing, odd node
 * promoted), against the root the verification says was anchored on chain.
 */
export function checkProof(digest: string, proof: ProofAnswer, anchoredRoot: string): boolean {
  return proof.leaf === digest && proof.root === anchoredRoot && verifyMerkleProof(digest, proof.steps, anchoredRoot);
}
