// SPDX-License-Identifier: Apache-2.0
// Receiving credentials: OpenID4VCI 1.0, pre-authorized code flow with a transaction code,
// DPoP-bound tokens (RFC 9449) and jwt key proofs, every key made here and non-extractable.
// SD-JWT VCs and ISO mdocs (mso_mdoc) alike: the issuer binds an mdoc's MSO to the proof's key.
import { b64u, decodeJson, fromB64u, newSigningKey, sha256, signJwt } from './jose-lite.ts';
import { MdocUnreadable, readMdoc } from './mdoc.ts';
import { saveCredential, saveKey, type StoredCredential } from './store.ts';

const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

export interface Offer {
  issuer: string;
  configurationIds: string[];
  code: string;
  txCode: { length?: number; description?: string } | null;
}

export class IssuanceFailed extends Error {}

/** Reads `openid-credential-offer://?credential_offer=…` (or the same query on any URL). */
export function parseOffer(link: string): Offer {
  const query = link.includes('?') ? link.slice(link.indexOf('?') + 1) : link;
  const raw = new URLSearchParams(query).get('credential_offer');
  if (!raw) throw new IssuanceFailed('offer-unreadable');
  let offer: { credential_issuer?: string; credential_configuration_ids?: string[]; grants?: Record<string, { 'pre-authorized_code'?: string; tx_code?: { length?: number; description?: string } }> };
  try {
    offer = JSON.parse(raw);
  } catch {
    throw new IssuanceFailed('offer-unreadable');
  }
  const grant = offer.grants?.[PRE_AUTHORIZED];
  if (!offer.credential_issuer || !offer.credential_configuration_ids?.length || !grant?.['pre-authorized_code']) throw new IssuanceFailed('offer-unreadable');
  return { issuer: offer.credential_issuer, configurationIds: offer.credential_configuration_ids, code: grant['pre-authorized_code'], txCode: grant.tx_code ?? null };
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return response.json().catch(() => ({}));
}

