// SPDX-License-Identifier: Apache-2.0
import type { ValidationIssue } from '@tessera/platform';
import { CLAIM_VALUE_TYPES, CREDENTIAL_FORMATS, SOURCE_DOCUMENTS, TYPE_LOCALES, type CredentialType } from './credential-type.ts';
import { agencyKey, sourceServiceKey, type ExchangeContents } from './exchange-directory.ts';

const ID = /^(kr|ee)\.[a-z0-9-]+\.[a-z0-9-]+$/;
const CLAIM_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const COLOUR = /^#[0-9a-f]{6}$/i;
const DOCTYPE = /^[a-z]{2,}(\.[A-Za-z0-9-]+)+$/;
/** Claim names the SD-JWT VC and JWT specs reserve; a type may not define them (RFC 9901 §4.2.2, SD-JWT VC §3.2.2). */
const RESERVED = new Set(['iss', 'sub', 'iat', 'nbf', 'exp', 'cnf', 'vct', 'status', 'jti', 'aud', '_sd', '_sd_alg', '...']);

/**
 * Checks that a type is complete and consistent before it is published: every field present,
 * every language displayed, selectively disclosable claims that exist, mdoc namespaces that name
 * only defined claims and carry every mandatory one, a `vct` that ends in the type's id, and an
 * agency that is a member of the exchange with the claims service registered (`exchange`, what
 * the registry holds), so the claims can be asked for. Returns every problem found, empty when
 * the type is sound.
 */
