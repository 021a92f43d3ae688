// SPDX-License-Identifier: Apache-2.0
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, hkdfSync, randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { X509Certificate } from '@peculiar/x509';
import { appendEvent, type Clock, type Database } from '@tessera/platform';
import { revokeCertificate, type TrustDeps } from '@tessera/trust';
import { GatewayIdentityLost, GatewayKeyEncryptionKeyInvalid, GatewayKeyUnsealable, SealedKeyMalformed } from '../exchange-errors.ts';
import { gatewayIdentities } from '../message-log/schema.ts';
import { gatewayName } from './peer-trust.ts';
import { provisionGateway, type ProvisionedGateway } from './provision-gateway.ts';

export interface GatewayIdentity extends ProvisionedGateway {
  /** 1 for the first identity, one more for each renewal. */
  generation: number;
  /** When the earlier of the two certificates expires. */
  notAfter: Date;
}

export interface GatewayIdentityDeps {
  /** The gateway's own storage (its message log's database). */
  db: Database;
  clock: Clock;
  /** The gateway CA, to issue the certificates of a new identity. */
  trust: TrustDeps;
  /** The 32-byte key-encryption key from the configuration (TESSERA_KEY_ENCRYPTION_KEY). */
  kek: Uint8Array;
}

export interface GatewayIdentityRequest {
  instance: string;
  memberClass: string;
  memberCode: string;
  memberName: string;
  serverCode: string;
  dnsNames: string[];
}

/** Renewal is due this many days before the certificates expire, unless told otherwise. */
export const RENEW_BEFORE_DAYS = 30;

const DAY_MS = 86_400_000;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The identity of one gateway, the same for every process of it: the first process to start
 * provisions the keys and certificates and stores them with the private keys sealed under the
 * KEK; the others (and later starts) unseal that stored identity. Processes starting at once may
 * each provision one; the first insert wins (`on conflict do nothing`), every process then reads
 * the winner's, and a loser revokes the certificates it was issued and will never use
 * (superseded). When the certificates are within `renewBeforeDays` of expiry a start provisions
 * the next generation the same way.
 */
export async function loadGatewayIdentity(
  deps: GatewayIdentityDeps,
  gateway: GatewayIdentityRequest,
  actor: string,
  options: { renewBeforeDays?: number } = {},
): Promise<GatewayIdentity> {
  if (deps.kek.byteLength !== 32) throw new GatewayKeyEncryptionKeyInvalid(deps.kek.byteLength);
  const name = gatewayName(gateway, gateway.instance);
  const key = sealingKey(deps.kek);
  const renewBefore = (options.renewBeforeDays ?? RENEW_BEFORE_DAYS) * DAY_MS;
  let current = await newest(deps.db, name);
  if (!current || current.notAfter.getTime() - deps.clock.now().getTime() <= renewBefore) {
    const generation = (current?.generation ?? 0) + 1;
    const fresh = await provisionGateway(deps.trust, gateway, actor, { extractableSigningKey: true });
    const tlsCertificate = Buffer.from(fresh.tls.der);
    const signingCertificate = Buffer.from(fresh.signing.certificateDer);
    const tlsKey = createPrivateKey(fresh.tls.key).export({ type: 'pkcs8', format: 'der' });
    const signingKey = new Uint8Array(await crypto.subtle.exportKey('pkcs8', fresh.signing.privateKey));
    const notAfter = new Date(Math.min(...[tlsCertificate, signingCertificate].map((der) => new X509Certificate(new Uint8Array(der)).notAfter.getTime())));
    const now = deps.clock.now();
    const won = await deps.db.transaction(async (tx) => {
      const inserted = await tx.insert(gatewayIdentities).values({
        gateway: name, generation, tlsCertificate, signingCertificate, notAfter, createdAt: now,
        tlsKeySealed: seal(key, tlsKey, additionalData(name, generation, 'tls', tlsCertificate)),
        signingKeySealed: seal(key, signingKey, additionalData(name, generation, 'signing', signingCertificate)),
      }).onConflictDoNothing().returning({ generation: gatewayIdentities.generation });
      if (inserted.length === 0) return false;
      await appendEvent(tx, {
        context: 'exchange_gateway', type: generation === 1 ? 'gateway.identity_created' : 'gateway.identity_renewed', subject: name, actor, at: now,
        data: { generation, notAfter: notAfter.toISOString(), tlsCertificateSha256: sha256(tlsCertificate), signingCertificateSha256: sha256(signingCertificate) },
      });
      return true;
    });
    if (!won) {
      // Another process of this gateway stored its identity first; these certificates will never be used.
      for (const der of [tlsCertificate, signingCertificate]) await revokeCertificate(deps.trust, new X509Certificate(new Uint8Array(der)).serialNumber, 'superseded', actor);
    }
    current = await generationOf(deps.db, name, generation);
    if (!current) throw new GatewayIdentityLost(name, generation);
  }
  return await unseal(key, current);
}

