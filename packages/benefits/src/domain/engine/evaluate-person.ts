// SPDX-License-Identifier: Apache-2.0
import type { EvaluationOptions, HouseholdCase } from './case.ts';
import { NotFound } from '@tessera/platform';
import type { Graph, GraphNode } from './graph.ts';
import { HOUSEHOLD, interpretCase, type Holder, type Interpretation } from './interpret-case.ts';
import type { ConsentTier, DataSource, ValueType } from './types.ts';
import { monthOf } from './period.ts';

/** The tri-state answer a person gets for a yes/no rule. */
export type Status = 'eligible' | 'not-eligible' | 'cannot-tell';

/** One input that, once known, could decide an answer; `consent` when only consent is missing. */
export interface MissingInput {
  readonly input: string;
  readonly label: string;
  readonly period: string;
  readonly holder: string;
  readonly source: DataSource;
  readonly consent?: ConsentTier;
}

export interface ExplainedParameter {
  readonly id: string; readonly label: string; readonly value: number | readonly number[]; readonly unit: string;
  readonly from: string; readonly source: string; readonly reliability: string;
}

/** Which rule, which inputs, which parameters with their legal source: readable by both sides. */
export interface Explanation {
  readonly variable: string;
  readonly label: string;
  readonly reference: string;
  readonly period: string;
  readonly holder: string;
  readonly value: number | boolean | null;
  readonly inputs: ReadonlyArray<{ id: string; label: string; period: string; holder: string; value: number | boolean | string | null }>;
  readonly parameters: readonly ExplainedParameter[];
  readonly because: readonly Explanation[];
}

export interface Outcome {
  readonly variable: string;
  readonly label: string;
  readonly value: number | boolean | null;
  /** For yes/no rules. */
  readonly status?: Status;
  /** Exactly the unknown inputs the answer still depends on (empty when it is known). */
  readonly missing: readonly MissingInput[];
  /** Consent tiers that would let the missing inputs be read. */
  readonly consentsNeeded: readonly ConsentTier[];
  readonly explanation: Explanation;
}

const shown = (v: number, type: ValueType): number | boolean | null => (Number.isNaN(v) ? null : type === 'boolean' ? v === 1 : v);

/**
 * Evaluates rules for one person of a household: the value, the eligible / not eligible /
 * cannot tell yet status, the missing inputs or consents that would decide it, and an
 * explanation naming rules, inputs and parameters with their legal references.
 */
export function evaluatePerson(graph: Graph, household: HouseholdCase, options: EvaluationOptions & { person: string; variables?: readonly string[] }): { person: string; period: string; outcomes: Outcome[] } {
  const index = household.members.findIndex((m) => m.id === options.person);
  if (index < 0) throw new NotFound(`No member ${options.person} in this household.`);
  const run = interpretCase(graph, household, options);
  const ids = options.variables ?? [...graph.variables.keys()];
  const outcomes = ids.map((id) => outcome(run, id, index));
  return { person: options.person, period: graph.period, outcomes };
}

export function outcome(run: Interpretation, variableId: string, member: number): Outcome {
  const nodeId = run.graph.variables.get(variableId);
  if (nodeId === undefined) throw new NotFound(`No variable ${variableId} in this graph.`);
  const node = run.graph.nodes[nodeId] as Extract<GraphNode, { kind: 'variable' }>;
  const holder = node.entity === 'household' ? HOUSEHOLD : member;
  const v = run.value(nodeId, holder);
  const missing = new Map<string, MissingInput>();
  collectGaps(run, nodeId, holder, missing, new Set());
  const list = [...missing.values()];
  const consentsNeeded = [...new Set(list.flatMap((m) => (m.consent ? [m.consent] : [])))];
  return {
    variable: variableId,
    label: node.variable.label,
    value: shown(v, node.type),
    ...(node.type === 'boolean' ? { status: Number.isNaN(v) ? 'cannot-tell' : v === 1 ? 'eligible' : 'not-eligible' } : {}),
    missing: list,
    consentsNeeded,
    explanation: explain(run, nodeId, holder),
  };
}

const holderName = (run: Interpretation, holder: Holder) => (holder === HOUSEHOLD ? 'household' : (run.case.members[holder]?.id ?? '?'));

