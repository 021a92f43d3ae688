// SPDX-License-Identifier: Apache-2.0
import type { TesseraConfig } from '../config.ts';
import type { ServeConfig } from './serve-config.ts';

/** Where the parts reach each other: set explicitly, or on this machine's default ports. */
export const pkiUrlOf = (c: TesseraConfig) => c.pkiUrl || `http://localhost:${c.trustPort}/`;
export const portalUrlOf = (c: TesseraConfig) => c.publicUrl || `http://localhost:${c.port}/`;
export const paymentsUrlOf = (c: TesseraConfig, s: ServeConfig) => s.paymentUrl || `http://localhost:${c.paymentPort}/`;
export const registryUrlOf = (s: ServeConfig) => s.registryUrl || `http://localhost:${s.registryPort}/`;
