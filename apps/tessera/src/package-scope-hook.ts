// SPDX-License-Identifier: Apache-2.0
import { registerHooks, type ResolveFnOutput } from 'node:module';

/**
 * Packages with a large package.json: drizzle-orm's is 179 kB, an `exports` map of some 450
 * entries. Node reads and deserialises a file's package.json again for every file it resolves
 * (to find its format, and for each bare import to look up `exports`): for drizzle-orm's few
 * hundred modules and the few hundred imports of it, about 2 s of a start's CPU and as much garbage.
 */
const PACKAGES = ['drizzle-orm'];
const SCOPES = PACKAGES.map((name) => `/node_modules/${name}/`);

/**
 * Resolves imports of those packages without reading their package.json each time, to the answer
 * Node's own resolution gives:
 * - a relative import of a `.js` file inside the package (each is `"type": "module"`): its URL, an ES module;
 * - a bare import (`drizzle-orm/pg-core`): Node's answer, kept for every importer in the same
 *   folder (the same node_modules folders are searched from it, with the same conditions).
 * Every other specifier goes to Node's resolution as before.
 */
export function registerPackageScopeHook(): void {
  const bare = new Map<string, ResolveFnOutput>();
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      if (!parent?.startsWith('file:')) return nextResolve(specifier, context);
      if ((specifier.startsWith('./') || specifier.startsWith('../')) && specifier.endsWith('.js') && SCOPES.some((s) => parent.includes(s))) {
        const url = new URL(specifier, parent);
        if (SCOPES.some((s) => url.pathname.includes(s))) return { url: url.href, format: 'module', shortCircuit: true };
      }
      if (PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
        const key = `${new URL('.', parent).href}\0${specifier}\0${context.conditions.join()}`;
        const known = bare.get(key);
        if (known) return { ...known, shortCircuit: true };
        const resolved = nextResolve(specifier, context);
        bare.set(key, resolved);
        return resolved;
      }
      return nextResolve(specifier, context);
    },
  });
}
