// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 18013-5 mdocs in the wallet: reading what the issuer sent by OpenID4VCI (the
// base64url IssuerSigned of OpenID4VCI 1.0 Appendix A.2.4) and answering an OpenID4VP 1.0
// request with a DeviceResponse (Appendix B.2) signed by the non-extractable device key.
import { CborError, decodeCbor, encodeCbor, Encoded, Tagged } from './cbor-lite.ts';
import { b64u, fromB64u } from './jose-lite.ts';

export class MdocUnreadable extends Error {}

export interface IssuedMdoc {
  docType: string;
  /** Each namespace's data element identifiers, as the issuer sent them. */
  namespaces: Record<string, string[]>;
  /** Each data element's value as JSON (dates as text, the portrait as a data: URL), by identifier. */
  claims: Record<string, unknown>;
  /** The MSO's validityInfo.validUntil. */
  validUntil: string;
}

/** What the device signature binds the answer to (OpenID4VP 1.0 Appendix B.2.6.1). */
export interface MdocAnswerContext {
  clientId: string;
  nonce: string;
  responseUri: string;
  /** RFC 7638 SHA-256 thumbprint of the key the response is encrypted to (direct_post.jwt), or null. */
  jwkThumbprint: Uint8Array | null;
}

const ES256 = -7;
const isMap = (v: unknown): v is Map<unknown, unknown> => v instanceof Map;
const unreadable = (what: string): never => {
  throw new MdocUnreadable(what);
};

/** The CBOR inside a tag 24 (an encoded CBOR data item), with the tag's bytes as received. */
function embedded(item: unknown, what: string): { value: unknown; raw: Uint8Array } {
  if (!(item instanceof Tagged) || item.tag !== 24 || !(item.value instanceof Uint8Array)) return unreadable(`${what} is not tag 24 encoded CBOR.`);
  return { value: decodeCbor(item.value).value, raw: item.value };
}

function jsonValue(value: unknown): unknown {
  if (value instanceof Tagged) return jsonValue(value.value); // full-date (1004), tdate (0)
  if (value instanceof Uint8Array) {
    let binary = '';
    for (const b of value) binary += String.fromCharCode(b);
    return `data:image/${value[0] === 0x89 && value[1] === 0x50 ? 'png' : 'jpeg'};base64,${btoa(binary)}`;
  }
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonValue(v)]));
  if (Array.isArray(value)) return value.map(jsonValue);
  return value;
}

interface ParsedIssuerSigned {
  docType: string;
  validUntil: string;
  issuerAuth: Encoded;
  /** Per namespace: each IssuerSignedItemBytes (tag 24, as received) with its element and value. */
  items: Map<string, Array<{ name: string; value: unknown; bytes: Encoded }>>;
}

function parse(raw: string): ParsedIssuerSigned {
  try {
    return parseIssuerSigned(decodeCbor(fromB64u(raw)));
  } catch (e) {
    if (e instanceof CborError || e instanceof DOMException) throw new MdocUnreadable('The credential is not CBOR.');
    throw e;
  }
}

function parseIssuerSigned(decoded: ReturnType<typeof decodeCbor>): ParsedIssuerSigned {
  const issuerSigned = decoded.value;
  if (!isMap(issuerSigned)) return unreadable('The credential is not an IssuerSigned.');
  const issuerAuth = issuerSigned.get('issuerAuth');
  if (!Array.isArray(issuerAuth) || issuerAuth.length !== 4 || !(issuerAuth[2] instanceof Uint8Array)) return unreadable('issuerAuth is not a COSE_Sign1 with the MSO.');
  const mso = embedded(decodeCbor(issuerAuth[2]).value, 'The MSO').value;
  const validity = isMap(mso) ? mso.get('validityInfo') : undefined;
  const until = isMap(validity) ? validity.get('validUntil') : undefined;
  const docType = isMap(mso) ? mso.get('docType') : undefined;
  if (typeof docType !== 'string' || !(until instanceof Tagged) || until.tag !== 0 || typeof until.value !== 'string' || Number.isNaN(Date.parse(until.value))) return unreadable('The MSO has no docType or validity.');
  const nameSpaces = issuerSigned.get('nameSpaces');
  if (!isMap(nameSpaces)) return unreadable('The credential has no nameSpaces.');
  const items: ParsedIssuerSigned['items'] = new Map();
  for (const [namespace, list] of nameSpaces) {
    if (typeof namespace !== 'string' || !Array.isArray(list)) return unreadable('A namespace is not a list of items.');
    items.set(namespace, list.map((entry) => {
      const item = embedded(entry, 'An IssuerSignedItem').value;
      const name = isMap(item) ? item.get('elementIdentifier') : undefined;
      if (typeof name !== 'string' || !isMap(item) || !item.has('elementValue')) return unreadable('An IssuerSignedItem is incomplete.');
      return { name, value: item.get('elementValue'), bytes: new Encoded(decoded.rawOf(entry as Tagged)) };
    }));
  }
  return { docType, validUntil: new Date(until.value).toISOString(), issuerAuth: new Encoded(decoded.rawOf(issuerAuth)), items };
}

