// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { appendEvent, isUniqueViolation, ValidationFailed, type ValidationIssue } from '@tessera/platform';
import { RelyingPartyExists } from '../domain/verifier-errors.ts';
import type { RegisteredClaims } from '../domain/dcql/check-registration.ts';
import { clientIdOf } from './relying-party-identity.ts';
import { relyingParties } from './schema.ts';
import type { VerifierDeps } from './verifier-deps.ts';

export interface RelyingPartyRegistration {
  /** Short stable identifier, e.g. `hana-bank`. */
  id: string;
  name: Record<'en' | 'ko' | 'et', string>;
  purpose: Record<'en' | 'ko' | 'et', string>;
  claims: RegisteredClaims[];
  webhookUrl?: string | null;
}

/** Only the demo world names its relying parties' keys, so its printed API keys survive a restart. */
export interface DemoKeys {
  apiKey: string;
  webhookSecret: string;
}

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

function issuesOf(r: RelyingPartyRegistration): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(r.id)) issues.push({ code: 'invalid_id', path: '/id', message: 'Use 2–63 lower-case letters, digits and dashes.' });
  for (const field of ['name', 'purpose'] as const) {
    for (const locale of ['en', 'ko', 'et'] as const) {
      if (typeof r[field]?.[locale] !== 'string' || !r[field][locale].trim()) issues.push({ code: 'missing_text', path: `/${field}/${locale}`, message: `The ${field} is needed in every language.` });
    }
  }
  if (!Array.isArray(r.claims) || r.claims.length === 0) issues.push({ code: 'no_claims', path: '/claims', message: 'Register at least one credential type and its claims.' });
  else r.claims.forEach((c, i) => {
    if (typeof c.vct !== 'string' || !c.vct) issues.push({ code: 'missing_vct', path: `/claims/${i}/vct`, message: 'Name the credential type.' });
    if (!Array.isArray(c.claims) || c.claims.length === 0 || !c.claims.every((n) => typeof n === 'string' && n)) issues.push({ code: 'no_claims', path: `/claims/${i}/claims`, message: 'Name the claims this type is asked for.' });
  });
  if (r.webhookUrl && !/^https?:\/\//.test(r.webhookUrl)) issues.push({ code: 'invalid_url', path: '/webhookUrl', message: 'The webhook must be an http(s) URL.' });
  return issues;
}

/**
 * Registers a relying party: which credential types and claims it may request and why. It gets
 * its own request-signing key and certificate from the trust services (so its client_id,
 * `x509_hash:…`, is its own and a presentation made for one relying party is useless to
 * another), an API key and a webhook signing secret, both returned once. One transaction with its transparency-log event.
 */
export async function registerRelyingParty(deps: VerifierDeps, registration: RelyingPartyRegistration, actor: string, demoKeys?: DemoKeys): Promise<{ apiKey: string; webhookSecret: string; clientId: string }> {
  const issues = issuesOf(registration);
  if (issues.length) throw new ValidationFailed(issues);
  const [existing] = await deps.db.select({ id: relyingParties.id }).from(relyingParties).where(eq(relyingParties.id, registration.id));
  if (existing) throw new RelyingPartyExists(`A relying party ${registration.id} is already registered.`);
  const now = deps.clock.now();
  const keyLabel = `verifier-rp-${registration.id}-${Buffer.from(deps.randomBytes(6)).toString('hex')}`;
  await deps.pki.keyStore.generate(keyLabel, 'P-256');
  const { certificate } = await deps.pki.certify('relying-party', keyLabel, { commonName: `${registration.name.en} (relying party)`, organization: registration.name.en, country: 'KR' });
  const apiKey = demoKeys?.apiKey ?? `rp_${Buffer.from(deps.randomBytes(24)).toString('base64url')}`;
  const webhookSecret = demoKeys?.webhookSecret ?? `whsec_${Buffer.from(deps.randomBytes(24)).toString('base64url')}`;
  try {
    await deps.db.transaction(async (tx) => {
      await tx.insert(relyingParties).values({
        id: registration.id, name: registration.name, purpose: registration.purpose, claims: registration.claims, keyLabel,
        certificate: Buffer.from(certificate.rawData), apiKeyHash: hashApiKey(apiKey), webhookUrl: registration.webhookUrl ?? null, webhookSecret, registeredAt: now, registeredBy: actor,
      });
      await appendEvent(tx, { context: 'verifier', type: 'relying_party.registered', subject: registration.id, actor, at: now, data: { name: registration.name.en, purpose: registration.purpose.en, claims: registration.claims } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new RelyingPartyExists(`A relying party ${registration.id} is already registered.`);
    throw e;
  }
  return { apiKey, webhookSecret, clientId: clientIdOf(new Uint8Array(certificate.rawData)) };
}
