// SPDX-License-Identifier: Apache-2.0
// The central registry's public API: every export by name.
export { registryMigrations } from './migrations.ts';
export type { RegistryDeps } from './registry-deps.ts';
export {
  CODE_PATTERN, MEMBER_CLASS_PATTERN, INSTANCE_PATTERN, memberKey, subsystemKey, serviceKey, gatewayKey, parseSubsystemKey,
  type MemberId, type SubsystemId, type ServiceId, type GatewayId,
} from './identifiers.ts';
export { HTTP_METHODS, matchesPath, type HttpMethod } from './path-pattern.ts';
export type { Endpoint } from './schema.ts';
export { addMember, addSubsystem, listMembers, type NewMember, type MemberListing } from './members.ts';
export { registerGateway, setGatewayCertificate, removeGateway, findGateway, type NewGateway, type RegisteredGateway } from './gateways.ts';
export { addService, listServices, type NewService, type ServiceListing, type ServiceType } from './services.ts';
export { grantAccess, revokeAccess, allowedServices, type AccessGrant, type AllowedService, type Restriction } from './access-rights.ts';
export { addTrustedCa, addTsa, type NewTsa } from './trust-anchors.ts';
export { addGatewayClient, listGatewayClients, removeGatewayClient, gatewayClientKey, type GatewayClient } from './gateway-clients.ts';
export { enrolEntries, type RegistryEntries } from './enrol-entries.ts';
export { registryContents, grantKey, type RegistryContents } from './registry-contents.ts';
export { GlobalConfigurationSchema, GLOBAL_CONFIGURATION_TYP, type GlobalConfiguration, type ConfigurationService } from './configuration-document.ts';
export {
  buildGlobalConfiguration, signGlobalConfiguration, publishGlobalConfiguration, latestGlobalConfiguration,
  type BuildOptions, type ConfigurationSigningKey, type PublishOptions, type PublishedConfiguration,
} from './global-configuration.ts';
export {
  createConfigurationClient, type ConfigurationClient, type ConfigurationClientOptions, type ConfigurationStore, type RefreshResult,
} from './configuration-client.ts';
// the registry's rows of the exchange's error table, so callers of the namespace find them beside its operations
export {
  AlreadyRegistered, MemberExists, SubsystemExists, ServiceExists, AccessRightExists, GatewayExists, TrustedCaExists, TsaExists, GatewayClientExists, OutdatedGlobalConf,
  GatewayCertificateTaken, GatewayCertificateUnchanged,
} from '../exchange-errors.ts';
export { gatewaysOf, servesSubsystem, messageSigner, findService, isAccessAllowed, isTrustedCa, type ConfigurationGateway } from './configuration-lookup.ts';
export { registerRegistryRoutes, REGISTRY_PERMISSIONS, type RegistryRouteOptions } from './registry-routes.ts';
export { registerOperatorConsole } from './operator-console.ts';
