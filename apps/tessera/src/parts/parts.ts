// SPDX-License-Identifier: Apache-2.0
import { agenciesPart } from './agencies-part.ts';
import { benefitsPart } from './benefits-part.ts';
import { centrePart } from './centre-part.ts';
import { credentialsPart } from './credentials-part.ts';
import { gatewayPart } from './gateway-part.ts';
import { paymentsPart } from './payments-part.ts';
import { portalPart } from './portal-part.ts';
import { registryPart } from './registry-part.ts';
import { trustPart } from './trust-part.ts';
import type { Part } from './part.ts';

/** Every part `tessera serve` can run; a new context adds its part with one line here. */
export const PARTS: Readonly<Record<string, Part>> = {
  portal: portalPart,
  trust: trustPart,
  registry: registryPart,
  gateway: gatewayPart,
  payments: paymentsPart,
  centre: centrePart,
  credentials: credentialsPart,
  benefits: benefitsPart,
  agencies: agenciesPart,
};
