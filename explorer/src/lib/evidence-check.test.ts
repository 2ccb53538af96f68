import { createHash } from 'node:crypto';
import { merkleProof } from '@allianceledger/contract/merkle';
import { checkProof, fileDigest } from './evidence-check';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe("the explorer's evidence check (what runs in the browser)", () => {
  it('hashes a file as sha256sum does', async () => {
    expect(await fileDigest(new Blob(['abc']))).toBe(sha('abc'));
  });

  it("checks a batched hash's proof against the root on chain, with the contract's algorithm", () => {
    const leaves = [1, 2, 3, 4, 5].map((i) => sha(`document ${i}`));
    const proof = merkleProof(leaves, 2);
    expect(checkProof(leaves[2]!, proof, proof.root)).toBe(true);
    expect(checkProof(leaves[3]!, proof, proof.root)).toBe(false);
    expect(checkProof(leaves[2]!, proof, sha('another root'))).toBe(false);
    const forged = { ...proof, steps: proof.steps.map((s, i) => (i === 0 ? { ...s, hash: sha(s.hash) } : s)) };
    expect(checkProof(leaves[2]!, forged, proof.root)).toBe(false);
  });
});
