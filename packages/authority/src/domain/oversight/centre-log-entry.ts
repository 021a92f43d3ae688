// SPDX-License-Identifier: Apache-2.0
import { canonicalJson, leafHash } from '@tessera/platform';

/** What the entry of a reported action must say: its type, who did it, and the fields of its data that name the card and centre. */
export interface ExpectedEntry {
  type: string;
  actor: string;
  /** The entry's `subject`, when the action has one the authority knows (a card's document number). */
  subject?: string;
  /** The entry's `at`, when the report names the time. */
  at?: string;
  data: Readonly<Record<string, string>>;
}

/**
 * Checks that the entry a centre sent with a report is a canonical centre log entry that records
 * exactly the reported action, and gives its RFC 9162 leaf hash (hex) as the authority computes
 * it: the hash the centre must later prove is in its log. Anything else is `null`, and the
 * report is refused; every comparison is exact.
 */
export function reportedEntryLeaf(text: string, expected: ExpectedEntry): { leafHash: string; at: Date } | null {
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return null;
  const e = entry as Record<string, unknown>;
  // Re-encoded canonically it must be the same text, so what is hashed is what was read.
  if (canonicalJson(e) !== text) return null;
  if (e.context !== 'centre' || e.type !== expected.type || e.actor !== expected.actor || typeof e.subject !== 'string' || typeof e.at !== 'string') return null;
  if (expected.subject !== undefined && e.subject !== expected.subject) return null;
  if (expected.at !== undefined && new Date(e.at).getTime() !== new Date(expected.at).getTime()) return null;
  const at = new Date(e.at);
  if (Number.isNaN(at.getTime())) return null;
  const data = e.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  for (const [key, value] of Object.entries(expected.data)) if ((data as Record<string, unknown>)[key] !== value) return null;
  return { leafHash: leafHash(Buffer.from(text, 'utf8')).toString('hex'), at };
}
