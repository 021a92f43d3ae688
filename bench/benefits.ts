// SPDX-License-Identifier: Apache-2.0
import { availableParallelism } from 'node:os';
import { runPeers } from './benefits-peers.ts';
import { ALL_PROGRAMMES, buildColumnarKernel, compileRules, evaluatePopulation, startPopulationWorkers, syntheticPopulation, type Graph, type Population } from '@tessera/benefits';

const seconds = (ms: number) => Math.round(ms) / 1000;
const peakMemoryMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * The raw limit for the same work: one loop that reads every input column the rules read (the
 * household's through the person's index) and writes one number per output, with no rule logic.
 * No engine evaluating these rules over these columns can beat it on one thread.
 */
function rawLoop(population: Population, columns: readonly string[], outputs: number, entityOf: (c: string) => 'person' | 'household'): number {
  const person = columns.filter((c) => entityOf(c) === 'person').map((c) => population.columns.get(c)!);
  const household = columns.filter((c) => entityOf(c) === 'household').map((c) => population.columns.get(c)!);
  const out = Array.from({ length: outputs }, () => new Float64Array(population.persons));
  const hh = population.household;
  const started = performance.now();
  for (let i = 0; i < population.persons; i++) {
    let s = 0;
    for (let k = 0; k < person.length; k++) s += person[k]![i]!;
    const h = hh[i]!;
    for (let k = 0; k < household.length; k++) s += household[k]![h]!;
    for (let k = 0; k < outputs; k++) out[k]![i] = s + k;
  }
  return performance.now() - started;
}

/**
 * Every programme over a synthetic population (`syntheticPopulation`, deterministic seeds): the
 * person × programme rate at 1 million people on one thread, on worker threads, against the raw
 * loop; then the whole of South Korea (52 million) in one run, generated and evaluated in chunks
 * of a million inside the worker threads so memory stays bounded. Of the whole run only each
 * programme's eligible count and total amount are kept.
 */
export async function run(options: { persons?: number; fullPopulation?: number; chunk?: number; threads?: number } = {}) {
  const persons = options.persons ?? 1_000_000;
  const fullPopulation = options.fullPopulation ?? Number(process.env.TESSERA_BENCH_BENEFITS_PEOPLE ?? 52_000_000);
  const chunk = options.chunk ?? 1_000_000;
  const threads = options.threads ?? availableParallelism();
  const graph: Graph = compileRules(ALL_PROGRAMMES, '2026-03');
  const outputs = ALL_PROGRAMMES.flatMap((p) => [p.eligible.id, ...(p.amount ? [p.amount.id] : [])]).map((id) => graph.variables.get(id)!);
  const kernel = buildColumnarKernel(graph, outputs);
  const programmes = ALL_PROGRAMMES.map((p) => p.id);
  const workers = startPopulationWorkers(threads);
  try {
    const generationStarted = performance.now();
    const population = syntheticPopulation(graph, { persons, seed: 1, shared: true });
    const generationMs = performance.now() - generationStarted;
    // Warm-up: the kernels are compiled and optimised before anything is timed.
    const warm = syntheticPopulation(graph, { persons: 50_000, seed: 2, shared: true });
    evaluatePopulation(graph, warm, kernel);
    await workers.evaluate(graph, warm, kernel);

    let started = performance.now();
    const single = evaluatePopulation(graph, population, kernel);
    const singleMs = performance.now() - started;
    started = performance.now();
    await workers.evaluate(graph, population, kernel);
    const threadedMs = performance.now() - started;
    const entityOf = (c: string) => graph.columns.get(c)!.entity;
    const rawMs = rawLoop(population, kernel.columns, outputs.length, entityOf);
    const eligibleShare = Object.fromEntries(ALL_PROGRAMMES.map((p) => {
      const v = single.get(p.eligible.id)!;
      let yes = 0;
      for (let i = 0; i < v.length; i++) if (v[i] === 1) yes++;
      return [p.id, Math.round((yes / v.length) * 10_000) / 10_000];
    }));
    const rate = (ms: number) => Math.round((persons * programmes.length) / (ms / 1000));

    // The same rules through json-logic-js and publicodes, on 100 000 people, before the big run.
    const peerEngines = runPeers();

    // The whole population, chunk by chunk, each chunk generated and evaluated inside a worker
    // (into buffers the worker reuses), so both count in the wall time and nothing per person
    // crosses threads; each programme's eligible count and total amount come back.
    const fullStarted = performance.now();
    const full = await workers.evaluateSynthetic(graph, kernel, { persons: fullPopulation, chunk, seed: 100, outputs });
    const fullMs = performance.now() - fullStarted;
    return {
      programmes,
      threads,
      atOneMillion: {
        persons,
        generationSeconds: seconds(generationMs),
        singleThread: { seconds: seconds(singleMs), personProgrammesPerSecond: rate(singleMs) },
        workers: { seconds: seconds(threadedMs), personProgrammesPerSecond: rate(threadedMs) },
        rawLoopSingleThread: { seconds: seconds(rawMs), personProgrammesPerSecond: rate(rawMs) },
        singleThreadVsRaw: Math.round((rawMs / singleMs) * 100) / 100,
        eligibleShare,
      },
      peerEngines,
      fullPopulation: { persons: fullPopulation, chunk },
      fullPopulationSeconds: seconds(fullMs),
      fullPopulationPersonProgrammesPerSecond: Math.round((fullPopulation * programmes.length) / (fullMs / 1000)),
      fullPopulationEligible: Object.fromEntries(ALL_PROGRAMMES.map((p) => [p.id, full.outputs[outputs.indexOf(graph.variables.get(p.eligible.id)!)]!.ones])),
      peakMemoryMiB: peakMemoryMiB(),
    };
  } finally {
    await workers.close();
  }
}
