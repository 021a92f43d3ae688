// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { eq, inArray } from 'drizzle-orm';
import { NotFound, type Clock, type Database } from '@tessera/platform';
import type { IssuingAuthority, IssuingCaRole, StatusUrls } from '../ca/certificate-profiles.ts';
import type { CaHierarchy } from '../ca/key-ceremony.ts';
import type { KeyStore } from '../ca/key-store.ts';
import { issuerIdentity, toHex } from '../ocsp/issuer-identity.ts';
import { authorities } from './schema.ts';

export type AuthorityRole = 'root' | IssuingCaRole;

export interface StoredAuthority extends IssuingAuthority {
  role: AuthorityRole;
  keyLabel: string;
  urls: StatusUrls;
  /** SHA-1 of the subjectPublicKey bits, hex: how OCSP CertIDs name this issuer. */
  keyHash: string;
}

/** Records the hierarchy the key ceremony made; the keys stay in the key store. */
export async function installHierarchy(db: Database, clock: Clock, hierarchy: CaHierarchy): Promise<void> {
  const records = [hierarchy.root, ...Object.values(hierarchy.issuing)];
  await db.insert(authorities).values(records.map((r) => ({
    label: r.role,
    certificate: Buffer.from(r.der),
    keyLabel: r.keyLabel,
    keyHash: toHex(issuerIdentity(r.der).sha1KeyHash),
    urls: r.urls,
    ...(r.role === 'root' ? { crl: Buffer.from(hierarchy.rootCrl.der), crlNumber: hierarchy.rootCrl.crlNumber } : {}),
    createdAt: clock.now(),
  })));
}

export async function hasHierarchy(db: Database): Promise<boolean> {
  return (await db.select({ label: authorities.label }).from(authorities).limit(1)).length > 0;
}

/**
 * CA certificates parsed once per DER: a CA is loaded for every certificate it issues (each card
 * twice), and its row is read each time, but the same bytes need not be parsed again.
 */
const parsedCertificates = new Map<string, X509Certificate>();
function parsed(der: Uint8Array): X509Certificate {
  const key = Buffer.from(der).toString('base64');
  let certificate = parsedCertificates.get(key);
  if (!certificate) {
    certificate = new X509Certificate(new Uint8Array(der));
    if (parsedCertificates.size >= 64) parsedCertificates.delete(parsedCertificates.keys().next().value!);
    parsedCertificates.set(key, certificate);
  }
  return certificate;
}

/**
 * The columns a CA needs to sign: not its published CRL, which grows with every certificate it
 * holds or revokes and is read only to serve it.
 */
const SIGNING_COLUMNS = { label: authorities.label, certificate: authorities.certificate, keyLabel: authorities.keyLabel, urls: authorities.urls, keyHash: authorities.keyHash };
type SigningRow = { [K in keyof typeof SIGNING_COLUMNS]: (typeof authorities.$inferSelect)[K] };

/** One CA ready to sign, from the register and the key store. */
export async function loadAuthority(db: Database, keyStore: KeyStore, role: AuthorityRole): Promise<StoredAuthority> {
  const [row] = await db.select(SIGNING_COLUMNS).from(authorities).where(eq(authorities.label, role));
  return ready(keyStore, role, row);
}

/** Two CAs ready to sign, read in one query (a card needs both of its CAs), in the order asked. */
export async function loadAuthorityPair(db: Database, keyStore: KeyStore, roles: readonly [AuthorityRole, AuthorityRole]): Promise<[StoredAuthority, StoredAuthority]> {
  const rows = await db.select(SIGNING_COLUMNS).from(authorities).where(inArray(authorities.label, [...roles]));
  const of = (role: AuthorityRole) => ready(keyStore, role, rows.find((r) => r.label === role));
  return Promise.all([of(roles[0]), of(roles[1])]);
}

async function ready(keyStore: KeyStore, role: AuthorityRole, row: SigningRow | undefined): Promise<StoredAuthority> {
  if (!row) throw new NotFound(`No ${role} CA: run the key ceremony (tessera trust init) first.`);
  return { role, keyLabel: row.keyLabel, certificate: parsed(row.certificate), signer: await keyStore.signer(row.keyLabel), urls: row.urls, keyHash: row.keyHash };
}

const ROLE_ORDER: AuthorityRole[] = ['root', 'card-auth', 'card-sign', 'gateway', 'services'];

/** Every CA's certificate, root first; public information, so no key is touched. */
export async function caCertificates(db: Database): Promise<Array<{ role: AuthorityRole; certificate: X509Certificate }>> {
  const rows = await db.select({ label: authorities.label, certificate: authorities.certificate }).from(authorities);
  return rows
    .map((r) => ({ role: r.label as AuthorityRole, certificate: new X509Certificate(new Uint8Array(r.certificate)) }))
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
}

/** Every CA certificate, root first, as one PEM bundle for relying parties. */
export async function caBundle(db: Database): Promise<string> {
  return (await caCertificates(db)).map((c) => c.certificate.toString('pem').trim()).join('\n') + '\n';
}

/** The hierarchy as a relying party trusts it: the root, and the issuing CAs it may meet. */
export async function loadTrustAnchors(db: Database): Promise<{ roots: X509Certificate[]; intermediates: X509Certificate[]; cardAuthentication: X509Certificate[] }> {
  const all = await caCertificates(db);
  const of = (match: (role: AuthorityRole) => boolean) => all.filter((c) => match(c.role)).map((c) => c.certificate);
  return { roots: of((r) => r === 'root'), intermediates: of((r) => r !== 'root'), cardAuthentication: of((r) => r === 'card-auth') };
}
