// SPDX-License-Identifier: Apache-2.0
// The exchange's public API. The registry's identifiers (member, subsystem, service without the
// instance) differ from the protocol's (with the instance), so the registry is a namespace.
export * from './protocol/index.ts';
export * from './message-log/index.ts';
export * as registry from './registry/index.ts';
export { startGateway, type RunningGateway } from './gateway/gateway.ts';
export type { GatewayOptions, LocalService } from './gateway/gateway-options.ts';
export { provisionGateway, type ProvisionedGateway } from './gateway/provision-gateway.ts';
export { DATA_SUBJECT_HEADER, PURPOSE_HEADER } from './gateway/gateway-headers.ts';
export { trackerMigrations } from './data-tracker/migrations.ts';
export { accessesOf, recordDataAccess } from './data-tracker/data-access.ts';
export { dataTrackerSection } from './data-tracker/data-tracker-section.ts';
