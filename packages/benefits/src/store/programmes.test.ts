// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestStorage, type Storage } from '@tessera/platform';
import { PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { KOREAN_CASES } from '../domain/programmes/kr/korean.cases.ts';
import { ESTONIAN_CASES } from '../domain/programmes/ee/estonian.cases.ts';
import { compileRules } from '../domain/engine/compile-rules.ts';
import { ALL_PROGRAMMES } from '../domain/programmes/catalogue.ts';
import { runProgrammeTests } from './run-programme-tests.ts';

describe('programme test cases', { timeout: 120_000 }, () => {
  let storage: Storage | undefined;
  before(async () => {
    storage = await openTestStorage();
  });
  after(async () => {
    await storage?.close();
  });

  it('every programme has test cases and every case passes per person, over columns and in SQL', async () => {
    const cases = [...KOREAN_CASES, ...ESTONIAN_CASES];
    for (const id of Object.keys(PROGRAMMES)) assert.ok(cases.some((c) => c.programme === id), `no test case for ${id}`);
    const results = await runProgrammeTests(cases, { db: (storage as Storage).db });
    assert.deepEqual(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.failures.join('; ')}`), []);
    assert.equal(results.length, cases.length);
  });

  it('a wrong expectation is reported as a failure', async () => {
    const [first] = KOREAN_CASES;
    const results = await runProgrammeTests([{ ...first!, expect: { 'basic_pension.amount': 1 } }]);
    assert.equal(results[0]?.ok, false);
  });

  it('all programmes compile together into one graph for 2026', () => {
    const graph = compileRules(ALL_PROGRAMMES, '2026-03');
    assert.ok(graph.variables.size >= 30);
  });
});
