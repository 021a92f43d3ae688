// SPDX-License-Identifier: Apache-2.0
export { appendEvent, type LogEvent } from './append-event.ts';
export { signTreeHead, latestTreeHead, verifyTreeHeadSignature, proveInclusion, proveConsistency, leafHashes, LogRangeError, type LogSigningKey, type SignedTreeHead } from './tree-head.ts';
export { verifyLog, type LogVerification, type LogProblem } from './verify-log.ts';
export { MerkleTree, leafHash, nodeHash, treeHash, inclusionProof, consistencyProof, verifyInclusion, verifyConsistency } from './merkle.ts';
export { canonicalJson } from './canonical-json.ts';
export { logEntries, treeHeads } from './schema.ts';

export const transparencyMigrations = { context: 'platform_log', folder: new URL('./migrations', import.meta.url).pathname };
