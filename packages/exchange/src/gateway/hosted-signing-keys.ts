// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { appendEvents } from '@tessera/platform';
import { issueMemberSigningCertificates, revokeCertificate } from '@tessera/trust';
import { GatewayIdentityLost, GatewayKeyEncryptionKeyInvalid, GatewayKeyUnsealable } from '../exchange-errors.ts';
import { hostedSigningKeys } from '../message-log/schema.ts';
import { messageSigner } from '../registry/configuration-lookup.ts';
import { open, RENEW_BEFORE_DAYS, seal, sealingKey, type GatewayIdentityDeps } from './gateway-identity.ts';
import type { HostedMember } from './gateway-options.ts';
import { gatewayName } from './peer-trust.ts';

export interface HostedMemberRequest {
  memberClass: string;
  memberCode: string;
  /** The organisation's name, for its certificate. */
  memberName: string;
}

type Row = typeof hostedSigningKeys.$inferSelect;
const DAY_MS = 86_400_000;

/**
 * The signing keys of the members a gateway hosts, the same for every process of the gateway: a
 * member without one (or whose certificate is due for renewal) gets a new key and a certificate
 * from the gateway CA, all such members at once (one batch of certificates, one transaction),
 * stored sealed under the KEK; the rest are unsealed. A start that finds them all stored costs
 * one query and one unsealing per member. Processes starting at once agree as for the gateway's
 * own identity: the first insert wins and a loser revokes the certificates it will never use.
 */
export async function loadHostedSigningKeys(
  deps: GatewayIdentityDeps,
  gateway: { instance: string; memberClass: string; memberCode: string; serverCode: string },
  members: readonly HostedMemberRequest[],
  actor: string,
  options: { renewBeforeDays?: number } = {},
): Promise<HostedMember[]> {
  if (deps.kek.byteLength !== 32) throw new GatewayKeyEncryptionKeyInvalid(deps.kek.byteLength);
  if (members.length === 0) return [];
  const host = gatewayName(gateway, gateway.instance);
  const key = sealingKey(deps.kek);
  const nameOf = (m: HostedMemberRequest) => messageSigner(gateway.instance, gateway, m);
  const newestOf = async () => {
    const rows = await deps.db.select().from(hostedSigningKeys).where(and(eq(hostedSigningKeys.gateway, host), inArray(hostedSigningKeys.member, members.map(nameOf))));
    const newest = new Map<string, Row>();
    for (const r of rows) if ((newest.get(r.member)?.generation ?? 0) < r.generation) newest.set(r.member, r);
    return newest;
  };
  let newest = await newestOf();
  const dueBy = deps.clock.now().getTime() + (options.renewBeforeDays ?? RENEW_BEFORE_DAYS) * DAY_MS;
  const due = members.filter((m) => (newest.get(nameOf(m))?.notAfter.getTime() ?? 0) <= dueBy);
  if (due.length > 0) {
    const pairs = await Promise.all(due.map(() => crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])));
    const certificates = await issueMemberSigningCertificates(deps.trust, due.map((m, i) => ({
      subject: { commonName: nameOf(m), organization: m.memberName, country: 'EE' }, signingPublicKey: pairs[i]!.publicKey, validityDays: 365,
    })), actor);
    const now = deps.clock.now();
    const rows = await Promise.all(due.map(async (m, i) => {
      const member = nameOf(m);
      const generation = (newest.get(member)?.generation ?? 0) + 1;
      const certificate = Buffer.from(certificates[i]!.rawData);
      const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pairs[i]!.privateKey));
      const row = { gateway: host, member, generation, certificate, keySealed: seal(key, pkcs8, additionalData(host, member, generation, certificate)), notAfter: certificates[i]!.notAfter, createdAt: now };
      pkcs8.fill(0);
      return row;
    }));
    const won = await deps.db.transaction(async (tx) => {
      const inserted = await tx.insert(hostedSigningKeys).values(rows).onConflictDoNothing().returning({ member: hostedSigningKeys.member });
      await appendEvents(tx, inserted.map((r) => {
        const row = rows.find((x) => x.member === r.member)!;
        return {
          context: 'exchange_gateway', type: row.generation === 1 ? 'gateway.hosted_key_created' : 'gateway.hosted_key_renewed', subject: host, actor, at: now,
          data: { member: r.member, generation: row.generation, certificateSha256: sha256(row.certificate) },
        };
      }));
      return new Set(inserted.map((r) => r.member));
    });
    // Another process of this gateway stored these members' keys first: these certificates will never be used.
    for (const [i, row] of rows.entries()) if (!won.has(row.member)) await revokeCertificate(deps.trust, certificates[i]!.serialNumber, 'superseded', actor);
    newest = await newestOf();
  }
  return Promise.all(members.map(async (m) => {
    const row = newest.get(nameOf(m));
    if (!row) throw new GatewayIdentityLost(`${host} for ${nameOf(m)}`, 0);
    let pkcs8: Buffer;
    try {
      pkcs8 = open(key, row.keySealed, additionalData(row.gateway, row.member, row.generation, row.certificate));
    } catch (cause) {
      throw new GatewayKeyUnsealable(`${host} for ${row.member}`, { cause });
    }
    const privateKey = await crypto.subtle.importKey('pkcs8', new Uint8Array(pkcs8), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    pkcs8.fill(0);
    return { memberClass: m.memberClass, memberCode: m.memberCode, signing: { privateKey, certificateDer: new Uint8Array(row.certificate) } };
  }));
}

/** GCM additional data: a sealed key opens only for its gateway, member, generation and certificate. */
function additionalData(gateway: string, member: string, generation: number, certificate: Uint8Array): Buffer {
  return Buffer.from(`tessera-hosted-member-key/v1\n${gateway}\n${member}\n${generation}\n${sha256(certificate)}`, 'utf8');
}

const sha256 = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');
