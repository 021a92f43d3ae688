// SPDX-License-Identifier: Apache-2.0
// The exchange's public API. The registry's identifiers (member, subsystem, service without the
// instance) differ from the protocol's (with the instance), so the registry is a namespace.
export * from './protocol/index.ts';
export * from './message-log/index.ts';
export * as registry from './registry/index.ts';
