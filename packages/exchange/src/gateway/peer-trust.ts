// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';
import { CertificatePathCache, fingerprintOf, type TrustAnchors } from '@tessera/trust';
import { verifyMessageSignature, commonNameOf, type MessageSignatureVerification } from '../message-log/message-signature.ts';
import type { GlobalConfiguration } from '../registry/configuration-document.ts';
import { OcspStatusCache } from './ocsp-status-cache.ts';

export type ConfiguredGateway = GlobalConfiguration['gateways'][number];

/** A configuration's trusted CAs, parsed once per configuration document. */
interface ConfigurationTrust {
  anchors: TrustAnchors;
  /** The issuing CAs the configuration lists (not self-signed): gateway certificates must come from one of them. */
  issuingCas: X509Certificate[];
  /** Registered gateways by the SHA-256 (hex, lower case) of their TLS certificate. */
  gatewaysByCertificate: Map<string, ConfiguredGateway>;
}

/** The trusted CAs of the global configuration, split as a path validator needs them. */
export function anchorsOf(config: GlobalConfiguration): TrustAnchors {
  const all = config.trustedCas.map((ca) => new X509Certificate(Buffer.from(ca.certificate, 'base64')));
  return { roots: all.filter((c) => c.subject === c.issuer), intermediates: all.filter((c) => c.subject !== c.issuer) };
}

/**
 * What a gateway trusts of the other gateways, decided from the global configuration: a peer's TLS
 * certificate must be the one the registry published for a gateway (pinned by hash), issued by a
 * listed gateway issuing CA under a trusted root, and "good" by OCSP; a message signature must be
 * by a certificate from such a CA whose common name is exactly the expected gateway's, and "good"
 * by OCSP too. Paths are validated once per certificate set (CertificatePathCache) and OCSP
 * answers kept briefly (OcspStatusCache), so neither costs a message more than a lookup.
 */
export class PeerTrust {
  readonly paths = new CertificatePathCache();
  readonly #ocsp: OcspStatusCache;
  readonly #now: () => Date;
  readonly #configurations = new WeakMap<GlobalConfiguration, ConfigurationTrust>();
  /** A connection's peer certificate (one array per TLS socket) hashed and parsed once, not per message. */
  readonly #peers = new WeakMap<Uint8Array, { sha256: string; certificate: X509Certificate }>();

  constructor(fetchImpl: typeof fetch, now: () => Date) {
    this.#now = now;
    this.#ocsp = new OcspStatusCache({ fetch: fetchImpl, now });
  }

  async check(der: Uint8Array, config: GlobalConfiguration): Promise<{ ok: true; gateway: ConfiguredGateway } | { ok: false; reason: string }> {
    let peer = this.#peers.get(der);
    if (!peer) {
      peer = { sha256: createHash('sha256').update(der).digest('hex'), certificate: this.paths.certificate(der) };
      this.#peers.set(der, peer);
    }
    const trust = this.#trustOf(config);
    const gateway = trust.gatewaysByCertificate.get(peer.sha256);
    if (!gateway) return { ok: false, reason: 'The TLS certificate is not a registered gateway certificate.' };
    const certificate = peer.certificate;
    const path = this.paths.validate(certificate, trust.anchors, { at: this.#now(), issuers: trust.issuingCas });
    if (!path.ok) return path;
    const status = await this.#ocsp.status(certificate, path.issuer, path.fingerprint);
    return status.ok ? { ok: true, gateway } : status;
  }

  /**
   * A message signature by exactly the gateway named `signer` (instance/class/member/server),
   * valid now and not revoked. Returns the verification, or why it fails.
   */
  async verifySignature(jws: string, config: GlobalConfiguration, signer: string): Promise<Extract<MessageSignatureVerification, { ok: true }> | { ok: false; reason: string }> {
    const trust = this.#trustOf(config);
    const verified = await verifyMessageSignature(jws, { trustedCas: trust.issuingCas, paths: this.paths, at: this.#now() });
    if (!verified.ok) return verified;
    if (commonNameOf(verified.certificate) !== signer) return { ok: false, reason: `the message is signed by ${verified.signer}, not by ${signer}` };
    const status = await this.#ocsp.status(verified.certificate, verified.issuer, fingerprintOf(verified.certificate));
    return status.ok ? verified : { ok: false, reason: status.reason };
  }

  #trustOf(config: GlobalConfiguration): ConfigurationTrust {
    let trust = this.#configurations.get(config);
    if (!trust) {
      const anchors = anchorsOf(config);
      const gatewaysByCertificate = new Map<string, ConfiguredGateway>();
      // the first registration of a certificate wins, as a search through the list would find it
      for (const g of config.gateways) if (!gatewaysByCertificate.has(g.certificateSha256.toLowerCase())) gatewaysByCertificate.set(g.certificateSha256.toLowerCase(), g);
      trust = { anchors, issuingCas: anchors.intermediates, gatewaysByCertificate };
      this.#configurations.set(config, trust);
    }
    return trust;
  }
}

/** How a gateway is named in its certificates' common name: instance/class/member/server. */
export const gatewayName = (g: { memberClass: string; memberCode: string; serverCode: string }, instance: string) => `${instance}/${g.memberClass}/${g.memberCode}/${g.serverCode}`;
