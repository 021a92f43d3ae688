// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import type { X509Certificate } from '@peculiar/x509';
import type { Clock } from '@tessera/platform';
import {
  caCertificates, fetchPinnedAuthorities, loadTrustAnchors, localServiceCertification, registerStatusSource, remoteServiceCertification, remoteStatusSource,
  STATUS_FEED_PATH, TrustAnchorsRefused, type CertificateStatusSource, type KeyStore, type ServiceCertification, type TrustAnchors, type TrustDeps,
} from '@tessera/trust';

/**
 * Everything the issuer and the verifier need of the trust services, whether those run in this
 * process (the one-process federation, `localCredentialsTrust`) or in their own part, reached
 * over the wire (`tessera serve credentials`, `remoteCredentialsTrust`): keys certified by the
 * services CA, the trust anchors, and the status of the ID cards credentials derive from with
 * its change feed.
 */
export interface CredentialsTrust {
  pki: ServiceCertification;
  anchors: TrustAnchors;
  /** The card authentication CA: the cards credentials derive from are its certificates. */
  cardAuthCa: X509Certificate;
  /** The CAs that certify issuers and relying parties. */
  servicesCas: X509Certificate[];
  cardStatus: CertificateStatusSource & { onResync?(listener: () => void): () => void };
  close(): void;
}

/** The trust services of this process, over the shared database (keys in their key store, status and changes from the card register). */
export async function localCredentialsTrust(trust: TrustDeps): Promise<CredentialsTrust> {
  const cas = await caCertificates(trust.db);
  const cardAuth = cas.find((c) => c.role === 'card-auth');
  if (!cardAuth) throw new TrustAnchorsRefused('there is no card authentication CA');
  return {
    pki: localServiceCertification(trust, 'credentials'),
    anchors: await loadTrustAnchors(trust.db),
    cardAuthCa: cardAuth.certificate,
    servicesCas: cas.filter((c) => c.role === 'services').map((c) => c.certificate),
    cardStatus: registerStatusSource(trust.db, trust.clock, trust.statusChanges),
    close: () => undefined,
  };
}

/**
 * The trust services of another part: CA certificates fetched and checked against the pinned
 * root (fail closed), keys of the credentials part's own key store certified by PKCS#10 requests
 * with its enrolment token, card status by OCSP from the card authentication CA's responder and
 * changes from the trust services' feed.
 */
export async function remoteCredentialsTrust(o: {
  trustUrl: string; rootSha256: string; enrolmentToken: string; keyStore: KeyStore; fetch: typeof fetch; clock: Clock; onError(error: unknown): void;
}): Promise<CredentialsTrust> {
  const authorities = await fetchPinnedAuthorities({ trustUrl: o.trustUrl, rootSha256: o.rootSha256, fetch: o.fetch });
  const cardAuth = authorities.byRole.get('card-auth');
  const ocspUrl = authorities.ocsp.get('card-auth');
  const services = authorities.byRole.get('services');
  if (!cardAuth || !ocspUrl || !services) throw new TrustAnchorsRefused('the card authentication CA, its OCSP responder or the services CA is not published');
  const ca = AsnConvert.parse(cardAuth.rawData, Certificate);
  const cardStatus = remoteStatusSource({
    issuer: cardAuth, issuerKeyHash: new Uint8Array(createHash('sha1').update(new Uint8Array(ca.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)).digest()),
    ocspUrl, feedUrl: new URL(STATUS_FEED_PATH, o.trustUrl).toString(), fetch: o.fetch, clock: o.clock, onError: o.onError,
  });
  return {
    pki: remoteServiceCertification({ trustUrl: o.trustUrl, token: o.enrolmentToken, keyStore: o.keyStore, authorities, fetch: o.fetch }),
    anchors: authorities.anchors,
    cardAuthCa: cardAuth,
    servicesCas: [services],
    cardStatus,
    close: () => cardStatus.close(),
  };
}
