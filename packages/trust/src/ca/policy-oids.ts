// SPDX-License-Identifier: Apache-2.0

/**
 * Tessera certificate policies. 1.3.6.1.4.1.99999 is a PLACEHOLDER private-enterprise arc
 * (not registered to Tessera); a deployment must replace it with its own IANA PEN arc before
 * issuing real certificates, and publish a CP/CPS for each OID.
 */
export const TESSERA_POLICY = {
  cardAuthentication: '1.3.6.1.4.1.99999.1.1',
  cardSigning: '1.3.6.1.4.1.99999.1.2',
  gatewayTls: '1.3.6.1.4.1.99999.1.3',
  gatewaySigning: '1.3.6.1.4.1.99999.1.4',
  ocspResponder: '1.3.6.1.4.1.99999.1.5',
  timeStamping: '1.3.6.1.4.1.99999.1.6',
  mdocDocumentSigner: '1.3.6.1.4.1.99999.1.7',
} as const;

/** Policies defined by ETSI EN 319 411-1 (NCP…) and EN 319 411-2 (QCP…). */
export const ETSI_POLICY = {
  /** NCP+: normalized policy with a secure device (card authentication keys live on the chip). */
  ncpPlus: '0.4.0.2042.1.2',
  /** QCP-n-qscd: qualified certificate of a natural person, key in a QSCD (the PIN2 signing key). */
  qcpNaturalQscd: '0.4.0.194112.1.2',
} as const;

/** RFC 5280 anyPolicy: issuing CAs do not restrict which of the root's policies they issue under. */
export const ANY_POLICY = '2.5.29.32.0';

/** RFC 6960 §4.2.2.2.1 id-pkix-ocsp-nocheck: relying parties need not check the responder's own status. */
export const OCSP_NOCHECK = '1.3.6.1.5.5.7.48.1.5';

export const EKU = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  /** ISO/IEC 18013-5 Annex B id-mdl-kp-mdlDS: a document signer, the key that signs mdoc MSOs. */
  mdocDocumentSigner: '1.0.18013.5.1.2',
} as const;
