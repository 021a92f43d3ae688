// SPDX-License-Identifier: Apache-2.0
import type { ConsentTier } from './types.ts';

/** A month input is given as YYYY-MM; numbers and booleans as themselves. */
export type InputValue = number | boolean | string;
/**
 * Inputs by id: a plain value is the value at the evaluated period; an object gives values by
 * period (`{ "2025": 18000000 }`) for rules that look back. Absent means unknown, never zero.
 */
export type InputValues = Readonly<Record<string, InputValue | Readonly<Record<string, InputValue>>>>;

export interface MemberCase {
  readonly id: string;
  readonly inputs: InputValues;
}

/** One household as the single-person evaluator sees it: its own inputs and its members. */
export interface HouseholdCase {
  readonly id?: string;
  readonly inputs?: InputValues;
  readonly members: readonly MemberCase[];
}

export interface EvaluationOptions {
  /** Consent tiers the person has given; inputs under any other tier are not read. */
  readonly consents: readonly ConsentTier[];
}
