// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import { CredentialTypeNotFound, CredentialTypeRetired } from '../../domain/credentials-errors.ts';
import { credentialTypes } from '../schema.ts';
import { recordTypeChange } from './record-type-change.ts';
import type { TypeRegistryDeps } from './type-registry-deps.ts';

/**
 * Retires a type: it leaves the issuer metadata and no new credential is issued for it.
 * Credentials already issued stay valid until they expire or are revoked on their own.
 */
export async function retireType(deps: TypeRegistryDeps, id: string, actor: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [active] = await tx.select({ version: credentialTypes.version }).from(credentialTypes)
      .where(and(eq(credentialTypes.id, id), eq(credentialTypes.status, 'active'))).for('update');
    if (!active) {
      const [any] = await tx.select({ version: credentialTypes.version }).from(credentialTypes).where(eq(credentialTypes.id, id)).limit(1);
      throw any ? new CredentialTypeRetired(id) : new CredentialTypeNotFound(id);
    }
    await tx.update(credentialTypes).set({ status: 'retired', retiredAt: deps.clock.now() }).where(and(eq(credentialTypes.id, id), eq(credentialTypes.version, active.version)));
    await recordTypeChange(tx, deps.clock, { type: 'credential_type.retired', subject: id, actor, data: { version: active.version } });
  });
}