/** What the card shows of an issued mdoc; refused (MdocUnreadable) when it is not one. */
export function readMdoc(raw: string): IssuedMdoc {
  const parsed = parse(raw);
  const namespaces: Record<string, string[]> = {};
  const claims: Record<string, unknown> = {};
  for (const [namespace, items] of parsed.items) {
    namespaces[namespace] = items.map((i) => i.name);
    for (const i of items) claims[i.name] = jsonValue(i.value);
  }
  return { docType: parsed.docType, namespaces, claims, validUntil: parsed.validUntil };
}

/** SessionTranscript for OpenID4VP 1.0 without the DC API: `[null, null, ["OpenID4VPHandover", sha-256(cbor([client_id, nonce, thumbprint, response_uri]))]]`. */
export async function sessionTranscript(ctx: MdocAnswerContext): Promise<unknown[]> {
  const info = encodeCbor([ctx.clientId, ctx.nonce, ctx.jwkThumbprint, ctx.responseUri]);
  return [null, null, ['OpenID4VPHandover', new Uint8Array(await crypto.subtle.digest('SHA-256', info))]];
}

/** RFC 7638 SHA-256 thumbprint of a P-256 public JWK: the members in lexicographic order, no spaces. */
export async function jwkThumbprint(jwk: JsonWebKey): Promise<Uint8Array> {
  if (jwk.kty !== 'EC' || typeof jwk.crv !== 'string' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') throw new MdocUnreadable('The encryption key is not an EC key.');
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical)));
}

/** One document of a DeviceResponse: the issued mdoc, the elements to disclose ([namespace, identifier]) and its device key. */
export interface MdocDisclosure {
  raw: string;
  elements: Array<[string, string]>;
  deviceKey: CryptoKey;
}

/**
 * The vp_token value for an mdoc (base64url DeviceResponse): one document per disclosure, each
 * holding the issuer's MSO and only the IssuerSignedItems of its `elements`, exactly as issued so
 * their digests still match, and a device signature (COSE_Sign1, ES256, detached payload) by its
 * own device key over DeviceAuthentication for this request's session transcript, with no
 * device-signed elements. Several mdocs asked for at once travel as one response, the document
 * order the disclosures'. An element the credential does not hold is refused.
 */
export async function deviceResponseOf(disclosures: MdocDisclosure[], ctx: MdocAnswerContext): Promise<string> {
  const transcript = await sessionTranscript(ctx);
  const documents: Array<Map<string, unknown>> = [];
  for (const { raw, elements, deviceKey } of disclosures) {
    const parsed = parse(raw);
    const disclosed = new Map<string, Encoded[]>();
    for (const [namespace, name] of elements) {
      const item = parsed.items.get(namespace)?.find((i) => i.name === name);
      if (!item) throw new MdocUnreadable(`The credential has no ${namespace} ${name}.`);
      disclosed.set(namespace, [...(disclosed.get(namespace) ?? []), item.bytes]);
    }
    const deviceNameSpaces = new Tagged(24, encodeCbor(new Map()));
    const deviceAuthentication = encodeCbor(new Tagged(24, encodeCbor(['DeviceAuthentication', transcript, parsed.docType, deviceNameSpaces])));
    const protectedHeader = encodeCbor(new Map([[1, ES256]]));
    const toBeSigned = encodeCbor(['Signature1', protectedHeader, new Uint8Array(0), deviceAuthentication]);
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, deviceKey, toBeSigned));
    documents.push(new Map<string, unknown>([
      ['docType', parsed.docType],
      ['issuerSigned', new Map<string, unknown>([['nameSpaces', disclosed], ['issuerAuth', parsed.issuerAuth]])],
      ['deviceSigned', new Map<string, unknown>([['nameSpaces', deviceNameSpaces], ['deviceAuth', new Map([['deviceSignature', [protectedHeader, new Map(), null, signature]]])]])],
    ]));
  }
  return b64u(encodeCbor(new Map<string, unknown>([['version', '1.0'], ['documents', documents], ['status', 0]])));
}

/** A DeviceResponse of one document: {@link deviceResponseOf} for a single mdoc. */
export async function deviceResponse(raw: string, elements: Array<[string, string]>, ctx: MdocAnswerContext, deviceKey: CryptoKey): Promise<string> {
  return deviceResponseOf([{ raw, elements, deviceKey }], ctx);
}
