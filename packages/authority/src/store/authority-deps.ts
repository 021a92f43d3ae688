// SPDX-License-Identifier: Apache-2.0
import type { Clock, Database } from '@tessera/platform';
import type { FeeSchedule } from '../domain/application/fee.ts';
import type { PhotoRules } from '../domain/application/uploaded-file.ts';
import type { SanctionsList } from '../domain/checks/index.ts';
import type { PaymentGateway } from '../payment/payment-port.ts';
import type { CardDesk } from '../cards/card-desk.ts';
import type { BiometricMatcher } from '../domain/biometrics/biometric-matcher.ts';
import type { ShipmentManifest } from './dispatch-shipments.ts';

/** Everything the authority's operations need, built once in the composition root. */
export interface AuthorityDeps {
  db: Database;
  clock: Clock;
  fees: FeeSchedule;
  photoRules: PhotoRules;
  /** The sanctions list in force; a function so an operator can reload it without a restart. */
  sanctionsList: () => SanctionsList;
  payments: PaymentGateway;
  /** Where applicants reach the portal, for links in e-mails: https://eresident.example. */
  publicUrl: string;
  /** Where the payment provider delivers webhooks. */
  webhookUrl: string;
  /** The card issuer; without it approvals wait for cards (as when the issuer is down). */
  cards?: CardDesk;
  /** Applications per client address (default 20 a minute): each buffers up to the body limit. */
  applyRateLimit?: { max: number; timeWindow: number | string };
  /** Compares samples captured at a handover with the enrolled photo; without it no handover passes the biometric step. */
  biometrics?: BiometricMatcher;
  /** Sends shipment manifests to partner centres over the exchange (through the authority's gateway). */
  centreExchange?: CentreExchange;
  /** Withdraws (false) or restores (true) a centre's access rights at the exchange registry; wired by the composition root. */
  centreAccess?: (exchangeClient: string, allowed: boolean) => Promise<void>;
}

/** The authority's calls to its partner centres, each addressed to the centre's exchange subsystem. */
export interface CentreExchange {
  sendManifest(centreClient: string, manifest: ShipmentManifest): Promise<void>;
  /** Tells the centre it is suspended or reinstated; it ends its staff's sessions on a suspension. */
  sendSuspension?(centreClient: string, notice: { state: 'active' | 'suspended'; at: string; reason?: string }): Promise<void>;
}

export const DEFAULT_APPLY_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };
