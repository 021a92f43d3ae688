// SPDX-License-Identifier: Apache-2.0
import { and, desc, eq } from 'drizzle-orm';
import { CredentialTypeInvalid, CredentialTypeRetired } from '../../domain/credentials-errors.ts';
import type { CredentialType } from '../../domain/types/credential-type.ts';
import { validateCredentialType } from '../../domain/types/validate-credential-type.ts';
import { credentialTypes } from '../schema.ts';
import { recordTypeChange } from './record-type-change.ts';
import type { TypeRegistryDeps } from './type-registry-deps.ts';

/**
 * Publishes a type: a new id becomes version 1, a known one the next version, which supersedes
 * the previous (credentials already issued keep naming theirs). The version in the input is
 * ignored; the registry numbers versions. A retired type stays retired.
 */
export async function publishTypeVersion(deps: TypeRegistryDeps, input: Omit<CredentialType, 'version'> & { version?: number }, actor: string): Promise<CredentialType> {
  // Read before the transaction: the registry may be another part's, asked over the network.
  const exchange = await deps.exchange.contents();
  return deps.db.transaction(async (tx) => {
    const id = typeof input.id === 'string' ? input.id : '';
    const [latest] = await tx.select({ version: credentialTypes.version, status: credentialTypes.status }).from(credentialTypes)
      .where(eq(credentialTypes.id, id)).orderBy(desc(credentialTypes.version)).limit(1).for('update');
    if (latest?.status === 'retired') throw new CredentialTypeRetired(id);
    const type = { ...input, version: (latest?.version ?? 0) + 1 } as CredentialType;
    const issues = validateCredentialType(type, { vctBase: deps.vctBase, exchange });
    if (issues.length) throw new CredentialTypeInvalid(issues);
    const now = deps.clock.now();
    if (latest) await tx.update(credentialTypes).set({ status: 'superseded' }).where(and(eq(credentialTypes.id, id), eq(credentialTypes.version, latest.version)));
    await tx.insert(credentialTypes).values({ id, version: type.version, definition: type, status: 'active', publishedAt: now, publishedBy: actor });
    await recordTypeChange(tx, deps.clock, { type: 'credential_type.published', subject: id, actor, data: { version: type.version } });
    return type;
  });
}
