// SPDX-License-Identifier: Apache-2.0
import { asc, desc, eq, sql } from 'drizzle-orm';
import { CompactSign } from 'jose';
import { canonicalJson, type Clock, type Database } from '@tessera/platform';
import { OptionInvalid } from '../exchange-errors.ts';
import { sha256Hex } from './certificates.ts';
import { GLOBAL_CONFIGURATION_TYP, jwsAlgorithm, type GlobalConfiguration } from './configuration-document.ts';
import { INSTANCE_PATTERN } from './identifiers.ts';
import { recordRegistryChange } from './record-registry-change.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { accessRights, configurationVersions, gatewayClients, gateways, members, services, subsystems, trustedCas, tsas } from './schema.ts';
import { toListing } from './services.ts';

export interface ConfigurationSigningKey {
  /** Ed25519 or ECDSA P-256; gateways hold the matching public key, distributed out of band. */
  privateKey: CryptoKey;
  kid: string;
}

export interface BuildOptions {
  /** The X-Road instance this registry serves, e.g. 'TESSERA'. */
  instance: string;
  clock: Clock;
  /**
   * How long gateways may keep using this copy. Short (X-Road uses 10 minutes) so a revoked
   * right or a removed gateway stops working soon; long enough to ride out a registry restart.
   */
  validityMinutes: number;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function checkOptions(options: Pick<BuildOptions, 'instance' | 'validityMinutes'>): void {
  if (!INSTANCE_PATTERN.test(options.instance)) throw new OptionInvalid(`Instance ${JSON.stringify(options.instance)} has the wrong format.`);
  if (!Number.isInteger(options.validityMinutes) || options.validityMinutes < 1 || options.validityMinutes > 7 * 24 * 60) {
    throw new OptionInvalid('validityMinutes must be a whole number of minutes from 1 to one week.');
  }
}

/**
 * The registry's current state as the document gateways receive, with the next serial. Lists
 * are in a fixed order, so the same state always gives the same document apart from serial
 * and times. Certificates are base64 DER.
 */
export async function buildGlobalConfiguration(db: Database, options: BuildOptions): Promise<GlobalConfiguration> {
  checkOptions(options);
  const [last] = await db.select({ serial: sql<number>`coalesce(max(${configurationVersions.serial}), 0)`.mapWith(Number) }).from(configurationVersions);
  const issuedAt = options.clock.now();
  const expiresAt = new Date(issuedAt.getTime() + options.validityMinutes * 60_000);

  const memberRows = await db.select().from(members).orderBy(asc(members.memberClass), asc(members.memberCode));
  const subsystemRows = await db.select().from(subsystems).orderBy(asc(subsystems.subsystemCode));
  const gatewayRows = await db.select().from(gateways).orderBy(asc(gateways.memberClass), asc(gateways.memberCode), asc(gateways.serverCode));
  const serviceRows = await db.select().from(services)
    .orderBy(asc(services.memberClass), asc(services.memberCode), asc(services.subsystemCode), asc(services.serviceCode), asc(services.serviceVersion));
  const rightRows = await db.select({ right: accessRights, service: services }).from(accessRights).innerJoin(services, eq(accessRights.serviceId, services.id))
    .orderBy(
      asc(accessRights.clientMemberClass), asc(accessRights.clientMemberCode), asc(accessRights.clientSubsystemCode),
      asc(services.memberClass), asc(services.memberCode), asc(services.subsystemCode), asc(services.serviceCode), asc(services.serviceVersion),
      asc(accessRights.method), asc(accessRights.path),
    );
  const clientRows = await db.select().from(gatewayClients)
    .orderBy(asc(gatewayClients.clientMemberClass), asc(gatewayClients.clientMemberCode), asc(gatewayClients.clientSubsystemCode));
  const caRows = await db.select().from(trustedCas).orderBy(asc(trustedCas.sha256));
  const tsaRows = await db.select().from(tsas).orderBy(asc(tsas.name));

  return {
    version: 1,
    instance: options.instance,
    serial: (last?.serial ?? 0) + 1,
    issuedAt: issuedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    members: memberRows.map((m) => ({
      memberClass: m.memberClass,
      memberCode: m.memberCode,
      name: m.name,
      subsystems: subsystemRows.filter((s) => s.memberClass === m.memberClass && s.memberCode === m.memberCode).map((s) => s.subsystemCode),
    })),
    gateways: gatewayRows.map((g) => ({
      memberClass: g.memberClass, memberCode: g.memberCode, serverCode: g.serverCode, address: g.address,
      certificate: b64(g.authCertificate), certificateSha256: g.authCertificateSha256,
      clients: clientRows.filter((c) => c.memberClass === g.memberClass && c.memberCode === g.memberCode && c.serverCode === g.serverCode)
        .map((c) => ({ memberClass: c.clientMemberClass, memberCode: c.clientMemberCode, subsystemCode: c.clientSubsystemCode })),
    })),
    services: serviceRows.map((row) => toListing(row)),
    accessRights: rightRows.map(({ right, service }) => ({
      client: { memberClass: right.clientMemberClass, memberCode: right.clientMemberCode, subsystemCode: right.clientSubsystemCode },
      service: { memberClass: service.memberClass, memberCode: service.memberCode, subsystemCode: service.subsystemCode, serviceCode: service.serviceCode, serviceVersion: service.serviceVersion },
      method: right.method,
      path: right.path,
    })),
    trustedCas: caRows.map((c) => ({ subject: c.subject, certificate: b64(c.certificate), sha256: c.sha256 })),
    tsas: tsaRows.map((t) => ({ name: t.name, url: t.url, certificate: b64(t.certificate) })),
  };
}

/** A compact JWS whose payload is the canonical JSON of the document (so its hash is reproducible). */
export async function signGlobalConfiguration(document: GlobalConfiguration, key: ConfigurationSigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalJson(document)))
    .setProtectedHeader({ alg: jwsAlgorithm(key.privateKey), kid: key.kid, typ: GLOBAL_CONFIGURATION_TYP })
    .sign(key.privateKey);
}

