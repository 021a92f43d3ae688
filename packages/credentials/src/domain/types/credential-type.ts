// SPDX-License-Identifier: Apache-2.0

/** The three languages every type is displayed in. */
export const TYPE_LOCALES = ['en', 'ko', 'et'] as const;
export type TypeLocale = (typeof TYPE_LOCALES)[number];
export type LocalizedText = Record<TypeLocale, string>;

/** Credential formats this issuer speaks (OpenID4VCI 1.0 Appendix A). */
export const CREDENTIAL_FORMATS = ['dc+sd-jwt', 'mso_mdoc'] as const;
export type CredentialFormat = (typeof CREDENTIAL_FORMATS)[number];

export const CLAIM_VALUE_TYPES = ['string', 'date', 'integer', 'boolean', 'image', 'string[]'] as const;
export type ClaimValueType = (typeof CLAIM_VALUE_TYPES)[number];

/** Documents a credential's status can follow: revoke or suspend the document and the credential follows. */
export const SOURCE_DOCUMENTS = ['id-card', 'digi-id', 'e-resident-digi-id', 'residence-permit-card'] as const;
export type SourceDocument = (typeof SOURCE_DOCUMENTS)[number];

export interface ClaimDefinition {
  /** The claim name in the credential (SD-JWT VC top-level claim, mdoc data element identifier). */
  name: string;
  valueType: ClaimValueType;
  mandatory: boolean;
  /** Becomes a selectively disclosable claim (RFC 9901 §4.2) instead of a plain one. */
  disclosable: boolean;
  display: LocalizedText;
}

export interface TypeDisplay {
  name: string;
  description: string;
  backgroundColor: string;
  textColor: string;
  logo: { uri: string; altText: string };
}

/**
 * A kind of credential, as data: what it says, who vouches for it, how it looks and how long it
 * lives. Adding one of the 300 types is a row in the catalogue, never code.
 */
export interface CredentialType {
  /** Stable identifier, `<jurisdiction>.<agency>.<name>` in lower case. */
  id: string;
  /** Incremented by each published change; issued credentials name the version they were made from. */
  version: number;
  jurisdiction: 'KR' | 'EE';
  /** SD-JWT VC type (draft-ietf-oauth-sd-jwt-vc §3.2.2.1.1): an https URL under the issuer. */
  vct: string;
  /** ISO/IEC 18013-5 document type and the data elements per namespace; present iff `mso_mdoc` is a format. */
  mdoc?: { doctype: string; namespaces: Record<string, string[]> };
  /** The exchange member that owns the data (X-Road member class and code). */
  agency: { memberClass: string; memberCode: string; name: LocalizedText };
  /** The agency's service (subsystem and service code on the exchange) the claims are fetched from. */
  source: { subsystem: string; service: string };
  claims: ClaimDefinition[];
  display: Record<TypeLocale, TypeDisplay>;
  /** Days a credential is valid after issuance; capped by the source document's own expiry. */
  validityDays: number;
  /** `required`: the credential is bound to the wallet's key (cnf) and presentations need a KB-JWT. */
  keyBinding: 'required';
  formats: CredentialFormat[];
  /** The document whose status the credential follows, or null for a certificate valid on its own. */
  derivedFrom: SourceDocument | null;
  /** Issued only after an officer of the agency approves (OpenID4VCI deferred issuance). */
  approval: 'immediate' | 'deferred';
}
