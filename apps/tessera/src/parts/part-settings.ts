// SPDX-License-Identifier: Apache-2.0
import { ValidationFailed, type ValidationIssue } from '@tessera/platform';
import { sameDatabase } from './same-database.ts';

/**
 * Refuses together every setting a part cannot start without, and an own database that names the
 * authority's, so the operator fixes them in one go.
 */
export function requirePartSettings(part: string, o: {
  required: ReadonlyArray<readonly [env: string, value: string | undefined]>;
  ownDatabase: readonly [env: string, url: string | undefined];
  authorityDatabaseUrl: string | undefined;
}): void {
  const issues: ValidationIssue[] = o.required.filter(([, value]) => !value).map(([env]) => ({ code: 'missing_config', path: env, message: `${env} is required by tessera serve ${part}` }));
  const [env, url] = o.ownDatabase;
  if (url && o.authorityDatabaseUrl && sameDatabase(url, o.authorityDatabaseUrl)) {
    issues.push({ code: 'not_own_database', path: env, message: `tessera serve ${part} runs an organisation of its own: ${env} must not name the authority’s database (DATABASE_URL)` });
  }
  if (issues.length > 0) throw new ValidationFailed(issues, `tessera serve ${part} cannot start:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`);
}
