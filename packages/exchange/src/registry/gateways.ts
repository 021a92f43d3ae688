// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import { NotFound, type Database, type ValidationIssue } from '@tessera/platform';
import { parseCertificate } from './certificates.ts';
import { gatewayIdIssues, gatewayKey, type GatewayId } from './identifiers.ts';
import { throwIfInvalid, uniquely } from './input-checks.ts';
import { GatewayCertificateTaken, GatewayCertificateUnchanged, GatewayExists } from '../exchange-errors.ts';
import { requireMember } from './members.ts';
import { recordRegistryChange } from './record-registry-change.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { gateways } from './schema.ts';

export interface NewGateway extends GatewayId {
  /** `https://host:port`: where other gateways reach this one. */
  address: string;
  /** The gateway's TLS authentication certificate, DER. */
  authCertificate: Uint8Array;
}

/**
 * The address as an origin, or an issue. Gateways talk to each other over mutually
 * authenticated TLS only, so plain http, credentials, paths and queries are refused rather than
 * silently dropped.
 */
export function gatewayAddress(value: unknown, path: string, issues: ValidationIssue[]): string | null {
  const bad = () => {
    issues.push({ code: 'format', path, message: 'The address must be https://host or https://host:port, without path, query or credentials.' });
    return null;
  };
  if (typeof value !== 'string' || value.length > 300) return bad();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad();
  }
  if (url.protocol !== 'https:' || !url.hostname || url.username || url.password || url.pathname !== '/' || url.search || url.hash) return bad();
  return url.origin;
}

const byId = (id: GatewayId) => and(eq(gateways.memberClass, id.memberClass), eq(gateways.memberCode, id.memberCode), eq(gateways.serverCode, id.serverCode));

export interface RegisteredGateway extends GatewayId {
  address: string;
  /** SHA-256 of the registered TLS certificate's DER, hex. */
  authCertificateSha256: string;
}

/** A gateway's registration, or null when it is not registered. */
export async function findGateway(deps: Pick<RegistryDeps, 'db'>, id: GatewayId): Promise<RegisteredGateway | null> {
  throwIfInvalid(gatewayIdIssues(id));
  const [row] = await deps.db.select({ address: gateways.address, authCertificateSha256: gateways.authCertificateSha256 }).from(gateways).where(byId(id));
  return row ? { ...pick(id), address: row.address, authCertificateSha256: row.authCertificateSha256 } : null;
}

/** Registers a member's gateway with the certificate it will authenticate with. */
export async function registerGateway(deps: RegistryDeps, actor: string, input: NewGateway): Promise<GatewayId> {
  const issues = gatewayIdIssues(input);
  const address = gatewayAddress(input.address, '/address', issues);
  const cert = parseCertificate(input.authCertificate, '/authCertificate', issues, { at: deps.clock.now(), ca: false });
  throwIfInvalid(issues);
  const id = { memberClass: input.memberClass, memberCode: input.memberCode, serverCode: input.serverCode };
  await deps.db.transaction(async (tx) => {
    await requireMember(tx, id);
    await refuseTakenCertificate(tx, cert!.sha256, id);
    const now = deps.clock.now();
    await uniquely(
      tx.insert(gateways).values({ ...id, address: address!, authCertificate: cert!.der, authCertificateSha256: cert!.sha256, registeredAt: now, updatedAt: now }),
      (cause) => new GatewayExists(`Gateway ${gatewayKey(id)} or a gateway at ${address!} is already registered.`, { cause }),
    );
    await recordRegistryChange(tx, deps.clock, { type: 'gateway.registered', subject: gatewayKey(id), actor, data: { ...id, address: address!, certificateSha256: cert!.sha256 } });
  });
  return id;
}

/** Rotates a gateway's authentication certificate; the old one stops working with the next global configuration. */
export async function setGatewayCertificate(deps: RegistryDeps, actor: string, id: GatewayId, authCertificate: Uint8Array): Promise<void> {
  const issues = gatewayIdIssues(id);
  const cert = parseCertificate(authCertificate, '/authCertificate', issues, { at: deps.clock.now(), ca: false });
  throwIfInvalid(issues);
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select({ sha256: gateways.authCertificateSha256 }).from(gateways).where(byId(id)).for('update');
    if (!row) throw new NotFound(`No gateway ${gatewayKey(id)} is registered.`);
    if (row.sha256 === cert!.sha256) throw new GatewayCertificateUnchanged();
    await refuseTakenCertificate(tx, cert!.sha256, id);
    await uniquely(
      tx.update(gateways).set({ authCertificate: cert!.der, authCertificateSha256: cert!.sha256, updatedAt: deps.clock.now() }).where(byId(id)),
      (cause) => new GatewayCertificateTaken(undefined, { cause }),
    );
    await recordRegistryChange(tx, deps.clock, {
      type: 'gateway.certificate_changed', subject: gatewayKey(id), actor, data: { ...pick(id), previousSha256: row.sha256, certificateSha256: cert!.sha256 },
    });
  });
}

export async function removeGateway(deps: RegistryDeps, actor: string, id: GatewayId): Promise<void> {
  throwIfInvalid(gatewayIdIssues(id));
  await deps.db.transaction(async (tx) => {
    const removed = await tx.delete(gateways).where(byId(id)).returning({ sha256: gateways.authCertificateSha256 });
    if (removed.length === 0) throw new NotFound(`No gateway ${gatewayKey(id)} is registered.`);
    await recordRegistryChange(tx, deps.clock, { type: 'gateway.removed', subject: gatewayKey(id), actor, data: { ...pick(id), certificateSha256: removed[0]!.sha256 } });
  });
}

const pick = (id: GatewayId): GatewayId => ({ memberClass: id.memberClass, memberCode: id.memberCode, serverCode: id.serverCode });

async function refuseTakenCertificate(db: Database, sha256: string, self: GatewayId): Promise<void> {
  const [other] = await db.select({ memberClass: gateways.memberClass, memberCode: gateways.memberCode, serverCode: gateways.serverCode })
    .from(gateways).where(eq(gateways.authCertificateSha256, sha256));
  if (other && gatewayKey(other) !== gatewayKey(self)) throw new GatewayCertificateTaken();
}
