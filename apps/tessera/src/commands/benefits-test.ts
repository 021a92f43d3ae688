// SPDX-License-Identifier: Apache-2.0
import { ESTONIAN_CASES, KOREAN_CASES, runProgrammeTests, type ProgrammeTestCase } from '@tessera/benefits';
import { openStorage } from '@tessera/platform';

/**
 * `tessera benefits test`: runs every programme's declarative test cases per person, over
 * columns and as SQL on an in-memory PGlite; exit code 1 on any failure.
 */
export async function benefitsTestCommand(out: NodeJS.WritableStream, cases: readonly ProgrammeTestCase[] = [...KOREAN_CASES, ...ESTONIAN_CASES]): Promise<number> {
  const storage = await openStorage({ kind: 'pglite' });
  try {
    const results = await runProgrammeTests(cases, { db: storage.db });
    for (const r of results) {
      out.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.programme}: ${r.name}\n`);
      for (const f of r.failures) out.write(`       ${f}\n`);
    }
    const failed = results.filter((r) => !r.ok).length;
    out.write(`${results.length - failed} passed, ${failed} failed (${new Set(results.map((r) => r.programme)).size} programmes)\n`);
    return failed === 0 ? 0 : 1;
  } finally {
    await storage.close();
  }
}
