// SPDX-License-Identifier: Apache-2.0
import {
  CoseKey, DeviceKey, DeviceKeyInfo, Header, IssuerAuth, IssuerNamespaces, IssuerSigned, IssuerSignedItem, MobileSecurityObject,
  ProtectedHeaders, SignatureAlgorithm, UnprotectedHeaders, ValidityInfo, ValueDigests,
} from '@owf/mdoc';
import type { JWK } from 'jose';
import type { CredentialType } from '../types/credential-type.ts';
import { mdocCrypto } from './mdoc-crypto.ts';
import { elementValue } from './mdoc-values.ts';

export interface MdocIssue {
  type: CredentialType;
  /** Claims from the owning agency, already checked against the type. */
  claims: Record<string, unknown>;
  /** The wallet's public key from its key proof; becomes the MSO's deviceKey (a COSE_Key). */
  holderKey: JWK;
  /** The document signer: its key-store signer and x5chain (DER, the signer's certificate first). */
  signer: { publicKey: JWK; x5chain: Uint8Array[]; sign(data: Uint8Array): Promise<Uint8Array> };
  status: { idx: number; uri: string };
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * One ISO/IEC 18013-5 mdoc, as OpenID4VCI 1.0 Appendix A.2 hands it to the wallet: the
 * base64url IssuerSigned. Each data element the type puts in a namespace becomes an
 * IssuerSignedItem with its own 32 random bytes (§9.1.2.5); the MobileSecurityObject holds their
 * SHA-256 digests, the validity, the wallet's device key and — as the Token Status List draft
 * puts it for mdoc — `status.status_list` {idx, uri}; it is signed COSE_Sign1 ES256 with the
 * document signer's certificate chain in x5chain (RFC 9360).
 */
export async function issueMdoc(input: MdocIssue): Promise<string> {
  const { mdoc } = input.type;
  if (!mdoc) throw new TypeError(`${input.type.id} has no mdoc doctype.`);
  const ctx = mdocCrypto(input.signer.sign);
  const definitions = new Map(input.type.claims.map((c) => [c.name, c]));
  const namespaces = IssuerNamespaces.create({ issuerNamespaces: new Map() });
  const digests = new Map<string, Map<number, Uint8Array>>();
  for (const [namespace, elements] of Object.entries(mdoc.namespaces)) {
    const present = elements.filter((e) => input.claims[e] !== undefined && input.claims[e] !== null);
    // Digest IDs are a random permutation, so their order says nothing about the elements (§9.1.2.5).
    const ids = shuffled(present.map((_, i) => i), ctx.crypto.random);
    const items = present.map((name, i) => IssuerSignedItem.fromOptions({
      digestId: ids[i]!, random: ctx.crypto.random(32), elementIdentifier: name, elementValue: elementValue(input.type, definitions.get(name)!, input.claims[name]),
    }));
    const byId = new Map<number, Uint8Array>();
    for (const item of items) byId.set(item.digestId, await ctx.crypto.digest({ digestAlgorithm: 'SHA-256', bytes: item.encode({ asDataItem: true }) }));
    namespaces.setIssuerNamespace(namespace, items);
    digests.set(namespace, byId);
  }
  const mso = MobileSecurityObject.create({
    docType: mdoc.doctype,
    digestAlgorithm: 'SHA-256',
    valueDigests: ValueDigests.create({ digests }),
    deviceKeyInfo: DeviceKeyInfo.create({ deviceKey: DeviceKey.fromJwk(publicPart(input.holderKey)) }),
    validityInfo: ValidityInfo.create({ signed: whole(input.issuedAt), validFrom: whole(input.issuedAt), validUntil: whole(input.expiresAt) }),
  });
  mso.decodedStructure.set('status' as never, new Map([['status_list', new Map<string, unknown>([['idx', input.status.idx], ['uri', input.status.uri]])]]) as never);
  const issuerAuth = await IssuerAuth.create({
    payload: mso,
    protectedHeaders: ProtectedHeaders.create({ protectedHeaders: new Map([[Header.Algorithm, SignatureAlgorithm.ES256]]) }),
    unprotectedHeaders: UnprotectedHeaders.create({ unprotectedHeaders: new Map([[Header.X5Chain, input.signer.x5chain.length === 1 ? input.signer.x5chain[0]! : input.signer.x5chain]]) }),
    // The context signs with the key store; the key names the signer for the algorithm check.
    signingKey: CoseKey.fromJwk(publicPart(input.signer.publicKey)),
  }, ctx);
  return IssuerSigned.create({ issuerNamespaces: namespaces, issuerAuth }).encodedForOid4Vci;
}

const publicPart = (jwk: JWK): Record<string, unknown> => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
/** tdate carries whole seconds (RFC 8943 / §9.1.2.4 "without fraction of seconds"). */
const whole = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

function shuffled(values: number[], random: (n: number) => Uint8Array): number[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const r = random(4);
    const j = ((r[0]! << 24) | (r[1]! << 16) | (r[2]! << 8) | r[3]!) >>> 0;
    [out[i], out[j % (i + 1)]] = [out[j % (i + 1)]!, out[i]!];
  }
  return out;
}
