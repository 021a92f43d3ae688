// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { ValidationIssue } from '@tessera/platform';
import { parseCertificate } from './certificates.ts';
import { nameIssues, throwIfInvalid, uniquely } from './input-checks.ts';
import { TrustedCaExists, TsaExists } from '../exchange-errors.ts';
import { recordRegistryChange } from './record-registry-change.ts';
import type { RegistryDeps } from './registry-deps.ts';
import { trustedCas, tsas } from './schema.ts';

export interface NewTsa {
  name: string;
  /** Where gateways send RFC 3161 requests; http is allowed, as time-stamp responses are signed. */
  url: string;
  certificate: Uint8Array;
}

/** Adds a CA whose certificates gateways accept. Only CA certificates valid now are taken. */
export async function addTrustedCa(deps: RegistryDeps, actor: string, certificate: Uint8Array): Promise<{ sha256: string; subject: string }> {
  const issues: ValidationIssue[] = [];
  const cert = parseCertificate(certificate, '/certificate', issues, { at: deps.clock.now(), ca: true });
  throwIfInvalid(issues);
  const subject = cert!.certificate.subject;
  await deps.db.transaction(async (tx) => {
    const [existing] = await tx.select({ sha256: trustedCas.sha256 }).from(trustedCas).where(eq(trustedCas.sha256, cert!.sha256));
    if (existing) throw new TrustedCaExists('This CA certificate is already trusted.');
    await uniquely(tx.insert(trustedCas).values({ sha256: cert!.sha256, certificate: cert!.der, subject, addedAt: deps.clock.now() }), (cause) => new TrustedCaExists('This CA certificate is already trusted.', { cause }));
    await recordRegistryChange(tx, deps.clock, { type: 'trusted_ca.added', subject: cert!.sha256, actor, data: { sha256: cert!.sha256, subject } });
  });
  return { sha256: cert!.sha256, subject };
}

function tsaUrl(value: unknown, issues: ValidationIssue[]): string | null {
  try {
    const url = new URL(String(value));
    if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.hash && String(value).length <= 500) return url.href;
  } catch {
    // reported below
  }
  issues.push({ code: 'format', path: '/url', message: 'The URL must be http(s)://host/path, without credentials.' });
  return null;
}

export async function addTsa(deps: RegistryDeps, actor: string, input: NewTsa): Promise<{ name: string; sha256: string }> {
  const issues = nameIssues(input.name, '/name', 100);
  const url = tsaUrl(input.url, issues);
  const cert = parseCertificate(input.certificate, '/certificate', issues, { at: deps.clock.now() });
  throwIfInvalid(issues);
  const name = input.name.trim();
  await deps.db.transaction(async (tx) => {
    await uniquely(tx.insert(tsas).values({ name, url: url!, certificate: cert!.der, addedAt: deps.clock.now() }), (cause) => new TsaExists(`A TSA named ${name} or at ${url!} is already registered.`, { cause }));
    await recordRegistryChange(tx, deps.clock, { type: 'tsa.added', subject: name, actor, data: { name, url: url!, certificateSha256: cert!.sha256 } });
  });
  return { name, sha256: cert!.sha256 };
}
