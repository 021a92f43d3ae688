// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { consistencyProof, inclusionProof, leafHash, treeHash, verifyConsistency, verifyInclusion } from './merkle.ts';
import { LEAVES_HEX, ROOTS_HEX } from './rfc9162-2.1-vectors.ts';

const leaves = LEAVES_HEX.map((h) => leafHash(Buffer.from(h, 'hex')));
const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

test('roots match the published test vectors for every size from 1 to 8', () => {
  ROOTS_HEX.forEach((root, i) => assert.equal(treeHash(leaves.slice(0, i + 1)).toString('hex'), root, `size ${i + 1}`));
});

test('the empty tree hashes to SHA-256 of nothing', () => {
  assert.equal(treeHash([]).toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('every inclusion proof in the vector tree verifies against its root', () => {
  for (let size = 1; size <= 8; size++) {
    const root = Buffer.from(ROOTS_HEX[size - 1]!, 'hex');
    for (let i = 0; i < size; i++) assert.ok(verifyInclusion(i, size, leaves[i]!, inclusionProof(leaves, i, size), root), `leaf ${i} of ${size}`);
  }
});

test('every consistency proof in the vector tree verifies', () => {
  for (let second = 1; second <= 8; second++) {
    for (let first = 1; first <= second; first++) {
      const proof = consistencyProof(leaves, first, second);
      assert.ok(verifyConsistency(first, second, Buffer.from(ROOTS_HEX[first - 1]!, 'hex'), Buffer.from(ROOTS_HEX[second - 1]!, 'hex'), proof), `${first} → ${second}`);
    }
  }
});

test('inclusion proofs verify for random trees and fail with any bit flipped', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), (size, i, bit) => {
    const all = leavesOf(size);
    const index = i % size;
    const root = treeHash(all);
    const proof = inclusionProof(all, index, size);
    if (!verifyInclusion(index, size, all[index]!, proof, root)) return false;
    if (proof.length === 0) return !verifyInclusion(index, size, leafHash(Buffer.from('other')), proof, root);
    const tampered = proof.map((p) => Buffer.from(p));
    const at = bit % (tampered.length * 256);
    tampered[Math.floor(at / 256)]![(at % 256) >> 3]! ^= 1 << (at % 8);
    return !verifyInclusion(index, size, all[index]!, tampered, root);
  }), { numRuns: 150 });
});

test('consistency proofs verify for random size pairs and fail against a different old root', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (a, b) => {
    const [first, second] = a <= b ? [a, b] : [b, a];
    const all = leavesOf(second);
    const proof = consistencyProof(all, first, second);
    const ok = verifyConsistency(first, second, treeHash(all, 0, first), treeHash(all), proof);
    const forged = first === second || verifyConsistency(first, second, leafHash(Buffer.from('forged')), treeHash(all), proof) === false;
    return ok && forged;
  }), { numRuns: 150 });
});

test('a proof for a leaf outside the tree is refused', () => {
  assert.throws(() => inclusionProof(leaves, 8, 8), RangeError);
  assert.equal(verifyInclusion(8, 8, leaves[0]!, [], treeHash(leaves)), false);
});
