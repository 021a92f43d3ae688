// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';
import { checkOcsp, verifyCertificatePath, type TrustAnchors } from '@tessera/trust';
import type { GlobalConfiguration } from '../registry/configuration-document.ts';

export type ConfiguredGateway = GlobalConfiguration['gateways'][number];

/** The trusted CAs of the global configuration, split as a path builder needs them. */
export function anchorsOf(config: GlobalConfiguration): TrustAnchors {
  const all = config.trustedCas.map((ca) => new X509Certificate(Buffer.from(ca.certificate, 'base64')));
  return { roots: all.filter((c) => c.subject === c.issuer), intermediates: all.filter((c) => c.subject !== c.issuer) };
}

/**
 * Decides whether the other end of a TLS connection is a gateway of this exchange: its
 * certificate must be the one the registry published for a gateway (pinned by hash), chain to a
 * trusted CA and be "good" by OCSP. OCSP answers are cached for a minute per certificate, so
 * mutual TLS does not cost a round trip per message.
 */
export class PeerTrust {
  readonly #fetch: typeof fetch;
  readonly #now: () => Date;
  readonly #cache = new Map<string, { until: number; ok: boolean; reason: string }>();

  constructor(fetchImpl: typeof fetch, now: () => Date) {
    this.#fetch = fetchImpl;
    this.#now = now;
  }

  async check(der: Uint8Array, config: GlobalConfiguration): Promise<{ ok: true; gateway: ConfiguredGateway } | { ok: false; reason: string }> {
    const sha256 = createHash('sha256').update(der).digest('hex');
    const gateway = config.gateways.find((g) => g.certificateSha256.toLowerCase() === sha256);
    if (!gateway) return { ok: false, reason: 'The TLS certificate is not a registered gateway certificate.' };
    const now = this.#now();
    const cached = this.#cache.get(sha256);
    if (cached && cached.until > now.getTime()) return cached.ok ? { ok: true, gateway } : { ok: false, reason: cached.reason };
    const verdict = await this.#verify(der, config, now);
    this.#cache.set(sha256, { until: now.getTime() + 60_000, ok: verdict.ok, reason: verdict.ok ? '' : verdict.reason });
    return verdict.ok ? { ok: true, gateway } : verdict;
  }

  async #verify(der: Uint8Array, config: GlobalConfiguration, now: Date): Promise<{ ok: true } | { ok: false; reason: string }> {
    const certificate = new X509Certificate(new Uint8Array(der));
    const path = await verifyCertificatePath(certificate, anchorsOf(config), now);
    if (!path.ok) return path;
    try {
      const status = await checkOcsp(certificate, path.issuer, { fetch: this.#fetch, now });
      return status.status === 'good' ? { ok: true } : { ok: false, reason: `The gateway certificate is ${status.status}${status.reason ? ` (${status.reason})` : ''}.` };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }
}

/** How a gateway is named in its certificates' common name: instance/class/member/server. */
export const gatewayName = (g: { memberClass: string; memberCode: string; serverCode: string }, instance: string) => `${instance}/${g.memberClass}/${g.memberCode}/${g.serverCode}`;
