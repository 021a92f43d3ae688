// SPDX-License-Identifier: Apache-2.0
import { credentialTypes } from '../schema.ts';
import { CredentialTypeInvalid } from '../../domain/credentials-errors.ts';
import type { CredentialType } from '../../domain/types/credential-type.ts';
import { validateCredentialType } from '../../domain/types/validate-credential-type.ts';
import { recordTypeChange } from './record-type-change.ts';
import type { TypeRegistryDeps } from './type-registry-deps.ts';

/**
 * Installs the catalogue's types that are not registered yet, as version 1, all or none.
 * Types already present (perhaps at a later version, or retired) are left as they are, so
 * restarting with the catalogue never undoes an administrator's change.
 */
export async function installCatalogue(deps: TypeRegistryDeps, types: readonly CredentialType[], actor: string): Promise<number> {
  const exchange = await deps.exchange.contents();
  for (const type of types) {
    const issues = validateCredentialType(type, { vctBase: deps.vctBase, exchange });
    if (issues.length) throw new CredentialTypeInvalid(issues.map((i) => ({ ...i, path: `/${type.id}${i.path}` })));
  }
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const existing = new Set((await tx.select({ id: credentialTypes.id }).from(credentialTypes)).map((r) => r.id));
    const fresh = types.filter((t) => !existing.has(t.id));
    if (fresh.length === 0) return 0;
    await tx.insert(credentialTypes).values(fresh.map((t) => ({ id: t.id, version: t.version, definition: t, status: 'active' as const, publishedAt: now, publishedBy: actor })));
    await recordTypeChange(tx, deps.clock, { type: 'credential_types.installed', subject: 'catalogue', actor, data: { count: fresh.length } });
    return fresh.length;
  });
}