export interface PublishOptions {
  instance: string;
  validityMinutes: number;
  signingKey: ConfigurationSigningKey;
}

export interface PublishedConfiguration {
  serial: number;
  jws: string;
  document: GlobalConfiguration;
}

/**
 * Builds, signs and stores the next global configuration, and logs its hash. The table is locked
 * for the transaction, so two publications never compute the same serial.
 */
export async function publishGlobalConfiguration(deps: RegistryDeps, actor: string, options: PublishOptions): Promise<PublishedConfiguration> {
  checkOptions(options);
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${configurationVersions} in exclusive mode`);
    const document = await buildGlobalConfiguration(tx, { instance: options.instance, clock: deps.clock, validityMinutes: options.validityMinutes });
    const jws = await signGlobalConfiguration(document, options.signingKey);
    await tx.insert(configurationVersions).values({
      serial: document.serial, issuedAt: new Date(document.issuedAt), expiresAt: new Date(document.expiresAt),
      document, signature: jws,
    });
    await recordRegistryChange(tx, deps.clock, {
      type: 'configuration.published', subject: `${options.instance}/${document.serial}`, actor,
      data: {
        serial: document.serial, issuedAt: document.issuedAt, expiresAt: document.expiresAt, kid: options.signingKey.kid,
        sha256: sha256Hex(Buffer.from(canonicalJson(document), 'utf8')),
      },
    });
    return { serial: document.serial, jws, document };
  });
}

/** The newest published configuration, as gateways download it and as its document; null before the first publication. */
export async function latestGlobalConfiguration(db: Database): Promise<{ serial: number; jws: string; expiresAt: Date; document: GlobalConfiguration } | null> {
  const [row] = await db.select({ serial: configurationVersions.serial, jws: configurationVersions.signature, expiresAt: configurationVersions.expiresAt, document: configurationVersions.document })
    .from(configurationVersions).orderBy(desc(configurationVersions.serial)).limit(1);
  return row ? { ...row, document: row.document as unknown as GlobalConfiguration } : null;
}
