// SPDX-License-Identifier: Apache-2.0
import { appendEvent, type Clock, type Database } from '@tessera/platform';
import type { AgencyPort } from '../domain/proactive/agency-data.ts';
import type { Programme } from '../domain/engine/types.ts';
import type { CertificateVerifier } from './certificate-port.ts';
import type { NotificationChannels } from './notification-ports.ts';

/** A one-step application as the programme's agency receives it over the exchange. */
export interface ApplicationToSend {
  readonly reference: string;
  readonly programme: string;
  readonly applicant: string;
  readonly beneficiary: string;
  readonly prefilled: Record<string, unknown>;
}

/** The agencies' application intake, reached over the exchange. */
export interface ApplicationPort {
  submit(application: ApplicationToSend): Promise<{ agencyReference: string }>;
}

/** What the proactive benefits service needs, passed in by the composition root. */
export interface BenefitsDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly agencies: AgencyPort;
  readonly intake: ApplicationPort;
  /** Where the person's benefits page is, for the links in notifications. */
  readonly pageUrl: string;
  readonly programmes: readonly Programme[];
  /** Web Push and SMS, when the deployment has them; e-mail goes through the platform's mail outbox. */
  readonly channels?: NotificationChannels;
  /** The verifier, for certificates presented from the wallet when applying; without it the agency asks for them. */
  readonly certificates?: CertificateVerifier;
}

/** A state change of the service in the public log: pseudonymous ids and codes only, never identification codes. */
export async function recordBenefitEvent(tx: Database, clock: Clock, e: { type: string; subject: string; actor: string; data?: Record<string, unknown> }) {
  return appendEvent(tx, { context: 'benefits', type: e.type, subject: e.subject, actor: e.actor, at: clock.now(), ...(e.data ? { data: e.data } : {}) });
}
