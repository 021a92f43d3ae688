// SPDX-License-Identifier: Apache-2.0
import { bigint, boolean, foreignKey, jsonb, pgSchema, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '@tessera/platform';

/** The central registry owns this schema; gateways see it only through the signed global configuration. */
export const exchangeRegistry = pgSchema('exchange_registry');

/** A REST endpoint a service offers: an HTTP method (or '*') and a path pattern (see path-pattern.ts). */
export interface Endpoint {
  method: string;
  path: string;
}

export const members = exchangeRegistry.table('members', {
  memberClass: text('member_class').notNull(),
  memberCode: text('member_code').notNull(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.memberClass, t.memberCode] })]);

export const subsystems = exchangeRegistry.table('subsystems', {
  memberClass: text('member_class').notNull(),
  memberCode: text('member_code').notNull(),
  subsystemCode: text('subsystem_code').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.memberClass, t.memberCode, t.subsystemCode] }),
  foreignKey({ name: 'subsystems_member_fk', columns: [t.memberClass, t.memberCode], foreignColumns: [members.memberClass, members.memberCode] }),
]);

/**
 * Gateways (X-Road security servers). A member's subsystems are served by the member's own
 * gateways. The TLS authentication certificate is how other gateways recognise this one, so one
 * certificate and one address belong to one gateway only.
 */
export const gateways = exchangeRegistry.table('gateways', {
  memberClass: text('member_class').notNull(),
  memberCode: text('member_code').notNull(),
  serverCode: text('server_code').notNull(),
  /** `https://host[:port]`, the origin other gateways connect to. */
  address: text('address').notNull().unique(),
  authCertificate: bytea('auth_certificate').notNull(),
  /** SHA-256 of the certificate DER, hex: finds a gateway by the certificate it presented. */
  authCertificateSha256: text('auth_certificate_sha256').notNull().unique(),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.memberClass, t.memberCode, t.serverCode] }),
  foreignKey({ name: 'gateways_member_fk', columns: [t.memberClass, t.memberCode], foreignColumns: [members.memberClass, members.memberCode] }),
]);

/**
 * A gateway's clients besides its owner's subsystems (X-Road: the clients registered on a
 * security server): another member's subsystem it hosts. A subsystem listed here for any gateway
 * is served only by the gateways listing it; an unlisted one by its own member's gateways. The
 * row names the gateway by its identifier, not its registration, so it outlives the gateway
 * re-registering at a new address.
 */
export const gatewayClients = exchangeRegistry.table('gateway_clients', {
  memberClass: text('member_class').notNull(),
  memberCode: text('member_code').notNull(),
  serverCode: text('server_code').notNull(),
  clientMemberClass: text('client_member_class').notNull(),
  clientMemberCode: text('client_member_code').notNull(),
  clientSubsystemCode: text('client_subsystem_code').notNull(),
  addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ name: 'gateway_clients_pk', columns: [t.memberClass, t.memberCode, t.serverCode, t.clientMemberClass, t.clientMemberCode, t.clientSubsystemCode] }),
  foreignKey({ name: 'gateway_clients_owner_fk', columns: [t.memberClass, t.memberCode], foreignColumns: [members.memberClass, members.memberCode] }),
  foreignKey({
    name: 'gateway_clients_client_fk',
    columns: [t.clientMemberClass, t.clientMemberCode, t.clientSubsystemCode],
    foreignColumns: [subsystems.memberClass, subsystems.memberCode, subsystems.subsystemCode],
  }),
]);

export const services = exchangeRegistry.table('services', {
  id: uuid('id').primaryKey(),
  memberClass: text('member_class').notNull(),
  memberCode: text('member_code').notNull(),
  subsystemCode: text('subsystem_code').notNull(),
  serviceCode: text('service_code').notNull(),
  /** Null for an unversioned service, as X-Road allows. */
  serviceVersion: text('service_version'),
  type: text('type', { enum: ['REST', 'OPENAPI'] }).notNull(),
  /** The OpenAPI document of an OPENAPI service, as the provider gave it. */
  openapi: jsonb('openapi').$type<Record<string, unknown>>(),
  /** Given for REST services, derived from `paths` for OPENAPI ones. */
  endpoints: jsonb('endpoints').notNull().$type<Endpoint[]>(),
  /** Whether responses carry personal data: the data tracker records such exchanges for the data subject. */
  handlesPersonalData: boolean('handles_personal_data').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  // NULLS NOT DISTINCT: an unversioned service code is registered once, like a versioned one.
  unique('services_identifier_unique').on(t.memberClass, t.memberCode, t.subsystemCode, t.serviceCode, t.serviceVersion).nullsNotDistinct(),
  foreignKey({ name: 'services_subsystem_fk', columns: [t.memberClass, t.memberCode, t.subsystemCode], foreignColumns: [subsystems.memberClass, subsystems.memberCode, subsystems.subsystemCode] }),
]);

/** A client subsystem may call a service; a null method or path means any. */
export const accessRights = exchangeRegistry.table('access_rights', {
  id: uuid('id').primaryKey(),
  clientMemberClass: text('client_member_class').notNull(),
  clientMemberCode: text('client_member_code').notNull(),
  clientSubsystemCode: text('client_subsystem_code').notNull(),
  serviceId: uuid('service_id').notNull().references(() => services.id),
  method: text('method'),
  path: text('path'),
  grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
}, (t) => [
  unique('access_rights_grant_unique').on(t.clientMemberClass, t.clientMemberCode, t.clientSubsystemCode, t.serviceId, t.method, t.path).nullsNotDistinct(),
  foreignKey({
    name: 'access_rights_client_fk',
    columns: [t.clientMemberClass, t.clientMemberCode, t.clientSubsystemCode],
    foreignColumns: [subsystems.memberClass, subsystems.memberCode, subsystems.subsystemCode],
  }),
]);

/** CAs whose certificates gateways accept (for authentication certificates and signers). */
export const trustedCas = exchangeRegistry.table('trusted_cas', {
  sha256: text('sha256').primaryKey(),
  certificate: bytea('certificate').notNull(),
  subject: text('subject').notNull(),
  addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
});

/** Time-stamping authorities gateways use for the message log. */
export const tsas = exchangeRegistry.table('tsas', {
  name: text('name').primaryKey(),
  url: text('url').notNull().unique(),
  certificate: bytea('certificate').notNull(),
  addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
});

/** Every global configuration published, kept so any serial a gateway reports can be looked at later. */
export const configurationVersions = exchangeRegistry.table('configuration_versions', {
  serial: bigint('serial', { mode: 'number' }).primaryKey(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  document: jsonb('document').notNull().$type<Record<string, unknown>>(),
  /** The compact JWS over the canonical JSON of `document`, served to gateways byte for byte. */
  signature: text('signature').notNull(),
});

export type MemberRow = typeof members.$inferSelect;
export type GatewayRow = typeof gateways.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;
export type AccessRightRow = typeof accessRights.$inferSelect;
