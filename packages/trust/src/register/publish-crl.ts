// SPDX-License-Identifier: Apache-2.0
import { and, eq, gt } from 'drizzle-orm';
import { buildCrl, RevocationReason } from '../ca/crl.ts';
import { loadAuthority, type AuthorityRole } from './hierarchy-store.ts';
import { authorities, certificates } from './schema.ts';
import type { TrustDeps } from './trust-deps.ts';

/**
 * Signs and stores the next full CRL of an issuing CA: every certificate it issued that is
 * revoked or on hold and not yet expired, with the RFC 5280 reason. The CRL number comes from
 * the register under a row lock, so two publishers never issue the same number.
 */
export async function publishCrl(deps: TrustDeps, role: Exclude<AuthorityRole, 'root'>, validityHours: number): Promise<Uint8Array> {
  const issuer = await loadAuthority(deps.db, deps.keyStore, role);
  return deps.db.transaction(async (tx) => {
    const [ca] = await tx.select({ crlNumber: authorities.crlNumber }).from(authorities).where(eq(authorities.label, role)).for('update');
    const now = deps.clock.now();
    const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const revoked = await tx.select({ serial: certificates.serial, revokedAt: certificates.revokedAt, reason: certificates.reason }).from(certificates)
      .where(and(eq(certificates.issuer, role), eq(certificates.status, 'revoked'), gt(certificates.notAfter, now)));
    const crlNumber = ca!.crlNumber + 1;
    const nextUpdate = new Date(thisUpdate.getTime() + validityHours * 3_600_000);
    const crl = await buildCrl(issuer, {
      crlNumber, thisUpdate, nextUpdate,
      entries: revoked.map((r) => ({ serialNumber: r.serial.length % 2 ? `0${r.serial}` : r.serial, revocationDate: r.revokedAt!, reason: RevocationReason[r.reason as keyof typeof RevocationReason] })),
    });
    const der = new Uint8Array(crl.rawData);
    await tx.update(authorities).set({ crlNumber, crl: Buffer.from(der), crlNextUpdate: nextUpdate }).where(eq(authorities.label, role));
    return der;
  });
}

/** The stored CRL of a CA by the key label its URLs use, or null before the first one. */
export async function storedCrl(deps: Pick<TrustDeps, 'db'>, keyLabel: string): Promise<{ der: Uint8Array; nextUpdate: Date | null } | null> {
  const [row] = await deps.db.select({ crl: authorities.crl, nextUpdate: authorities.crlNextUpdate }).from(authorities).where(eq(authorities.keyLabel, keyLabel));
  return row?.crl ? { der: new Uint8Array(row.crl), nextUpdate: row.nextUpdate } : null;
}
