// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';

/**
 * Merkle tree hashing of RFC 9162 §2.1 (Certificate Transparency v2). Written here because no
 * kept npm package implements CT's tree with inclusion and consistency proofs; it is small,
 * and the tests pin it to the published test vectors and to property tests.
 */
export type Hash = Buffer;

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/** Leaf hash: SHA-256(0x00 || entry) (§2.1.1). */
export function leafHash(entry: Uint8Array): Hash {
  return createHash('sha256').update(LEAF).update(entry).digest();
}

/** Interior node: SHA-256(0x01 || left || right) (§2.1.1). */
export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

/**
 * A tree over leaf hashes that keeps every complete subtree's hash as leaves are added, so a
 * root or proof costs O(log n) hashes instead of rehashing the tree each time.
 */
export class MerkleTree {
  /** levels[h][i] is the hash of the complete subtree of 2^h leaves starting at leaf i·2^h. */
  readonly #levels: Hash[][] = [[]];

  constructor(leaves: Iterable<Hash> = []) {
    for (const leaf of leaves) this.push(leaf);
  }

  get size(): number {
    return this.#levels[0]!.length;
  }

  push(leaf: Hash): void {
    this.#levels[0]!.push(leaf);
    let i = this.#levels[0]!.length - 1;
    for (let h = 0; i % 2 === 1; h++) {
      const level = this.#levels[h]!;
      (this.#levels[h + 1] ??= []).push(nodeHash(level[i - 1]!, level[i]!));
      i = (i - 1) / 2;
    }
  }

  /** Merkle Tree Hash of leaves [start, end) (§2.1.1). */
  hash(start = 0, end = this.size): Hash {
    const n = end - start;
    if (n === 0) return createHash('sha256').digest();
    if ((n & (n - 1)) === 0 && start % n === 0) return this.#levels[Math.log2(n)]![start / n]!;
    const k = split(n);
    return nodeHash(this.hash(start, start + k), this.hash(start + k, end));
  }
}

/** Merkle Tree Hash of the given leaf hashes (§2.1.1). */
export function treeHash(leaves: readonly Hash[] | MerkleTree, start = 0, end?: number): Hash {
  const tree = leaves instanceof MerkleTree ? leaves : new MerkleTree(leaves);
  return tree.hash(start, end ?? tree.size);
}

/** Inclusion proof (audit path) for leaf `index` in the tree of the first `size` leaves (§2.1.3.1). */
export function inclusionProof(leaves: readonly Hash[] | MerkleTree, index: number, size: number): Hash[] {
  const tree = leaves instanceof MerkleTree ? leaves : new MerkleTree(leaves);
  if (!(index >= 0 && index < size && size <= tree.size)) throw new RangeError('index out of range');
  const path = (m: number, start: number, end: number): Hash[] => {
    const n = end - start;
    if (n === 1) return [];
    const k = split(n);
    return m < k
      ? [...path(m, start, start + k), tree.hash(start + k, end)]
      : [...path(m - k, start + k, end), tree.hash(start, start + k)];
  };
  return path(index, 0, size);
}

/** The verifiers' shared step (§2.1.3.2, §2.1.4.2): "until LSB(fn) is set or fn is 0, right-shift fn and sn". */
function shiftWhileEven(fn: number, sn: number): [number, number] {
  while (fn % 2 === 0 && fn !== 0) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return [fn, sn];
}

/** Verifies an inclusion proof (§2.1.3.2). */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      [fn, sn] = shiftWhileEven(fn, sn);
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** Consistency proof between the trees of the first `first` and `second` leaves (§2.1.4.1). */
export function consistencyProof(leaves: readonly Hash[] | MerkleTree, first: number, second: number): Hash[] {
  const tree = leaves instanceof MerkleTree ? leaves : new MerkleTree(leaves);
  if (!(first > 0 && first <= second && second <= tree.size)) throw new RangeError('sizes out of range');
  const subproof = (m: number, start: number, end: number, complete: boolean): Hash[] => {
    const n = end - start;
    if (m === n) return complete ? [] : [tree.hash(start, end)];
    const k = split(n);
    return m <= k
      ? [...subproof(m, start, start + k, complete), tree.hash(start + k, end)]
      : [...subproof(m - k, start + k, end, false), tree.hash(start, start + k)];
  };
  return subproof(first, 0, second, true);
}

/** Verifies a consistency proof (§2.1.4.2). */
export function verifyConsistency(first: number, second: number, firstRoot: Hash, secondRoot: Hash, proof: readonly Hash[]): boolean {
  if (first <= 0 || first > second) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      [fn, sn] = shiftWhileEven(fn, sn);
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}
