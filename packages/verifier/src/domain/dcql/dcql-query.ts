// SPDX-License-Identifier: Apache-2.0
import { refuse } from '../verifier-errors.ts';

/** A claims query (OpenID4VP 1.0 §6.3), as far as this verifier asks: a path of names and optional values. */
export interface ClaimQuery {
  id?: string;
  path: string[];
  values?: Array<string | number | boolean>;
  /** mso_mdoc only: whether the verifier keeps the element (ISO/IEC 18013-5 IntentToRetain). */
  intent_to_retain?: boolean;
}

/** A credential query (OpenID4VP 1.0 §6.1) for one SD-JWT VC: claim paths of claim names. */
export interface SdJwtCredentialQuery {
  id: string;
  format: 'dc+sd-jwt';
  meta: { vct_values: string[] };
  claims: ClaimQuery[];
}

/** A credential query for one ISO mdoc (Appendix B.2.3): its doctype; claim paths are [namespace, data element]. */
export interface MdocCredentialQuery {
  id: string;
  format: 'mso_mdoc';
  meta: { doctype_value: string };
  claims: ClaimQuery[];
}

export type CredentialQuery = SdJwtCredentialQuery | MdocCredentialQuery;

/** The credential types a query accepts: its vct values, or its one doctype. */
export const typesOf = (q: CredentialQuery): string[] => (q.format === 'mso_mdoc' ? [q.meta.doctype_value] : q.meta.vct_values);

/** A credential set query (OpenID4VP 1.0 §6.2): the options, each a list of credential query ids, any one of which satisfies it. */
export interface CredentialSetQuery {
  options: string[][];
  required: boolean;
}

/**
 * A DCQL query (OpenID4VP 1.0 §6) in the subset this verifier issues: claims named; without
 * credential sets every credential is required, with them each required set needs one option.
 */
export interface DcqlQuery {
  credentials: CredentialQuery[];
  credential_sets?: CredentialSetQuery[];
}

const ID = /^[A-Za-z0-9_-]+$/;
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads a DCQL query into the subset above, refusing what it cannot honour exactly rather than
 * half-supporting it: `claim_sets`, `multiple`, `trusted_authorities`, array or wildcard path
 * elements, queries that name no claims (which would ask for everything), and credential sets
 * naming an unknown credential query or leaving one out of every set (it could never be asked).
 */
