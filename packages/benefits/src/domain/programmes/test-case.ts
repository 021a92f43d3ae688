// SPDX-License-Identifier: Apache-2.0
import type { HouseholdCase, InputValues } from '../engine/case.ts';
import type { ConsentTier } from '../engine/types.ts';
import type { ProgrammeId } from './catalogue.ts';

/**
 * A declarative test case, like OpenFisca's YAML tests: a household, a period, the consents
 * given, and the expected value of each variable for one person (null = cannot tell yet).
 */
export interface ProgrammeTestCase {
  readonly name: string;
  readonly programme: ProgrammeId;
  readonly period: string;
  readonly consents?: readonly ConsentTier[];
  readonly household: HouseholdCase;
  readonly person: string;
  readonly expect: Readonly<Record<string, number | boolean | null>>;
  /** Consent tiers the answer must name as missing, when it cannot tell yet. */
  readonly expectConsentsNeeded?: readonly ConsentTier[];
}

/** A member: id, household role (1 head, 2 spouse, 3 child, 4 other), birth month, other inputs. */
export const member = (id: string, role: number, birth: string, inputs: InputValues = {}) => ({ id, inputs: { household_role: role, birth_month: birth, ...inputs } });
export const ALL_TIERS: readonly ConsentTier[] = ['basic', 'extended', 'financial'];
