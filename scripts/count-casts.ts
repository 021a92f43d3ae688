// SPDX-License-Identifier: Apache-2.0
// `node scripts/count-casts.ts [--json | --list] [checkout]`: per workspace, the `as` casts (`as const`
// apart, since it narrows rather than overrides), the `!` non-null assertions and the bare
// `throw new Error(…)` in source outside tests (`*.test.ts` and `testing/` folders), counted on
// the syntax tree so strings and comments never count. Pass another checkout's folder (a
// `git worktree` of an older commit) to count it the same way.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;

export interface Counts {
  casts: number;
  asConst: number;
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

/** The counts for one file's text; `onHit` hears each place counted (for `--list`). */
export function countSource(fileName: string, text: string, onHit?: (kind: keyof Counts, line: number, code: string) => void): Counts {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const counts: Counts = { casts: 0, asConst: 0, nonNull: 0, bareErrors: 0 };
  const visit = (node: ts.Node): void => {
    let kind: keyof Counts | undefined;
    if (ts.isAsExpression(node)) kind = isConstCast(node) ? 'asConst' : 'casts';
    else if (ts.isTypeAssertionExpression(node)) kind = 'casts';
    else if (ts.isNonNullExpression(node)) kind = 'nonNull';
    else if (ts.isThrowStatement(node) && ts.isNewExpression(node.expression)
      && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'Error') kind = 'bareErrors';
    if (kind) {
      counts[kind]++;
      onHit?.(kind, file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, node.getText(file));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return counts;
}

/** Per workspace (`apps/tessera`, `packages/<name>`), the counts over its `src/`. */
export function countWorkspaces(base = root, list = false): Record<string, Counts> {
  const result: Record<string, Counts> = {};
  for (const group of ['apps', 'packages']) {
    for (const name of readdirSync(join(base, group)).sort()) {
      const src = join(base, group, name, 'src');
      const total: Counts = { casts: 0, asConst: 0, nonNull: 0, bareErrors: 0 };
      for (const path of sourceFiles(src)) {
        const name = relative(base, path);
        const c = countSource(name, readFileSync(path, 'utf8'), list && ((kind, line, code) => {
          if (kind !== 'asConst') process.stdout.write(`${kind}\t${name}:${line}\t${code.replace(/\s+/g, ' ').slice(0, 120)}\n`);
        }) || undefined);
        total.casts += c.casts; total.asConst += c.asConst; total.nonNull += c.nonNull; total.bareErrors += c.bareErrors;
      }
      result[group === 'apps' ? `apps/${name}` : name] = total;
    }
  }
  return result;
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const counts = countWorkspaces(args.find((a) => !a.startsWith('-')) ?? root, args.includes('--list'));
  if (args.includes('--list')) {
    // the places were printed as they were found
  } else if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(counts, null, 2)}\n`);
  } else {
    const total: Counts = { casts: 0, asConst: 0, nonNull: 0, bareErrors: 0 };
    process.stdout.write('workspace           as  as const   !  throw new Error\n');
    const row = (name: string, c: Counts): string =>
      `${name.padEnd(18)} ${String(c.casts).padStart(3)} ${String(c.asConst).padStart(9)} ${String(c.nonNull).padStart(3)} ${String(c.bareErrors).padStart(16)}\n`;
    for (const [name, c] of Object.entries(counts)) {
      process.stdout.write(row(name, c));
      total.casts += c.casts; total.asConst += c.asConst; total.nonNull += c.nonNull; total.bareErrors += c.bareErrors;
    }
    process.stdout.write(row('total', total));
  }
}
