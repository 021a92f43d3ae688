// SPDX-License-Identifier: Apache-2.0
// The exchange's public API.
export * from './protocol/index.ts';
export * from './message-log/index.ts';
