// SPDX-License-Identifier: Apache-2.0
// The same rules through two peer engines, json-logic-js and publicodes, on the same synthetic
// people, against our columnar kernel on one thread; every answer is compared.
import { buildColumnarKernel, compileRules, evaluatePopulation, programmeVariables, PROGRAMMES, syntheticPopulation, type ProgrammeId } from '@tessera/benefits';
import { jsonLogicRunner, largestHousehold, publicodesRunner, type PeerResult } from '../packages/benefits/src/testing/peer-engines.ts';

/**
 * A representative subset, the brief's three (basic pension, child allowance, the livelihood
 * benefit) and the parents' benefit: person and household rules, aggregates over members,
 * parameter tables, three-valued logic. Both peers could run all fifteen (the test checks that they
 * agree on all), but publicodes costs milliseconds a person, so the bench keeps the subset.
 */
export const PEER_PROGRAMMES: readonly ProgrammeId[] = ['kr.basic-pension', 'kr.child-allowance', 'kr.parents-benefit', 'kr.nbls-livelihood'];

const same = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));

export function runPeers(persons = Number(process.env.TESSERA_BENCH_BENEFITS_PEER_PEOPLE ?? 100_000)) {
  const programmes = PEER_PROGRAMMES.map((id) => PROGRAMMES[id]);
  const graph = compileRules(programmes, '2026-03');
  const variables = programmeVariables(programmes);
  const outputs = variables.map((v) => graph.variables.get(v.id)!);
  const population = syntheticPopulation(graph, { persons, seed: 5 });
  const warm = syntheticPopulation(graph, { persons: 2_000, seed: 6 });
  const time = (f: () => void) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    f();
    const c = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (c.user + c.system) / 1000 };
  };
  // Each engine's rules are built before timing: our kernel here, the peers' rules in their runners.
  const kernel = buildColumnarKernel(graph, outputs);
  evaluatePopulation(graph, warm, kernel);
  let ours!: ReturnType<typeof evaluatePopulation>;
  const oursTime = time(() => (ours = evaluatePopulation(graph, population, kernel)));
  const check = (peer: PeerResult) => {
    let compared = 0;
    let disagreements = 0;
    for (const v of variables) {
      const mine = ours.get(v.id)!;
      const theirs = peer.get(graph.variables.get(v.id)!)!;
      for (let i = 0; i < mine.length; i++, compared++) if (!same(mine[i]!, theirs[i]!)) disagreements++;
    }
    return { valuesCompared: compared, disagreements, agree: disagreements === 0 };
  };
  const rate = (ms: number) => Math.round((persons * programmes.length) / (ms / 1000));
  const report = (name: string, runner: { rules: number; evaluate: (p: typeof population) => PeerResult }) => {
    runner.evaluate(warm);
    let result!: PeerResult;
    const t = time(() => (result = runner.evaluate(population)));
    return [name, {
      rules: runner.rules,
      seconds: Math.round(t.ms) / 1000,
      cpuSeconds: Math.round(t.cpuMs) / 1000,
      personProgrammesPerSecond: rate(t.ms),
      // how many times faster our kernel is on one thread, by wall time and by CPU time
      oursFasterBy: Math.round(t.ms / oursTime.ms),
      oursFasterByCpu: Math.round(t.cpuMs / oursTime.cpuMs),
      ...check(result),
    }] as const;
  };
  const slots = Math.max(largestHousehold(population), largestHousehold(warm));
  return {
    programmes: PEER_PROGRAMMES,
    persons,
    ours: { seconds: Math.round(oursTime.ms) / 1000, cpuSeconds: Math.round(oursTime.cpuMs) / 1000, personProgrammesPerSecond: rate(oursTime.ms) },
    ...Object.fromEntries([report('jsonLogic', jsonLogicRunner(graph, outputs)), report('publicodes', publicodesRunner(graph, outputs, slots))]),
  };
}
