// SPDX-License-Identifier: Apache-2.0
import { configurationId } from '../issuer/configuration-id.ts';
import { TYPE_LOCALES, type CredentialType } from '../types/credential-type.ts';

export interface MetadataOptions {
  issuerUrl: string;
  batchSize: number;
  name: Record<(typeof TYPE_LOCALES)[number], string>;
}

/**
 * Credential issuer metadata (OpenID4VCI 1.0 §12.2.4): one configuration per active type and
 * format issued here (SD-JWT VC and ISO mdoc), with display and claim metadata in every language.
 */
export function credentialIssuerMetadata(types: readonly CredentialType[], o: MetadataOptions): Record<string, unknown> {
  const configurations: Record<string, unknown> = {};
  for (const t of types) {
    const display = TYPE_LOCALES.map((locale) => {
      const d = t.display[locale];
      return { name: d.name, locale, description: d.description, background_color: d.backgroundColor, text_color: d.textColor, logo: { uri: d.logo.uri, alt_text: d.logo.altText } };
    });
    const claimDisplay = (name: string) => TYPE_LOCALES.map((locale) => ({ name: t.claims.find((c) => c.name === name)!.display[locale], locale }));
    const mandatory = (name: string) => t.claims.find((c) => c.name === name)!.mandatory;
    if (t.formats.includes('dc+sd-jwt')) {
      configurations[configurationId(t.id, 'dc+sd-jwt')] = {
        format: 'dc+sd-jwt',
        vct: t.vct,
        scope: configurationId(t.id, 'dc+sd-jwt'),
        cryptographic_binding_methods_supported: ['jwk'],
        credential_signing_alg_values_supported: ['ES256'],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
        credential_metadata: { display, claims: t.claims.map((c) => ({ path: [c.name], mandatory: c.mandatory, display: claimDisplay(c.name) })) },
      };
    }
    // OpenID4VCI 1.0 Appendix A.2.2: the doctype, COSE algorithm identifiers (ES256 = -7), the
    // device key as a COSE_Key, and claim paths of namespace and data element identifier.
    if (t.formats.includes('mso_mdoc') && t.mdoc) {
      configurations[configurationId(t.id, 'mso_mdoc')] = {
        format: 'mso_mdoc',
        doctype: t.mdoc.doctype,
        scope: configurationId(t.id, 'mso_mdoc'),
        cryptographic_binding_methods_supported: ['cose_key'],
        credential_signing_alg_values_supported: [-7],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
        credential_metadata: {
          display,
          claims: Object.entries(t.mdoc.namespaces).flatMap(([namespace, elements]) => elements.map((name) => ({ path: [namespace, name], mandatory: mandatory(name), display: claimDisplay(name) }))),
        },
      };
    }
  }
  return {
    credential_issuer: o.issuerUrl,
    authorization_servers: [o.issuerUrl],
    credential_endpoint: `${o.issuerUrl}/credential`,
    nonce_endpoint: `${o.issuerUrl}/nonce`,
    deferred_credential_endpoint: `${o.issuerUrl}/deferred_credential`,
    notification_endpoint: `${o.issuerUrl}/notification`,
    batch_credential_issuance: { batch_size: o.batchSize },
    display: TYPE_LOCALES.map((locale) => ({ name: o.name[locale], locale })),
    credential_configurations_supported: configurations,
  };
}

/** Authorization server metadata (RFC 8414) of the issuer's own token endpoint. */
export function authorizationServerMetadata(issuerUrl: string): Record<string, unknown> {
  return {
    issuer: issuerUrl,
    token_endpoint: `${issuerUrl}/token`,
    authorization_endpoint: `${issuerUrl}/authorize`,
    pushed_authorization_request_endpoint: `${issuerUrl}/par`,
    require_pushed_authorization_requests: true,
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
    grant_types_supported: ['authorization_code', 'urn:ietf:params:oauth:grant-type:pre-authorized_code'],
    'pre-authorized_grant_anonymous_access_supported': true,
    token_endpoint_auth_methods_supported: ['none'],
    dpop_signing_alg_values_supported: ['ES256'],
    response_types_supported: ['code'],
  };
}
