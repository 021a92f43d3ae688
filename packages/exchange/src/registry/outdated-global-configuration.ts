// SPDX-License-Identifier: Apache-2.0
// No usable global configuration (none verified yet, or the last one expired): the protocol's
// own fault, Server.ClientProxy.OutdatedGlobalConf, which X-Road clients already recognise.
export { OutdatedGlobalConf as OutdatedGlobalConfiguration } from '../protocol/gateway-errors.ts';
