// SPDX-License-Identifier: Apache-2.0
// The X-Road-compatible protocol layer an information system sees: identifiers, headers,
// request hash, gateway errors and metadata bodies. Pure: no I/O, no HTTP framework.
export * from './gateway-errors.ts';
export * from './identifiers.ts';
export * from './request-headers.ts';
export * from './request-hash.ts';
export * from './metadata.ts';
