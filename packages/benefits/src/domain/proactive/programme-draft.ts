// SPDX-License-Identifier: Apache-2.0
import { ValidationFailed, type ValidationIssue } from '@tessera/platform';
import { compileRules } from '../engine/compile-rules.ts';
import type { Parameter, ParameterValue, Programme } from '../engine/types.ts';

/** One change of a draft: a parameter's new value from a date, with the legal source that would set it. */
export interface DraftChange {
  readonly parameter: string;
  readonly value: number;
  readonly from: string;
  readonly source: string;
}

/** A numeric parameter the programme's rules read in a period, with the published value in force. */
export interface ProgrammeParameter {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly reliability: string;
  readonly value: number;
  readonly from: string;
  readonly source: string;
}

function parametersRead(programme: Programme, period: string): Map<string, { parameter: Parameter<unknown>; value: number; from: string; source: string }> {
  const seen = new Map<string, { parameter: Parameter<unknown>; value: number; from: string; source: string }>();
  for (const n of compileRules([programme], period).nodes) {
    if (n.kind === 'param' && !seen.has(n.parameter.id)) seen.set(n.parameter.id, { parameter: n.parameter, value: n.value, from: n.version.from, source: n.version.source });
  }
  return seen;
}

/** The numeric parameters the programme's rules read in `period`, as published: what a draft may change. */
export function programmeParameters(programme: Programme, period: string): ProgrammeParameter[] {
  return [...parametersRead(programme, period).values()].map(({ parameter: p, value, from, source }) => ({ id: p.id, label: p.label, unit: p.unit, reliability: p.reliability, value, from, source }));
}

/** The draft's values of the parameters it changes: the published values, each change added (or replacing the value of the same date). */
export function draftValues(programme: Programme, period: string, changes: readonly DraftChange[]): Map<string, readonly ParameterValue<unknown>[]> {
  const read = parametersRead(programme, period);
  const out = new Map<string, readonly ParameterValue<unknown>[]>();
  for (const c of changes) {
    const base = out.get(c.parameter) ?? read.get(c.parameter)?.parameter.values ?? [];
    out.set(c.parameter, [...base.filter((v) => v.from !== c.from), { from: c.from, value: c.value, source: c.source }]);
  }
  return out;
}

/**
 * A draft as the author gave it, checked against the published programme in `period`: each
 * change names a numeric parameter its rules read, once, with a finite value, a date
 * (YYYY-MM-DD) on or before the period's first day so it is in force there, and a source; and
 * the rules compile with the draft's values. Any issue refuses the whole draft.
 */
export function checkDraft(programme: Programme, period: string, changes: readonly DraftChange[]): DraftChange[] {
  const read = parametersRead(programme, period);
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  changes.forEach((c, i) => {
    const at = `/changes/${i}`;
    if (!read.has(c.parameter)) issues.push({ code: 'parameter', path: `${at}/parameter`, message: `${c.parameter} is not a number this programme reads in ${period}.` });
    if (seen.has(c.parameter)) issues.push({ code: 'duplicate', path: `${at}/parameter`, message: `${c.parameter} is changed twice.` });
    seen.add(c.parameter);
    if (!Number.isFinite(c.value)) issues.push({ code: 'value', path: `${at}/value`, message: 'Give the new value as a number.' });
    if (!/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(c.from) || c.from > `${period}-01`) issues.push({ code: 'from', path: `${at}/from`, message: `Give the date the value applies from (YYYY-MM-DD), on or before ${period}-01.` });
    if (!c.source.trim() || c.source.length > 200) issues.push({ code: 'source', path: `${at}/source`, message: 'Name the legal source of the new value.' });
  });
  if (changes.length === 0) issues.push({ code: 'changes', path: '/changes', message: 'Change at least one parameter.' });
  if (issues.length) throw new ValidationFailed(issues);
  compileRules([programme], period, [], { parameterValues: draftValues(programme, period, changes) });
  return changes.map((c) => ({ parameter: c.parameter, value: c.value, from: c.from, source: c.source.trim() }));
}
