// SPDX-License-Identifier: Apache-2.0
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { cborDecode, cborEncode, CoseKey, DataItem } from '@owf/mdoc';
import { mdocClaimValue } from '@tessera/credentials';
import type { PresentationContext, VerifiedSdJwt } from '../sd-jwt/verify-sd-jwt-presentation.ts';
import { trustedMdocSignerKey } from '../trust/issuer-trust.ts';
import { refuse, type RefusalCode } from '../verifier-errors.ts';
import { oid4vpSessionTranscript } from './session-transcript.ts';

export interface MdocPresentationContext extends PresentationContext {
  responseUri: string;
  /** Thumbprint of the request's response-encryption key (direct_post.jwt), else null. */
  jwkThumbprint: Uint8Array | null;
}

const ES256 = -7;
const X5CHAIN = 33;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const isMap = (v: unknown): v is Map<unknown, unknown> => v instanceof Map;
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const malformed = (detail?: string): never => refuse('ERR_MDOC_MALFORMED', detail);

/** A COSE_Sign1 (RFC 9052 §4.2) as received: the protected header bytes are kept as they came. */
interface Sign1 {
  protectedBytes: Uint8Array;
  unprotected: Map<unknown, unknown>;
  payload: Uint8Array | null;
  signature: Uint8Array;
}

function sign1Of(value: unknown, what: string): Sign1 {
  if (!Array.isArray(value) || value.length !== 4) return malformed(`${what} is not a COSE_Sign1.`);
  const [protectedBytes, unprotected, payload, signature] = value as unknown[];
  if (!isBytes(protectedBytes) || !isMap(unprotected) || !(payload === null || isBytes(payload)) || !isBytes(signature)) return malformed(`${what} is not a COSE_Sign1.`);
  let header: unknown;
  try {
    header = cborDecode(protectedBytes);
  } catch {
    return malformed(`${what} has an unreadable protected header.`);
  }
  if (!isMap(header) || header.get(1) !== ES256) return malformed(`${what} is not signed with ES256.`);
  return { protectedBytes, unprotected, payload, signature };
}

/** ES256 over Sig_structure ["Signature1", protected, h'', payload] (RFC 9052 §4.4), with the bytes as received. */
function sign1Verifies(sign1: Sign1, payload: Uint8Array, key: KeyObject): boolean {
  const toBeSigned = cborEncode(['Signature1', sign1.protectedBytes, new Uint8Array(0), payload]);
  try {
    return verify('sha256', toBeSigned, { key, dsaEncoding: 'ieee-p1363' }, sign1.signature);
  } catch {
    return false;
  }
}

function dataItem(value: unknown, what: string): DataItem<unknown> {
  if (!(value instanceof DataItem)) return malformed(`${what} is not tag 24 encoded CBOR.`);
  try {
    void value.data;
  } catch {
    return malformed(`${what} is not CBOR.`);
  }
  return value;
}

/** At most this many documents in one DeviceResponse: more than any query of this verifier asks. */
const MAX_DOCUMENTS = 8;

/**
 * Verifies one mdoc presentation — a base64url DeviceResponse (OpenID4VP 1.0 Appendix B.2) — by
 * ISO/IEC 18013-5 §9.3.1, each rule failing closed with its own code, signatures before claims,
 * for every document it holds (one, or several when one response answers several mso_mdoc
 * queries); one verified credential per document, in order:
 *  - status 0, 1 to 8 documents; each MSO is signed ES256 by the x5chain leaf, a document signer
 *    of a listed issuer whose path ends at a Tessera root;
 *  - the MSO's docType is the document's, its validity holds at `now`, and it was signed while
 *    the document signer certificate was valid;
 *  - every disclosed IssuerSignedItem hashes (SHA-256 over its IssuerSignedItemBytes exactly as
 *    received, not a re-encoding) to the digest the MSO holds for its namespace and digestID;
 *  - the device signature, by the MSO's deviceKey, covers DeviceAuthentication over the
 *    SessionTranscript of this request (client_id, nonce, response_uri, encryption key thumbprint);
 *    a device MAC or device-signed data elements are refused;
 *  - the MSO's status list entry is valid.
 * One document failing refuses the whole response.
 */
