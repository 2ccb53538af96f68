import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils';
import type { MerkleProof, MerkleStep } from './evidence';

/**
 * Merkle trees over document hashes, as evidence batches anchor them (DOMAIN.md §5). Pure functions,
 * no ledger, no Node built-ins: the chaincode computes roots with them, and anyone checks a proof offline
 * with {@link verifyMerkleProof} — the gateway's clients in Node, and the explorer in the browser, which
 * bundles this very module (SHA-256 from `@noble/hashes`, synchronous in both).
 *
 * The algorithm is RFC 6962's Merkle Tree Hash (Certificate Transparency), over the 32-byte SHA-256
 * digests of the documents, in the order given:
 *
 * - leaf node  = SHA-256(0x00 ‖ document digest)
 * - inner node = SHA-256(0x01 ‖ left ‖ right)
 * - levels are built bottom-up, pairing nodes left to right; **an odd node at the end of a level is
 *   promoted unchanged** to the level above (never duplicated). Promotion gives exactly RFC 6962's
 *   tree (split at the largest power of two below n), and unlike duplication it never lets two
 *   different lists share a root: with duplication `[a, b, c]` and `[a, b, c, c]` would.
 * - the 0x00 / 0x01 prefixes separate leaves from inner nodes, so an inner node can never be passed
 *   off as a leaf (second-preimage attack).
 *
 * A proof lists, from the leaf up, the sibling of each node on the path that has one, and on which
 * side it stands. A promoted node has no sibling on that level, so the proof simply has no step for it.
 */

const HEX64 = /^[0-9a-f]{64}$/;
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** The leaf node of a document digest (64 lower-case hex digits): SHA-256(0x00 ‖ digest). */
export function merkleLeaf(digestHex: string): Uint8Array {
  if (!HEX64.test(digestHex)) throw new TypeError('a leaf must be 64 lower-case hex digits');
  return sha256(prefixed(LEAF_PREFIX, hexToBytes(digestHex)));
}

/** An inner node: SHA-256(0x01 ‖ left ‖ right). */
export function merkleNode(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(prefixed(NODE_PREFIX, left, right));
}

/** `prefix ‖ parts…` in one array. */
function prefixed(prefix: number, ...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  out[0] = prefix;
  let at = 1;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Every level of the tree, leaves first, and the root. */
function tree(digests: readonly string[]): { levels: Uint8Array[][]; root: Uint8Array } {
  let level = digests.map(merkleLeaf);
  const levels: Uint8Array[][] = [];
  for (;;) {
    const [first, ...rest] = level;
    if (first === undefined) throw new RangeError('a Merkle tree needs at least one leaf');
    if (rest.length === 0) return { levels, root: first };
    levels.push(level);
    const up: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const [left, right] = level.slice(i, i + 2);
      if (left === undefined) break;
      // An odd node at the end of a level is promoted unchanged.
      up.push(right === undefined ? left : merkleNode(left, right));
    }
    level = up;
  }
}

/** The root (hex) of the tree over `digests`, in the order given. */
export function merkleRoot(digests: readonly string[]): string {
  return bytesToHex(tree(digests).root);
}

/** The proof for leaf `index` of the tree over `digests`. */
export function merkleProof(digests: readonly string[], index: number): MerkleProof {
  const leaf = digests[index];
  if (!Number.isSafeInteger(index) || leaf === undefined) {
    throw new RangeError(`leaf index ${index} is outside 0..${digests.length - 1}`);
  }
  const { levels, root } = tree(digests);
  const steps: MerkleStep[] = [];
  let i = index;
  for (const level of levels) {
    const sibling = i % 2 === 0 ? level[i + 1] : level[i - 1];
    if (sibling !== undefined) steps.push({ position: i % 2 === 0 ? 'right' : 'left', hash: bytesToHex(sibling) });
    i = Math.floor(i / 2);
  }
  return { leaf, index, leafCount: digests.length, root: bytesToHex(root), steps };
}

/**
 * Checks offline that `leafHex` (a document's SHA-256, hex) is under `rootHex` by `proof` (the
 * `steps` of a {@link MerkleProof}): hashes the leaf node, folds in each sibling on its side, and
 * compares with the root. Never throws: a malformed leaf, step or root is simply `false`.
 *
 * @example
 * ```ts
 * const proof = merkleProof(digests, 2);
 * verifyMerkleProof(digests[2], proof.steps, proof.root); // true
 * ```
 */
export function verifyMerkleProof(leafHex: string, proof: readonly MerkleStep[], rootHex: string): boolean {
  if (typeof leafHex !== 'string' || typeof rootHex !== 'string' || !HEX64.test(leafHex) || !HEX64.test(rootHex)) {
    return false;
  }
  if (!Array.isArray(proof)) return false;
  let node: Uint8Array | undefined = merkleLeaf(leafHex);
  for (const step of proof as readonly unknown[]) {
    node = foldStep(node, step);
    if (node === undefined) return false;
  }
  return bytesToHex(node) === rootHex;
}

/** The parent of `node` and a proof step's sibling; undefined when the step is malformed. */
function foldStep(node: Uint8Array, step: unknown): Uint8Array | undefined {
  if (typeof step !== 'object' || step === null) return undefined;
  const { position, hash } = step as { position?: unknown; hash?: unknown };
  if (typeof hash !== 'string' || !HEX64.test(hash)) return undefined;
  const sibling = hexToBytes(hash);
  if (position === 'left') return merkleNode(sibling, node);
  if (position === 'right') return merkleNode(node, sibling);
  return undefined;
}
