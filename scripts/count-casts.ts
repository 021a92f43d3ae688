// SPDX-License-Identifier: Apache-2.0
// `node scripts/count-casts.ts [--json]`: per workspace, the `as` casts (not `as const`), the `!`
// non-null assertions and the bare `throw new Error(…)` in source outside tests (`*.test.ts` and
// `testing/` folders), counted on the syntax tree so strings and comments never count.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;

export interface Counts {
  casts: number;
  nonNull: number;
  bareErrors: number;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name === 'node_modules' || name === 'testing' || name === 'migrations') continue;
      out.push(...sourceFiles(path));
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}

function isConstCast(node: ts.AsExpression): boolean {
  return ts.isTypeReferenceNode(node.type) && ts.isIdentifier(node.type.typeName) && node.type.typeName.text === 'const';
}

/** The counts for one file's text. */
export function countSource(fileName: string, text: string): Counts {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const counts: Counts = { casts: 0, nonNull: 0, bareErrors: 0 };
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) && !isConstCast(node)) counts.casts++;
    else if (ts.isTypeAssertionExpression(node)) counts.casts++;
    else if (ts.isNonNullExpression(node)) counts.nonNull++;
    else if (ts.isThrowStatement(node) && ts.isNewExpression(node.expression)
      && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'Error') counts.bareErrors++;
    ts.forEachChild(node, visit);
  };
  visit(file);
  return counts;
}

/** Per workspace (`apps/tessera`, `packages/<name>`), the counts over its `src/`. */
export function countWorkspaces(base = root): Record<string, Counts> {
  const result: Record<string, Counts> = {};
  for (const group of ['apps', 'packages']) {
    for (const name of readdirSync(join(base, group)).sort()) {
      const src = join(base, group, name, 'src');
      const total: Counts = { casts: 0, nonNull: 0, bareErrors: 0 };
      for (const path of sourceFiles(src)) {
        const c = countSource(relative(base, path), readFileSync(path, 'utf8'));
        total.casts += c.casts; total.nonNull += c.nonNull; total.bareErrors += c.bareErrors;
      }
      result[group === 'apps' ? `apps/${name}` : name] = total;
    }
  }
  return result;
}

if (import.meta.main) {
  const counts = countWorkspaces(process.argv.find((a) => !a.startsWith('-') && a !== process.argv[0] && a !== process.argv[1]) ?? root);
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(counts, null, 2)}\n`);
  } else {
    const total: Counts = { casts: 0, nonNull: 0, bareErrors: 0 };
    process.stdout.write('workspace          as  !   throw new Error\n');
    for (const [name, c] of Object.entries(counts)) {
      process.stdout.write(`${name.padEnd(18)} ${String(c.casts).padStart(3)} ${String(c.nonNull).padStart(3)} ${String(c.bareErrors).padStart(3)}\n`);
      total.casts += c.casts; total.nonNull += c.nonNull; total.bareErrors += c.bareErrors;
    }
    process.stdout.write(`${'total'.padEnd(18)} ${String(total.casts).padStart(3)} ${String(total.nonNull).padStart(3)} ${String(total.bareErrors).padStart(3)}\n`);
  }
}
