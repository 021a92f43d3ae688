// SPDX-License-Identifier: Apache-2.0
export { appendEvent, appendEvents, logEntryText, type LogEvent, type LogReceipt } from './append-event.ts';
export { latestTreeHead, verifyTreeHeadSignature, proveInclusion, proveConsistency, leafHashes, type LogSigningKey, type SignedTreeHead } from './tree-head.ts';
export { LogRangeError, LogInconsistent, TreeHeadSignatureInvalid } from '../errors/platform-errors.ts';
export { signTreeHead } from './sign-tree-head.ts';
export { sequenceLog, MAXIMUM_MERGE_DELAY_MS, type SequenceOptions, type SequenceResult, type TreeCache } from './sequence-log.ts';
export { startLogSequencer, type LogSequencer, type LogSequencerOptions } from './log-sequencer.ts';
export { verifyLog, type LogVerification, type LogProblem } from './verify-log.ts';
export { MerkleTree, leafHash, nodeHash, treeHash, inclusionProof, consistencyProof, verifyInclusion, verifyConsistency } from './merkle.ts';
export { canonicalJson } from './canonical-json.ts';
export { logEntries, treeHeads } from './schema.ts';

export const transparencyMigrations = { context: 'platform_log', folder: new URL('./migrations', import.meta.url).pathname };
