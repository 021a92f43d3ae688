// SPDX-License-Identifier: Apache-2.0
// Test fixtures: storage with the registry's tables, throwaway certificates, a signing key.
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, X509CertificateGenerator } from '@peculiar/x509';
import { eq } from 'drizzle-orm';
import { logEntries, ManualClock, openTestStorage, transparencyMigrations, type Database, type Storage } from '@tessera/platform';
import { registryMigrations } from './migrations.ts';
import type { RegistryDeps } from './registry-deps.ts';

/** Every test starts at the same moment; certificates below are valid around it. */
export const START = '2026-11-24T10:00:00Z';

export async function openRegistry(): Promise<{ storage: Storage; deps: RegistryDeps & { clock: ManualClock } }> {
  const storage = await openTestStorage();
  await storage.migrate(transparencyMigrations);
  await storage.migrate(registryMigrations);
  return { storage, deps: { db: storage.db, clock: new ManualClock(START) } };
}

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
let serial = 1;

/** A self-signed certificate, DER; a CA one when `ca`. */
export async function certificate(name: string, options: { ca?: boolean; notAfter?: string } = {}): Promise<Uint8Array> {
  const keys = await crypto.subtle.generateKey(EC, false, ['sign', 'verify']);
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    name: `CN=${name}, O=Tessera Test`,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date(options.notAfter ?? '2028-01-01T00:00:00Z'),
    keys,
    signingAlgorithm: EC,
    extensions: options.ca
      ? [new BasicConstraintsExtension(true, undefined, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true)]
      : [new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true)],
  });
  return new Uint8Array(cert.rawData);
}

export async function signingKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
}

/** The registry's entries in the transparency log, oldest first. */
export async function registryEvents(db: Database): Promise<Array<{ type: string; subject: string; actor: string; data: Record<string, unknown> }>> {
  const rows = await db.select().from(logEntries).where(eq(logEntries.context, 'exchange_registry')).orderBy(logEntries.id);
  return rows.map((r) => {
    const leaf = JSON.parse(r.leaf) as { type: string; subject: string; actor: string; data: Record<string, unknown> };
    return { type: leaf.type, subject: leaf.subject, actor: leaf.actor, data: leaf.data };
  });
}