export async function verifyMdocPresentation(presentation: string, ctx: MdocPresentationContext): Promise<VerifiedSdJwt[]> {
  if (typeof presentation !== 'string' || !BASE64URL.test(presentation)) return malformed();
  let response: unknown;
  try {
    response = cborDecode(Buffer.from(presentation, 'base64url'));
  } catch {
    return malformed();
  }
  if (!isMap(response) || response.get('version') !== '1.0' || response.get('status') !== 0) return malformed('The DeviceResponse is not version 1.0 with status 0.');
  const documents = response.get('documents');
  if (!Array.isArray(documents) || documents.length === 0 || documents.length > MAX_DOCUMENTS || !documents.every(isMap)) return malformed(`The DeviceResponse must hold 1 to ${MAX_DOCUMENTS} documents.`);
  const digest = createHash('sha256').update(presentation).digest('base64url');
  const verified: VerifiedSdJwt[] = [];
  for (const doc of documents) verified.push(await verifyDocument(doc, ctx, digest));
  return verified;
}

async function verifyDocument(doc: Map<unknown, unknown>, ctx: MdocPresentationContext, digest: string): Promise<VerifiedSdJwt> {
  const docType = doc.get('docType');
  const issuerSigned = doc.get('issuerSigned');
  const deviceSigned = doc.get('deviceSigned');
  if (typeof docType !== 'string' || !isMap(issuerSigned) || !isMap(deviceSigned)) return malformed('The document lacks docType, issuerSigned or deviceSigned.');

  // Issuer signature first: nothing of the MSO or the items is read before it verifies.
  const issuerAuth = sign1Of(issuerSigned.get('issuerAuth'), 'issuerAuth');
  if (!issuerAuth.payload) return malformed('issuerAuth has no MSO.');
  const chain = issuerAuth.unprotected.get(X5CHAIN);
  const x5chain = isBytes(chain) ? [chain] : Array.isArray(chain) && chain.every(isBytes) ? chain : [];
  const { key, issuer, certificate } = trustedMdocSignerKey(ctx.trust, x5chain, ctx.now);
  if (!sign1Verifies(issuerAuth, issuerAuth.payload, key)) refuse('ERR_CREDENTIAL_SIGNATURE_INVALID');

  let mso: unknown;
  try {
    mso = dataItem(cborDecode(issuerAuth.payload, { unwrapTopLevelDataItem: false }), 'The MSO').data;
  } catch (e) {
    if ((e as { code?: RefusalCode }).code) throw e;
    return malformed('The MSO is not MobileSecurityObjectBytes.');
  }
  if (!isMap(mso) || mso.get('version') !== '1.0' || mso.get('digestAlgorithm') !== 'SHA-256') return malformed('The MSO is not version 1.0 with SHA-256 digests.');
  if (mso.get('docType') !== docType) return malformed('The MSO was signed for another docType.');
  const validity = mso.get('validityInfo');
  const signed = isMap(validity) ? validity.get('signed') : undefined;
  const validFrom = isMap(validity) ? validity.get('validFrom') : undefined;
  const validUntil = isMap(validity) ? validity.get('validUntil') : undefined;
  if (!(signed instanceof Date) || !(validFrom instanceof Date) || !(validUntil instanceof Date)) return malformed('The MSO has no validity.');
  if (validFrom.getTime() > ctx.now.getTime()) refuse('ERR_CREDENTIAL_NOT_YET_VALID');
  if (validUntil.getTime() <= ctx.now.getTime()) refuse('ERR_CREDENTIAL_EXPIRED');
  // §9.3.1: the MSO must have been signed while the document signer certificate was valid.
  if (signed < certificate.notBefore || signed > certificate.notAfter) refuse('ERR_ISSUER_UNTRUSTED', 'The MSO was signed outside its document signer certificate’s validity.');

  const valueDigests = mso.get('valueDigests');
  if (!isMap(valueDigests)) return malformed('The MSO has no value digests.');
  const claims: Record<string, Record<string, unknown>> = {};
  const disclosedPaths: string[][] = [];
  const namespaces = issuerSigned.get('nameSpaces') ?? new Map();
  if (!isMap(namespaces)) return malformed('issuerSigned.nameSpaces is not a map.');
  for (const [namespace, items] of namespaces) {
    const digests = valueDigests.get(namespace);
    if (typeof namespace !== 'string' || !Array.isArray(items) || !isMap(digests)) return refuse('ERR_MDOC_DIGEST_MISMATCH', `${String(namespace)} is not a namespace the issuer signed.`);
    const seenIds = new Set<unknown>();
    claims[namespace] = {};
    for (const raw of items) {
      const bytes = dataItem(raw, 'An IssuerSignedItem');
      const item = bytes.data;
      if (!isMap(item) || !Number.isInteger(item.get('digestID')) || !isBytes(item.get('random')) || typeof item.get('elementIdentifier') !== 'string' || !item.has('elementValue')) return malformed('An IssuerSignedItem is incomplete.');
      const id = item.get('digestID');
      const name = item.get('elementIdentifier') as string;
      if (seenIds.has(id) || Object.hasOwn(claims[namespace], name)) return malformed('A data element or digestID is repeated.');
      seenIds.add(id);
      const expected = digests.get(id);
      const actual = createHash('sha256').update(cborEncode(bytes)).digest();
      if (!isBytes(expected) || !actual.equals(expected)) refuse('ERR_MDOC_DIGEST_MISMATCH', `${namespace} ${name}`);
      claims[namespace][name] = mdocClaimValue(item.get('elementValue'));
      disclosedPaths.push([namespace, name]);
    }
  }

  // Holder binding: the device key the issuer signed, over this request's session transcript.
  const deviceKeyInfo = mso.get('deviceKeyInfo');
  const deviceKeyMap = isMap(deviceKeyInfo) ? deviceKeyInfo.get('deviceKey') : undefined;
  let deviceKey: KeyObject | undefined;
  try {
    const cose = CoseKey.fromEncodedStructure(deviceKeyMap as Map<unknown, unknown>);
    const { d: _private, ...jwk } = cose.jwk;
    if (jwk.kty === 'EC' && jwk.crv === 'P-256') deviceKey = createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    // an unreadable key is refused below, as a key of another kind is
  }
  if (!deviceKey) {
    return refuse('ERR_HOLDER_BINDING_MISSING', 'The MSO has no usable P-256 device key.');
  }
  const deviceAuth = deviceSigned.get('deviceAuth');
  if (!isMap(deviceAuth) || !deviceAuth.has('deviceSignature')) return refuse('ERR_HOLDER_BINDING_MISSING', 'Only device signatures are accepted (no device MAC without a reader key).');
  const deviceSignature = sign1Of(deviceAuth.get('deviceSignature'), 'deviceSignature');
  if (deviceSignature.payload !== null) return malformed('The device signature must have a detached payload.');
  const deviceNamespaces = dataItem(deviceSigned.get('nameSpaces'), 'deviceSigned.nameSpaces');
  if (!isMap(deviceNamespaces.data) || deviceNamespaces.data.size !== 0) refuse('ERR_CLAIM_NOT_REQUESTED', 'Device-signed data elements are not accepted.');
  const transcript = oid4vpSessionTranscript({ clientId: ctx.clientId, nonce: ctx.nonce, responseUri: ctx.responseUri, jwkThumbprint: ctx.jwkThumbprint });
  const deviceAuthentication = cborEncode(DataItem.fromData(['DeviceAuthentication', transcript, docType, deviceNamespaces]));
  if (!sign1Verifies(deviceSignature, deviceAuthentication, deviceKey)) refuse('ERR_DEVICE_SIGNATURE_INVALID');

  const status = mso.get('status');
  const entry = isMap(status) ? status.get('status_list') : undefined;
  await ctx.status.check(isMap(entry) ? { status_list: { idx: entry.get('idx'), uri: entry.get('uri') } } : undefined, issuer.iss);

  return { issuer, vct: docType, claims, disclosedPaths, expiresAt: validUntil, digest };
}
