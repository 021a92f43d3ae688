// SPDX-License-Identifier: Apache-2.0
import { PopulationInvalid } from '../../benefits-errors.ts';
import type { Graph } from './graph.ts';

/**
 * A population as columns: no per-person objects. Persons are grouped by household
 * (`household` is non-decreasing), so a range of households is a range of persons and
 * workers can share the work without sharing a household. Unknown values are NaN.
 */
export interface Population {
  readonly persons: number;
  readonly households: number;
  /** Person → household index. */
  readonly household: Int32Array;
  /** Input columns by name `input@period`, person- or household-length. */
  readonly columns: ReadonlyMap<string, Float64Array>;
}

/** Results by variable id: one value per person or per household, NaN for cannot tell yet. */
export type PopulationResult = ReadonlyMap<string, Float64Array>;

/** Checks a population against the graph's columns; missing columns are refused, not defaulted. */
export function checkPopulation(graph: Graph, population: Population): void {
  if (population.household.length !== population.persons) throw new PopulationInvalid('The household index must have one entry per person.');
  for (let i = 0, last = 0; i < population.persons; i++) {
    const h = population.household[i] as number;
    if (h < last || h >= population.households) throw new PopulationInvalid('Persons must be grouped by household, in order.');
    last = h;
  }
  for (const [name, node] of graph.columns) {
    const column = population.columns.get(name);
    if (!column) throw new PopulationInvalid(`The population has no column ${name} (fill it with NaN where unknown).`);
    if (column.length !== (node.entity === 'person' ? population.persons : population.households)) throw new PopulationInvalid(`Column ${name} has the wrong length.`);
  }
}