/** Runs the whole flow and stores each offered credential with its own key. */
export async function receiveOffer(offer: Offer, txCode: string): Promise<StoredCredential[]> {
  const metadata = await json(await fetch(`${offer.issuer}/.well-known/openid-credential-issuer`));
  const as = await json(await fetch(`${offer.issuer}/.well-known/oauth-authorization-server`));
  const dpopKey = await newSigningKey();
  let dpopNonce: string | null = null;
  const dpop = async (method: string, url: string, accessToken?: string) => signJwt({ typ: 'dpop+jwt', jwk: dpopKey.publicJwk }, {
    htm: method, htu: url, iat: Math.floor(Date.now() / 1000), jti: b64u(crypto.getRandomValues(new Uint8Array(16))),
    ...(dpopNonce ? { nonce: dpopNonce } : {}), ...(accessToken ? { ath: await sha256(accessToken) } : {}),
  }, dpopKey.privateKey);
  const send = async (method: string, url: string, init: { body?: BodyInit; type?: string; accessToken?: string }) => {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { dpop: await dpop(method, url, init.accessToken) };
      if (init.type) headers['content-type'] = init.type;
      if (init.accessToken) headers.authorization = `DPoP ${init.accessToken}`;
      const response = await fetch(url, { method, headers, ...(init.body ? { body: init.body } : {}) });
      const nonce = response.headers.get('dpop-nonce');
      if (nonce) dpopNonce = nonce;
      if (attempt === 0 && (response.status === 400 || response.status === 401) && nonce) {
        const error = await json(response.clone());
        if (error.error === 'use_dpop_nonce') continue;
      }
      return response;
    }
  };

  const tokenResponse = await send('POST', String(as.token_endpoint), {
    type: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({ grant_type: PRE_AUTHORIZED, 'pre-authorized_code': offer.code, ...(offer.txCode ? { tx_code: txCode } : {}) }).toString(),
  });
  const token = await json(tokenResponse);
  if (!tokenResponse.ok) throw new IssuanceFailed(String(token.error_description ?? token.error ?? 'token-refused'));
  const accessToken = String(token.access_token);
  const configurations = metadata.credential_configurations_supported as Record<string, { format: string; vct?: string; doctype?: string; credential_metadata?: { display?: Array<{ name: string; locale: string; background_color?: string; text_color?: string }>; claims?: Array<{ path: string[]; display?: Array<{ name: string; locale: string }> }> } }>;
  const received: StoredCredential[] = [];
  for (const configurationId of offer.configurationIds) {
    const nonce = String((await json(await fetch(String(metadata.nonce_endpoint), { method: 'POST' }))).c_nonce);
    const key = await newSigningKey();
    const proof = await signJwt({ typ: 'openid4vci-proof+jwt', jwk: key.publicJwk }, { aud: offer.issuer, iat: Math.floor(Date.now() / 1000), nonce }, key.privateKey);
    const response = await send('POST', String(metadata.credential_endpoint), { type: 'application/json', accessToken, body: JSON.stringify({ credential_configuration_id: configurationId, proofs: { jwt: [proof] } }) });
    const body = await json(response);
    if (!response.ok) throw new IssuanceFailed(String(body.error_description ?? body.error ?? 'credential-refused'));
    const raw = (body.credentials as Array<{ credential: string }>)[0]!.credential;
    const configuration = configurations[configurationId]!;
    const mdoc = configuration.format === 'mso_mdoc';
    const claimLabels: Record<string, Record<string, string>> = {};
    // An mdoc claim path is [namespace, element]: the card labels the element.
    for (const c of configuration.credential_metadata?.claims ?? []) claimLabels[c.path.at(-1)!] = Object.fromEntries((c.display ?? []).map((d) => [d.locale, d.name]));
    const content = mdoc ? mdocContent(raw, configuration.doctype) : { vct: String(configuration.vct), claims: claimsOf(raw), expiresAt: expiryOf(raw) };
    const stored: StoredCredential = {
      id: `cred-${b64u(crypto.getRandomValues(new Uint8Array(12)))}`, raw, format: mdoc ? 'mso_mdoc' : 'dc+sd-jwt', ...content, configurationId, issuer: offer.issuer,
      display: Object.fromEntries((configuration.credential_metadata?.display ?? []).map((d) => [d.locale, { name: d.name, ...(d.background_color ? { backgroundColor: d.background_color } : {}), ...(d.text_color ? { textColor: d.text_color } : {}) }])),
      claimLabels, keyId: `key-${b64u(crypto.getRandomValues(new Uint8Array(12)))}`, receivedAt: new Date().toISOString(),
    };
    await saveKey(stored.keyId, key.privateKey);
    await saveCredential(stored);
    received.push(stored);
  }
  return received;
}

/** An issued mdoc's doctype, elements and validity; one of another doctype than offered is refused. */
function mdocContent(raw: string, doctype: string | undefined): Pick<StoredCredential, 'vct' | 'namespaces' | 'claims' | 'expiresAt'> {
  let mdoc: ReturnType<typeof readMdoc>;
  try {
    mdoc = readMdoc(raw);
  } catch (e) {
    if (e instanceof MdocUnreadable) throw new IssuanceFailed('credential-unreadable');
    throw e;
  }
  if (mdoc.docType !== doctype) throw new IssuanceFailed('credential-unreadable');
  return { vct: mdoc.docType, namespaces: mdoc.namespaces, claims: mdoc.claims, expiresAt: mdoc.validUntil };
}

/** The claims an SD-JWT holds for its holder: plain top-level claims and every disclosure. */
export function claimsOf(raw: string): Record<string, unknown> {
  const [jwt, ...disclosures] = raw.split('~').filter(Boolean);
  const payload = decodeJson(jwt!.split('.')[1]!);
  const claims: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) if (!['_sd', '_sd_alg', 'cnf', 'status', 'iss', 'iat', 'nbf', 'exp', 'vct'].includes(k)) claims[k] = v;
  for (const d of disclosures) {
    const decoded = JSON.parse(new TextDecoder().decode(fromB64u(d))) as unknown[];
    if (decoded.length === 3) claims[String(decoded[1])] = decoded[2];
  }
  return claims;
}

function expiryOf(raw: string): string | null {
  const exp = decodeJson(raw.split('.')[1]!).exp;
  return typeof exp === 'number' ? new Date(exp * 1000).toISOString() : null;
}
