// SPDX-License-Identifier: Apache-2.0
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateVapidKeys, KNOWN_PUSH_SERVICES, smsOperatorClient, verifierClient, webPushSender, type CertificateVerifier, type NotificationChannels } from '@tessera/benefits';
import type { TesseraConfig } from '../config.ts';

/**
 * The benefits notifications' channels beyond e-mail, from the configuration: Web Push with the
 * configured VAPID keys (in development, a pair made once and kept in the data folder; never in
 * production, where push is offered only with configured keys) and SMS when an operator is set.
 */
export async function benefitsChannels(config: Pick<TesseraConfig, 'vapidPublicKey' | 'vapidPrivateKey' | 'vapidSubject' | 'smsUrl' | 'smsToken'>, o: { dataDir: string; production: boolean }): Promise<NotificationChannels> {
  if (!config.vapidPublicKey !== !config.vapidPrivateKey) throw new Error('TESSERA_VAPID_PUBLIC_KEY and TESSERA_VAPID_PRIVATE_KEY are set together');
  if (config.smsUrl && !config.smsToken) throw new Error('TESSERA_SMS_URL needs TESSERA_SMS_TOKEN');
  const keys = config.vapidPublicKey ? { publicKey: config.vapidPublicKey, privateKey: config.vapidPrivateKey } : o.production ? null : await developmentVapidKeys(o.dataDir);
  return {
    ...(keys ? { push: webPushSender({ vapid: { subject: config.vapidSubject, ...keys }, pushServices: KNOWN_PUSH_SERVICES }) } : {}),
    ...(config.smsUrl ? { sms: smsOperatorClient({ url: config.smsUrl, token: config.smsToken }) } : {}),
  };
}

/** A development VAPID pair, kept so browsers' subscriptions survive a restart. */
async function developmentVapidKeys(dataDir: string): Promise<{ publicKey: string; privateKey: string }> {
  const file = join(dataDir, 'benefits-vapid.json');
  try {
    const kept: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (kept && typeof kept === 'object' && 'publicKey' in kept && 'privateKey' in kept && typeof kept.publicKey === 'string' && typeof kept.privateKey === 'string') return { publicKey: kept.publicKey, privateKey: kept.privateKey };
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  const made = generateVapidKeys();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(made), { mode: 0o600 });
  return made;
}

/** The demo's API key of the benefits service at the verifier (registered with the demo's relying parties). */
export const DEMO_BENEFITS_VERIFIER_KEY = 'rp_demo-proactive-benefits-00000000';

/**
 * The verifier the benefits service asks for household register certificates, as one of its
 * relying parties over its REST API; none without a key (the agency then asks for documents).
 * The certificate's personal identifier is an Estonian code here, as the exchange names subjects.
 */
export function benefitsCertificates(config: Pick<TesseraConfig, 'benefitsVerifierApiKey'>, o: { credentialsUrl: string; demo: boolean }): CertificateVerifier | undefined {
  const apiKey = config.benefitsVerifierApiKey || (o.demo ? DEMO_BENEFITS_VERIFIER_KEY : '');
  if (!apiKey) return undefined;
  return verifierClient({ url: o.credentialsUrl, apiKey, vct: `${o.credentialsUrl}/types/kr.mois.household-register-certificate`, issuers: [o.credentialsUrl], subjectOf: (code) => `EE${code}` });
}
