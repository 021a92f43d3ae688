// SPDX-License-Identifier: Apache-2.0
import { generateKeyPairSync } from 'node:crypto';
import { issueGatewayCertificates, type TrustDeps } from '@tessera/trust';
import type { MessageSigningKey } from '../message-log/message-signature.ts';
import { gatewayName } from './peer-trust.ts';

export interface ProvisionedGateway {
  tls: { key: string; cert: string; der: Uint8Array };
  signing: MessageSigningKey;
}

/**
 * Gives a member's gateway its identity: a TLS key (exportable, as Node's TLS needs it; it stays
 * in the gateway's process) and a non-extractable signing key, and certificates for both from
 * the gateway CA. The operator then registers the gateway's address and TLS certificate.
 * `extractableSigningKey` is for a caller that seals the key at once for other processes of the
 * same gateway (`loadGatewayIdentity`); it then signs only with the copy it unseals.
 */
export async function provisionGateway(
  trust: TrustDeps,
  g: { instance: string; memberClass: string; memberCode: string; memberName: string; serverCode: string; dnsNames: string[] },
  actor: string,
  options: { extractableSigningKey?: boolean } = {},
): Promise<ProvisionedGateway> {
  const tlsPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const tlsPublicKey = await crypto.subtle.importKey('spki', tlsPair.publicKey.export({ type: 'spki', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  const signingPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, options.extractableSigningKey === true, ['sign', 'verify']);
  const certificates = await issueGatewayCertificates(trust, {
    subject: { commonName: gatewayName(g, g.instance), organization: g.memberName, country: 'EE' },
    dnsNames: g.dnsNames,
    tlsPublicKey,
    signingPublicKey: signingPair.publicKey,
    validityDays: 365,
  }, actor);
  const der = new Uint8Array(certificates.tls.rawData);
  return {
    tls: { key: tlsPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: certificates.tls.toString('pem'), der },
    signing: { privateKey: signingPair.privateKey, certificateDer: new Uint8Array(certificates.signing.rawData) },
  };
}
