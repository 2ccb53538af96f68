import { createHash } from 'node:crypto';
import { merkleLeaf, merkleNode, merkleProof, merkleRoot, verifyMerkleProof } from './merkle';
import type { MerkleStep } from './evidence';

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const digests = (n: number): string[] => Array.from({ length: n }, (_, i) => sha(`document ${i}`));

/** RFC 6962 §2.1 Merkle Tree Hash, written recursively and independently of merkle.ts. */
function rfc6962(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 1)
    return createHash('sha256')
      .update(Buffer.concat([Buffer.from([0]), leaves[0]!]))
      .digest();
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from([1]), rfc6962(leaves.slice(0, k)), rfc6962(leaves.slice(k))]))
    .digest();
}

describe('Merkle batches (RFC 6962 hashing, odd node promoted)', () => {
  it('computes RFC 6962 Merkle Tree Hash over the document digests, for 1 to 33 leaves', () => {
    for (let n = 1; n <= 33; n++) {
      const d = digests(n);
      expect({ n, root: merkleRoot(d) }).toEqual({
        n,
        root: rfc6962(d.map((h) => Buffer.from(h, 'hex'))).toString('hex'),
      });
    }
  });

  it('separates leaves from nodes and promotes an odd node instead of duplicating it', () => {
    const [a, b, c] = digests(3) as [string, string, string];
    expect(merkleRoot([a])).toBe(Buffer.from(merkleLeaf(a)).toString('hex'));
    expect(Buffer.from(merkleLeaf(a)).toString('hex')).toBe(
      sha(Buffer.concat([Buffer.from([0]), Buffer.from(a, 'hex')])),
    );
    const ab = merkleNode(merkleLeaf(a), merkleLeaf(b));
    expect(merkleRoot([a, b, c])).toBe(Buffer.from(merkleNode(ab, merkleLeaf(c))).toString('hex'));
    // Duplicating the odd node would give [a, b, c] and [a, b, c, c] the same root.
    expect(merkleRoot([a, b, c])).not.toBe(merkleRoot([a, b, c, c]));
    // Order matters: leaves stay in the order given.
    expect(merkleRoot([b, a])).not.toBe(merkleRoot([a, b]));
  });

  it('gives every leaf of trees of 1 to 33 leaves a proof that verifies offline', () => {
    for (let n = 1; n <= 33; n++) {
      const d = digests(n);
      const root = merkleRoot(d);
      for (let i = 0; i < n; i++) {
        const proof = merkleProof(d, i);
        expect(proof).toMatchObject({ leaf: d[i], index: i, leafCount: n, root });
        expect(proof.steps.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(verifyMerkleProof(d[i]!, proof.steps, root)).toBe(true);
      }
    }
  });

  it('refuses a tampered leaf, proof step, side, order or root', () => {
    const d = digests(11);
    const { steps, root } = merkleProof(d, 6);
    const flip = (hex: string): string => (hex.startsWith('0') ? '1' : '0') + hex.slice(1);
    expect(verifyMerkleProof(d[6]!, steps, root)).toBe(true);
    expect(verifyMerkleProof(d[5]!, steps, root)).toBe(false);
    expect(verifyMerkleProof(flip(d[6]!), steps, root)).toBe(false);
    expect(verifyMerkleProof(d[6]!, steps, flip(root))).toBe(false);
    for (let s = 0; s < steps.length; s++) {
      const tamperedHash = steps.map((st, j) => (j === s ? { ...st, hash: flip(st.hash) } : st));
      const otherSide = steps.map((st, j): MerkleStep =>
        j === s ? { ...st, position: st.position === 'left' ? 'right' : 'left' } : st,
      );
      expect(verifyMerkleProof(d[6]!, tamperedHash, root)).toBe(false);
      expect(verifyMerkleProof(d[6]!, otherSide, root)).toBe(false);
    }
    expect(verifyMerkleProof(d[6]!, steps.slice(1), root)).toBe(false);
    expect(verifyMerkleProof(d[6]!, [...steps].reverse(), root)).toBe(false);
    expect(verifyMerkleProof(d[6]!, [...steps, steps[0]!], root)).toBe(false);
    // A leaf node passed off as a leaf digest does not verify (domain separation).
    const two = digests(2);
    const leafNode = Buffer.from(merkleLeaf(two[0]!)).toString('hex');
    expect(verifyMerkleProof(leafNode, merkleProof(two, 0).steps, merkleRoot(two))).toBe(false);
  });

  it('answers false, never throws, for malformed input', () => {
    const d = digests(4);
    const { steps, root } = merkleProof(d, 1);
    const bad: unknown[] = [null, 'x', [{ position: 'up', hash: d[0] }], [{ position: 'left', hash: 'ABC' }], [1]];
    for (const proof of bad) {
      expect(verifyMerkleProof(d[1]!, proof as MerkleStep[], root)).toBe(false);
    }
    expect(verifyMerkleProof(d[1]!.toUpperCase(), steps, root)).toBe(false);
    expect(verifyMerkleProof(d[1]!, steps, root.slice(1))).toBe(false);
    expect(() => merkleRoot([])).toThrow(RangeError);
    expect(() => merkleProof(d, 4)).toThrow(RangeError);
  });
});