export function validateCredentialType(input: unknown, options: { vctBase: string; exchange: ExchangeContents }): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (code: string, path: string, message: string) => issues.push({ code, path, message });
  if (!isObject(input)) return [{ code: 'not_an_object', path: '', message: 'A credential type is a JSON object.' }];
  const t = input as Partial<CredentialType>;

  if (typeof t.id !== 'string' || !ID.test(t.id)) add('invalid_id', '/id', 'The id is <kr|ee>.<agency>.<name> in lower case letters, digits and dashes.');
  if (!Number.isInteger(t.version) || (t.version ?? 0) < 1) add('invalid_version', '/version', 'The version is a whole number from 1.');
  if (t.jurisdiction !== 'KR' && t.jurisdiction !== 'EE') add('invalid_jurisdiction', '/jurisdiction', 'The jurisdiction is KR or EE.');
  else if (typeof t.id === 'string' && !t.id.startsWith(`${t.jurisdiction.toLowerCase()}.`)) add('jurisdiction_mismatch', '/jurisdiction', 'The id starts with the jurisdiction.');
  if (typeof t.id === 'string' && t.vct !== `${options.vctBase}/${t.id}`) add('invalid_vct', '/vct', `The vct is ${options.vctBase}/<id>.`);

  if (!isObject(t.agency) || !nonEmpty(t.agency.memberClass) || !nonEmpty(t.agency.memberCode)) add('missing_agency', '/agency', 'The issuing agency is an exchange member (member class and code).');
  else checkText(t.agency.name, '/agency/name', add);
  if (!isObject(t.source) || !nonEmpty(t.source.subsystem) || !nonEmpty(t.source.service)) add('missing_source', '/source', 'The source is the agency subsystem and service the claims come from.');
  else if (isObject(t.agency) && nonEmpty(t.agency.memberClass) && nonEmpty(t.agency.memberCode)) {
    const agency = t.agency as CredentialType['agency'];
    if (!options.exchange.members.has(agencyKey(agency))) add('unknown_agency', '/agency', `${agencyKey(agency)} is not a member of the exchange, so the claims cannot be asked of it.`);
    else if (!options.exchange.services.has(sourceServiceKey({ agency, source: t.source as CredentialType['source'] }))) {
      add('unknown_service', '/source', `${sourceServiceKey({ agency, source: t.source as CredentialType['source'] })} is not a service registered on the exchange.`);
    }
  }

  const names = new Set<string>();
  if (!Array.isArray(t.claims) || t.claims.length === 0) add('missing_claims', '/claims', 'A type has at least one claim.');
  else t.claims.forEach((c, i) => {
    const path = `/claims/${i}`;
    if (!isObject(c) || typeof c.name !== 'string' || !CLAIM_NAME.test(c.name)) return add('invalid_claim_name', `${path}/name`, 'A claim name is snake_case, starting with a letter.');
    if (RESERVED.has(c.name)) add('reserved_claim_name', `${path}/name`, `"${c.name}" is reserved by SD-JWT VC.`);
    if (names.has(c.name)) add('duplicate_claim', `${path}/name`, `The claim "${c.name}" is defined twice.`);
    names.add(c.name);
    if (!(CLAIM_VALUE_TYPES as readonly string[]).includes(c.valueType)) add('invalid_value_type', `${path}/valueType`, `The value type is one of ${CLAIM_VALUE_TYPES.join(', ')}.`);
    if (typeof c.mandatory !== 'boolean') add('invalid_mandatory', `${path}/mandatory`, 'mandatory is true or false.');
    if (typeof c.disclosable !== 'boolean') add('invalid_disclosable', `${path}/disclosable`, 'disclosable is true or false.');
    checkText(c.display, `${path}/display`, add);
  });
  if (Array.isArray(t.claims) && t.claims.length > 0 && !t.claims.some((c) => isObject(c) && c.disclosable === true)) {
    add('nothing_disclosable', '/claims', 'At least one claim is selectively disclosable, or holders cannot disclose less than everything.');
  }

  if (!isObject(t.display)) add('missing_display', '/display', 'Display is given in en, ko and et.');
  else for (const locale of TYPE_LOCALES) {
    const d = t.display[locale];
    const path = `/display/${locale}`;
    if (!isObject(d)) { add('missing_display', path, `Display in ${locale} is missing.`); continue; }
    if (!nonEmpty(d.name)) add('missing_name', `${path}/name`, 'The name is required.');
    if (!nonEmpty(d.description)) add('missing_description', `${path}/description`, 'The description is required.');
    if (typeof d.backgroundColor !== 'string' || !COLOUR.test(d.backgroundColor)) add('invalid_colour', `${path}/backgroundColor`, 'Colours are #rrggbb.');
    if (typeof d.textColor !== 'string' || !COLOUR.test(d.textColor)) add('invalid_colour', `${path}/textColor`, 'Colours are #rrggbb.');
    else if (typeof d.backgroundColor === 'string' && COLOUR.test(d.backgroundColor) && contrast(d.backgroundColor, d.textColor) < 4.5) {
      add('low_contrast', `${path}/textColor`, 'Text and background need a contrast ratio of at least 4.5:1 (WCAG 2.2 AA).');
    }
    if (!isObject(d.logo) || !isUrl(d.logo.uri) || !nonEmpty(d.logo.altText)) add('invalid_logo', `${path}/logo`, 'The logo has a URL and an alternative text.');
  }

  if (!Number.isInteger(t.validityDays) || (t.validityDays ?? 0) < 1 || (t.validityDays ?? 0) > 3650) add('invalid_validity', '/validityDays', 'Validity is 1 to 3650 days.');
  if (t.keyBinding !== 'required') add('invalid_key_binding', '/keyBinding', 'Credentials are bound to the holder\'s key.');
  if (!Array.isArray(t.formats) || t.formats.length === 0) add('missing_formats', '/formats', 'A type has at least one format.');
  else {
    t.formats.forEach((f, i) => { if (!(CREDENTIAL_FORMATS as readonly string[]).includes(f)) add('unknown_format', `/formats/${i}`, `The format is one of ${CREDENTIAL_FORMATS.join(', ')}.`); });
    if (new Set(t.formats).size !== t.formats.length) add('duplicate_format', '/formats', 'Each format once.');
    const wantsMdoc = t.formats.includes('mso_mdoc');
    if (wantsMdoc && !isObject(t.mdoc)) add('missing_mdoc', '/mdoc', 'An mso_mdoc type names its doctype and namespaces.');
    if (!wantsMdoc && t.mdoc !== undefined) add('unexpected_mdoc', '/mdoc', 'mdoc details without the mso_mdoc format.');
  }
  if (isObject(t.mdoc)) {
    if (typeof t.mdoc.doctype !== 'string' || !DOCTYPE.test(t.mdoc.doctype)) add('invalid_doctype', '/mdoc/doctype', 'The doctype is a reverse domain name such as org.iso.18013.5.1.mDL.');
    const covered = new Set<string>();
    if (!isObject(t.mdoc.namespaces) || Object.keys(t.mdoc.namespaces).length === 0) add('missing_namespaces', '/mdoc/namespaces', 'At least one namespace.');
    else for (const [ns, elements] of Object.entries(t.mdoc.namespaces)) {
      if (!Array.isArray(elements)) { add('invalid_namespace', `/mdoc/namespaces/${ns}`, 'A namespace lists claim names.'); continue; }
      for (const e of elements) {
        if (!names.has(e)) add('unknown_mdoc_element', `/mdoc/namespaces/${ns}`, `"${e}" is not a claim of this type.`);
        covered.add(e);
      }
    }
    for (const c of t.claims ?? []) if (isObject(c) && c.mandatory && !covered.has(c.name)) add('mandatory_claim_not_in_mdoc', '/mdoc/namespaces', `The mandatory claim "${c.name}" is in no namespace.`);
  }
  if (t.derivedFrom !== null && !(SOURCE_DOCUMENTS as readonly unknown[]).includes(t.derivedFrom)) add('unknown_source_document', '/derivedFrom', `derivedFrom is null or one of ${SOURCE_DOCUMENTS.join(', ')}.`);
  if (t.approval !== 'immediate' && t.approval !== 'deferred') add('invalid_approval', '/approval', 'approval is immediate or deferred.');
  return issues;
}

function checkText(value: unknown, path: string, add: (code: string, path: string, message: string) => void): void {
  if (!isObject(value)) return add('missing_text', path, 'Text is given in en, ko and et.');
  for (const locale of TYPE_LOCALES) if (!nonEmpty(value[locale])) add('missing_translation', `${path}/${locale}`, `The ${locale} text is missing.`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0;
function isUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** WCAG 2.2 contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
