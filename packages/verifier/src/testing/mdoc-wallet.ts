// SPDX-License-Identifier: Apache-2.0
import {
  CoseKey, Curve, DeviceRequest, DeviceResponse, DocRequest, IssuerSigned, ItemsRequest, KeyType, SessionTranscript, SignatureAlgorithm,
} from '@owf/mdoc';
import { mdocCrypto } from '@tessera/credentials';
import type { HolderKey } from './verifier-fixture.ts';

/** What the device signature binds the response to, as the wallet reads it from the request. */
export interface MdocRequestContext {
  clientId: string;
  nonce: string;
  responseUri: string;
  /** The thumbprint of the request's encryption key (direct_post.jwt), or absent. */
  jwkThumbprint?: Uint8Array;
}

/**
 * A wallet's mdoc presentation made with the OpenWallet Foundation mdoc library: a DeviceResponse
 * disclosing only `elements` of the issued mdoc, device-signed with the holder key over the
 * library's own OpenID4VP 1.0 SessionTranscript (or over `transcript` when a test gives one), as
 * the base64url vp_token value (OpenID4VP 1.0 Appendix B.2).
 */
export async function presentMdoc(issued: string, key: HolderKey, request: MdocRequestContext, elements: Record<string, string[]>, transcript?: SessionTranscript): Promise<string> {
  return presentMdocs([{ issued, elements }], key, request, transcript);
}

/** As {@link presentMdoc}, several mdocs bound to the same holder key in one DeviceResponse: one document each, in order. */
export async function presentMdocs(documents: Array<{ issued: string; elements: Record<string, string[]> }>, key: HolderKey, request: MdocRequestContext, transcript?: SessionTranscript): Promise<string> {
  const ctx = mdocCrypto(async (data) => new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, new Uint8Array(data))));
  const issuerSigned = documents.map((d) => IssuerSigned.fromEncodedForOid4Vci(d.issued));
  const docRequests = documents.map((d, i) => {
    const namespaces = Object.fromEntries(Object.entries(d.elements).map(([ns, names]) => [ns, Object.fromEntries(names.map((n) => [n, false]))]));
    return DocRequest.create({ itemsRequest: ItemsRequest.create({ docType: issuerSigned[i]!.issuerAuth.mobileSecurityObject.docType, namespaces }) });
  });
  const deviceRequest = DeviceRequest.create({ docRequests });
  const sessionTranscript = transcript ?? await SessionTranscript.forOid4Vp({ clientId: request.clientId, nonce: request.nonce, responseUri: request.responseUri, ...(request.jwkThumbprint ? { jwkThumbprint: request.jwkThumbprint } : {}) }, ctx);
  const signingKey = CoseKey.create({
    keyType: KeyType.Ec, curve: Curve['P-256'], algorithm: SignatureAlgorithm.ES256,
    x: new Uint8Array(Buffer.from(key.publicJwk.x!, 'base64url')), y: new Uint8Array(Buffer.from(key.publicJwk.y!, 'base64url')),
  });
  const response = await DeviceResponse.createWithDeviceRequest({ deviceRequest, sessionTranscript, issuerSigned, signature: { signingKey } }, ctx);
  return response.encodedForOid4Vp;
}