export function parseDcqlQuery(input: unknown): DcqlQuery {
  if (!isRecord(input) || !Array.isArray(input.credentials) || input.credentials.length === 0) return refuse('ERR_QUERY_UNSUPPORTED', 'A query needs a non-empty credentials array.');
  for (const key of Object.keys(input)) if (key !== 'credentials' && key !== 'credential_sets') refuse('ERR_QUERY_UNSUPPORTED', `${key} is not supported.`);
  const ids = new Set<string>();
  const credentials = input.credentials.map((c: unknown): CredentialQuery => {
    if (!isRecord(c) || typeof c.id !== 'string' || !ID.test(c.id) || ids.has(c.id)) return refuse('ERR_QUERY_UNSUPPORTED', 'Each credential query needs a unique id of letters, digits, _ and -.');
    ids.add(c.id);
    for (const key of Object.keys(c)) {
      if (!['id', 'format', 'meta', 'claims', 'require_cryptographic_holder_binding'].includes(key)) refuse('ERR_QUERY_UNSUPPORTED', `${key} is not supported.`);
    }
    if (c.format !== 'dc+sd-jwt' && c.format !== 'mso_mdoc') refuse('ERR_QUERY_UNSUPPORTED', 'Only dc+sd-jwt and mso_mdoc credentials are queried.');
    if (c.require_cryptographic_holder_binding === false) refuse('ERR_QUERY_UNSUPPORTED', 'Holder binding is always required.');
    const mdoc = c.format === 'mso_mdoc';
    if (!Array.isArray(c.claims) || c.claims.length === 0) return refuse('ERR_QUERY_UNSUPPORTED', 'A credential query must name the claims it asks for.');
    const claims = c.claims.map((q: unknown): ClaimQuery => {
      if (!isRecord(q) || !Array.isArray(q.path) || q.path.length === 0 || !q.path.every((p) => typeof p === 'string')) return refuse('ERR_QUERY_UNSUPPORTED', 'Claim paths are non-empty lists of names.');
      // Appendix B.2.4: an mdoc claim is a namespace and a data element identifier, nothing deeper.
      if (mdoc && q.path.length !== 2) return refuse('ERR_QUERY_UNSUPPORTED', 'An mso_mdoc claim path is [namespace, data element identifier].');
      if (q.intent_to_retain !== undefined && (!mdoc || typeof q.intent_to_retain !== 'boolean')) return refuse('ERR_QUERY_UNSUPPORTED', 'intent_to_retain is a boolean of mso_mdoc claims.');
      if (q.values !== undefined && (!Array.isArray(q.values) || q.values.length === 0 || !q.values.every((v) => ['string', 'number', 'boolean'].includes(typeof v)))) return refuse('ERR_QUERY_UNSUPPORTED', 'values must be a non-empty list of scalars.');
      return { ...(typeof q.id === 'string' ? { id: q.id } : {}), path: q.path, ...(q.values ? { values: q.values as ClaimQuery['values'] } : {}), ...(typeof q.intent_to_retain === 'boolean' ? { intent_to_retain: q.intent_to_retain } : {}) };
    });
    if (mdoc) {
      const doctype = isRecord(c.meta) ? c.meta.doctype_value : undefined;
      if (typeof doctype !== 'string' || !doctype) return refuse('ERR_QUERY_UNSUPPORTED', 'meta.doctype_value must name the mdoc document type.');
      return { id: c.id, format: 'mso_mdoc', meta: { doctype_value: doctype }, claims };
    }
    const vcts = isRecord(c.meta) ? c.meta.vct_values : undefined;
    if (!Array.isArray(vcts) || vcts.length === 0 || !vcts.every((v) => typeof v === 'string')) return refuse('ERR_QUERY_UNSUPPORTED', 'meta.vct_values must name the credential types.');
    return { id: c.id, format: 'dc+sd-jwt', meta: { vct_values: vcts }, claims };
  });
  if (input.credential_sets === undefined) return { credentials };
  return { credentials, credential_sets: parseCredentialSets(input.credential_sets, ids) };
}

function parseCredentialSets(input: unknown, ids: Set<string>): CredentialSetQuery[] {
  if (!Array.isArray(input) || input.length === 0) return refuse('ERR_QUERY_UNSUPPORTED', 'credential_sets must be a non-empty array.');
  const referenced = new Set<string>();
  const sets = input.map((set: unknown): CredentialSetQuery => {
    if (!isRecord(set) || !Array.isArray(set.options) || set.options.length === 0) return refuse('ERR_QUERY_UNSUPPORTED', 'A credential set needs a non-empty options array.');
    for (const key of Object.keys(set)) if (key !== 'options' && key !== 'required') refuse('ERR_QUERY_UNSUPPORTED', `${key} is not supported in a credential set.`);
    if (set.required !== undefined && typeof set.required !== 'boolean') return refuse('ERR_QUERY_UNSUPPORTED', 'required is a boolean.');
    const options = set.options.map((option: unknown) => {
      if (!Array.isArray(option) || option.length === 0 || !option.every((id) => typeof id === 'string' && ids.has(id))) return refuse('ERR_QUERY_UNSUPPORTED', 'Each option is a non-empty list of credential query ids of this query.');
      option.forEach((id: string) => referenced.add(id));
      return [...option] as string[];
    });
    return { options, required: set.required ?? true };
  });
  for (const id of ids) if (!referenced.has(id)) refuse('ERR_QUERY_UNSUPPORTED', `${id} is in no credential set.`);
  return sets;
}