/**
 * Keeps a running gateway's identity current: loads the newest stored identity (renewing it when
 * due, as a start does) and, when it is a later generation than the one in use, hands it to
 * `apply` (register the new TLS certificate, switch the running gateway to it). Run by every
 * process of the gateway on a schedule: the first to find the renewal due provisions the next
 * generation and the others take that one, as at start. Returns the identity in use afterwards.
 */
export async function renewGatewayIdentity(
  deps: GatewayIdentityDeps,
  gateway: GatewayIdentityRequest,
  actor: string,
  current: GatewayIdentity,
  apply: (next: GatewayIdentity) => Promise<void>,
  options: { renewBeforeDays?: number } = {},
): Promise<GatewayIdentity> {
  const newest = await loadGatewayIdentity(deps, gateway, actor, options);
  if (newest.generation <= current.generation) return current;
  await apply(newest);
  return newest;
}

type Row = typeof gatewayIdentities.$inferSelect;

async function newest(db: Database, gateway: string): Promise<Row | undefined> {
  const [row] = await db.select().from(gatewayIdentities).where(eq(gatewayIdentities.gateway, gateway)).orderBy(desc(gatewayIdentities.generation)).limit(1);
  return row;
}

async function generationOf(db: Database, gateway: string, generation: number): Promise<Row | undefined> {
  const [row] = await db.select().from(gatewayIdentities).where(and(eq(gatewayIdentities.gateway, gateway), eq(gatewayIdentities.generation, generation)));
  return row;
}

async function unseal(key: Buffer, row: Row): Promise<GatewayIdentity> {
  let tlsKey: Buffer;
  let signingKey: Buffer;
  try {
    tlsKey = open(key, row.tlsKeySealed, additionalData(row.gateway, row.generation, 'tls', row.tlsCertificate));
    signingKey = open(key, row.signingKeySealed, additionalData(row.gateway, row.generation, 'signing', row.signingCertificate));
  } catch (cause) {
    throw new GatewayKeyUnsealable(row.gateway, { cause });
  }
  const tlsCertificate = new X509Certificate(new Uint8Array(row.tlsCertificate));
  // Unsealed non-extractable: what signs is exactly what was stored, and no API yields it.
  const privateKey = await crypto.subtle.importKey('pkcs8', new Uint8Array(signingKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  signingKey.fill(0);
  const pem = createPrivateKey({ key: tlsKey, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString();
  tlsKey.fill(0);
  return {
    generation: row.generation,
    notAfter: row.notAfter,
    tls: { key: pem, cert: tlsCertificate.toString('pem'), der: new Uint8Array(row.tlsCertificate) },
    signing: { privateKey, certificateDer: new Uint8Array(row.signingCertificate) },
  };
}

/** A key of its own for gateway identities, derived from the KEK (HKDF-SHA-256, RFC 5869). */
export function sealingKey(kek: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), 'tessera exchange gateway-identity/v1', 32));
}

/** GCM additional data: the sealed key opens only for its gateway, generation, purpose and certificate. */
function additionalData(gateway: string, generation: number, purpose: 'tls' | 'signing', certificate: Uint8Array): Buffer {
  return Buffer.from(`tessera-gateway-identity/v1\n${gateway}\n${generation}\n${purpose}\n${sha256(certificate)}`, 'utf8');
}

/** AES-256-GCM (NIST SP 800-38D), random 96-bit IV: iv ‖ ciphertext ‖ tag. */
export function seal(key: Buffer, plaintext: Uint8Array, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

export function open(key: Buffer, sealed: Uint8Array, aad: Buffer): Buffer {
  if (sealed.byteLength <= IV_BYTES + TAG_BYTES) throw new SealedKeyMalformed();
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
}

const sha256 = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');