/** The unknown inputs under an unknown node, following only what still matters in 3-valued logic. */
function collectGaps(run: Interpretation, id: number, holder: Holder, out: Map<string, MissingInput>, seen: Set<string>): void {
  const key = `${id}:${holder}`;
  if (seen.has(key) || !Number.isNaN(run.value(id, holder))) return;
  seen.add(key);
  const n = run.graph.nodes[id] as GraphNode;
  switch (n.kind) {
    case 'input': {
      const gap = run.inputGap(n, holder);
      if (!gap) return;
      const name = holderName(run, holder);
      out.set(`${n.column}:${name}`, { input: n.input.id, label: n.input.label, period: n.period, holder: name, source: n.input.source, ...(gap.consent ? { consent: gap.consent } : {}) });
      return;
    }
    case 'variable': return collectGaps(run, n.arg, holder, out, seen);
    case 'household': return collectGaps(run, n.arg, HOUSEHOLD, out, seen);
    case 'lookup': return collectGaps(run, n.key, holder, out, seen);
    case 'aggregate':
      for (const m of run.members) {
        if (n.where !== undefined) collectGaps(run, n.where, m, out, seen);
        if (n.where === undefined || run.value(n.where, m) === 1) collectGaps(run, n.arg, m, out, seen);
      }
      return;
    case 'op':
      if (n.op === 'if' && !Number.isNaN(run.value(n.args[0] as number, holder))) {
        collectGaps(run, (run.value(n.args[0] as number, holder) === 1 ? n.args[1] : n.args[2]) as number, holder, out, seen);
        return;
      }
      for (const a of n.args) collectGaps(run, a, holder, out, seen);
      return;
    default:
      return;
  }
}

/** The explanation of one variable: what its formula read, pruned to the branches that decided it. */
function explain(run: Interpretation, variableNode: number, holder: Holder): Explanation {
  const node = run.graph.nodes[variableNode] as Extract<GraphNode, { kind: 'variable' }>;
  const inputs = new Map<string, Explanation['inputs'][number]>();
  const parameters = new Map<string, ExplainedParameter>();
  const because = new Map<string, Explanation>();
  const seen = new Set<string>();

  function walk(id: number, h: Holder): void {
    const key = `${id}:${h}`;
    if (seen.has(key)) return;
    seen.add(key);
    const n = run.graph.nodes[id] as GraphNode;
    const v = run.value(id, h);
    switch (n.kind) {
      case 'variable':
        if (!because.has(key)) because.set(key, explain(run, id, h));
        return;
      case 'input': {
        const shownValue = Number.isNaN(v) ? null : n.input.month ? monthOf(v) : shown(v, n.type);
        inputs.set(`${n.column}:${h}`, { id: n.input.id, label: n.input.label, period: n.period, holder: holderName(run, h), value: shownValue });
        return;
      }
      case 'param':
        parameters.set(n.parameter.id, { id: n.parameter.id, label: n.parameter.label, value: n.value, unit: n.parameter.unit, from: n.version.from, source: n.version.source, reliability: n.parameter.reliability });
        return;
      case 'lookup':
        parameters.set(n.parameter.id, { id: n.parameter.id, label: n.parameter.label, value: n.table.values, unit: n.parameter.unit, from: n.version.from, source: n.version.source, reliability: n.parameter.reliability });
        walk(n.key, h);
        return;
      case 'household': return walk(n.arg, HOUSEHOLD);
      case 'aggregate':
        for (const m of run.members) {
          if (n.where !== undefined) walk(n.where, m);
          if (n.where === undefined || run.value(n.where, m) === 1) walk(n.arg, m);
        }
        return;
      case 'op': {
        if (n.op === 'if') {
          const c = run.value(n.args[0] as number, h);
          walk(n.args[0] as number, h);
          if (!Number.isNaN(c)) return walk((c === 1 ? n.args[1] : n.args[2]) as number, h);
        }
        // A decided and/or is explained by the arguments that decided it.
        const decisive = n.op === 'and' && v === 0 ? 0 : n.op === 'or' && v === 1 ? 1 : undefined;
        for (const a of n.args) if (decisive === undefined || run.value(a, h) === decisive) walk(a, h);
        return;
      }
      default:
        return;
    }
  }
  walk(node.arg, holder);
  return {
    variable: node.variable.id,
    label: node.variable.label,
    reference: node.variable.reference,
    period: node.period,
    holder: holderName(run, holder),
    value: shown(run.value(variableNode, holder), node.type),
    inputs: [...inputs.values()],
    parameters: [...parameters.values()],
    because: [...because.values()],
  };
}

/** The explanation as indented text, for the caseworker page and the person's message. */
export function renderExplanation(e: Explanation, depth = 0): string {
  const pad = '  '.repeat(depth);
  const value = e.value === null ? 'cannot tell yet' : String(e.value);
  const lines = [`${pad}${e.label} (${e.variable}, ${e.period}${e.holder === 'household' ? '' : `, ${e.holder}`}) = ${value} — ${e.reference}`];
  for (const i of e.inputs) lines.push(`${pad}  input ${i.label} [${i.id} ${i.period}, ${i.holder}] = ${i.value === null ? 'unknown' : String(i.value)}`);
  for (const p of e.parameters) lines.push(`${pad}  parameter ${p.label} = ${Array.isArray(p.value) ? p.value.join(' / ') : String(p.value)} ${p.unit} (from ${p.from}; ${p.source}${p.reliability === 'official' ? '' : `; ${p.reliability}`})`);
  for (const b of e.because) lines.push(renderExplanation(b, depth + 1));
  return lines.join('\n');
}
