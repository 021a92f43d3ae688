// SPDX-License-Identifier: Apache-2.0
import type { ClaimSource, PersonRecord } from '@tessera/credentials';
import type { Clock, Storage } from '@tessera/platform';
import { recordDataAccess } from '@tessera/exchange';
import type { TrustDeps } from '@tessera/trust';
import type { VerifierDeps } from '@tessera/verifier';
import type { TesseraConfig } from '../config.ts';
import { localCredentialsTrust } from './credentials-trust.ts';
import { loadDemoCredentials, type DemoCredentials } from './demo-credentials.ts';
import { startMobileCredentials, type MobileCredentials } from './start-mobile-credentials.ts';
import { registryDirectory } from './registry-directory.ts';

/** One database for the federation: the verifier's entry goes straight into the exchange's data tracker, in the outcome's transaction. */
export const sharedDataTracker = (clock: Clock): NonNullable<VerifierDeps['dataTracker']> => (tx, entry) => recordDataAccess(tx, clock, {
  subject: `EE${entry.identificationCode}`, purpose: entry.purpose, gateway: 'verifier', side: 'provider', messageId: entry.messageId, client: entry.client, service: entry.service,
});

export interface MobileCredentialsPart {
  mobile: MobileCredentials;
  demo: DemoCredentials | null;
  close(): Promise<void>;
}

/** The mobile-credentials host as `tessera start` runs it, with the demo's holder and relying parties when the demo is on. */
export async function startMobileCredentialsPart(o: {
  config: TesseraConfig; storage: Storage; clock: Clock; trust: TrustDeps; demo: boolean; onError(error: unknown, job: string): void;
  /** The owning agencies, asked over the exchange through the issuer's gateway. */
  claims: ClaimSource;
  /** The agencies' registers the demo holder is recorded in (the stand-ins behind the gateways). */
  registers: { enrol(person: PersonRecord): void };
}): Promise<MobileCredentialsPart> {
  const url = (o.config.credentialsUrl || `http://localhost:${o.config.credentialsPort}`).replace(/\/$/, '');
  const mobile = await startMobileCredentials({
    storage: o.storage, clock: o.clock, trust: await localCredentialsTrust(o.trust), url,
    dataTracker: sharedDataTracker(o.clock),
    host: o.config.host, port: o.config.credentialsPort, cookieSecret: o.config.cookieSecret, logLevel: o.config.logLevel, onError: o.onError, claims: o.claims,
    exchange: registryDirectory(o.storage.db),
  });
  try {
    const demo = o.demo ? await loadDemoCredentials(mobile, o.trust, o.registers) : null;
    return { mobile, demo, close: () => mobile.close() };
  } catch (error) {
    await mobile.close();
    throw error;
  }
}

/** The banner's lines for the mobile credentials: where the wallet and verification app are, and the demo's offer and keys. */
export function mobileCredentialsBanner(part: MobileCredentialsPart): string[] {
  const { url } = part.mobile;
  return [
    `  Credential issuer  ${url}  (OpenID4VCI; metadata at /.well-known/openid-credential-issuer)`,
    `  Web wallet         ${url}/wallet/`,
    `  Verification app   ${url}/verify  (banks, employers, agencies; REST API under /api/verifier)`,
    ...(part.demo ? [
      `  Wallet demo: ${part.demo.holder.name} adds a public-worker ID, driver’s licence, household register certificate and nurse licence`,
      `    offer link        ${part.demo.offer.link}`,
      `    by reference      ${part.demo.offer.referenceLink}`,
      `    transaction code  ${part.demo.offer.txCode}`,
    `    open in wallet    ${url}/wallet/#/add?offer=${encodeURIComponent(part.demo.offer.link)}`,
      ...part.demo.relyingParties.map((r) => `    ${r.name.padEnd(24)}API key ${r.apiKey}`),
    ] : []),
  ];
}
