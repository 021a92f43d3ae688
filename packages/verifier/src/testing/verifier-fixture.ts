// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { issueCredentials } from '@tessera/credentials';
import { openIssuerFixture, ISSUER_URL, type Holder, type IssuerFixture } from '@tessera/credentials/testing';
import { caCertificates, CertificatePathCache, loadTrustAnchors, localServiceCertification } from '@tessera/trust';
import { credentialStatusCheck } from '../domain/status/credential-status-check.ts';
import type { IssuerTrust } from '../domain/trust/issuer-trust.ts';
import { verifierMigrations } from '../store/migrations.ts';
import { registerRelyingParty, type RelyingPartyRegistration } from '../store/register-relying-party.ts';
import type { VerifierDeps } from '../store/verifier-deps.ts';

export const VERIFIER_URL = 'https://verifier.tessera.test';

export const BANK: RelyingPartyRegistration = {
  id: 'hana-bank',
  name: { en: 'Hana Bank', ko: '하나은행', et: 'Hana Pank' },
  purpose: { en: 'Opening an account: customer identification required by law', ko: '계좌 개설: 법정 고객 확인', et: 'Konto avamine: seadusega nõutud kliendi tuvastamine' },
  claims: [
    { vct: `${ISSUER_URL}/types/kr.mois.public-worker-id`, claims: ['given_name', 'family_name', 'birth_date', 'organisation'] },
    { vct: `${ISSUER_URL}/types/kr.knpa.mobile-driver-licence`, claims: ['given_name', 'family_name', 'age_over_19'] },
  ],
};

/** An employer hiring drivers, registered for elements of the ISO mobile driving licence (mdoc doctype and `namespace/element`). */
export const MDL_EMPLOYER: RelyingPartyRegistration = {
  id: 'seoul-logistics',
  name: { en: 'Seoul Logistics', ko: '서울물류', et: 'Seouli Logistika' },
  purpose: { en: 'Hiring a driver: the licence categories', ko: '운전기사 채용: 면허 종류 확인', et: 'Autojuhi värbamine: juhiloa kategooriad' },
  claims: [{ vct: 'org.iso.18013.5.1.mDL', claims: ['given_name', 'family_name', 'driving_privileges', 'age_over_19', 'birth_date'].map((e) => `org.iso.18013.5.1/${e}`) }],
};

/** A wallet key pair as a holder keeps it. */
export interface HolderKey {
  publicJwk: JWK;
  privateKey: CryptoKey;
}

export interface VerifierFixture {
  issuer: IssuerFixture;
  deps: VerifierDeps;
  holder: Holder;
  holderKey: HolderKey;
  /** The API key of each relying party the fixture registered, by id. */
  apiKeys: Map<string, string>;
  /** A fresh public-worker ID SD-JWT VC for the holder, bound to `holderKey`. */
  credential(typeId?: string): Promise<string>;
  newHolderKey(): Promise<HolderKey>;
  /** Presents `credential` with the named disclosures and a KB-JWT over the given fields. */
  present(credential: string, o: { disclose: string[]; nonce: string; aud: string; iat?: number; key?: HolderKey; sdHash?: string }): Promise<string>;
  close(): Promise<void>;
}

/** The issuer fixture, the verifier's tables and dependencies over it, the bank registered. */
export async function openVerifierFixture(o: { register?: RelyingPartyRegistration[] } = {}): Promise<VerifierFixture> {
  const issuer = await openIssuerFixture();
  try {
    const { trust } = issuer;
    await trust.storage.migrate(verifierMigrations);
    const anchors = await loadTrustAnchors(trust.storage.db);
    const services = (await caCertificates(trust.storage.db)).filter((c) => c.role === 'services').map((c) => c.certificate);
    const issuerTrust: IssuerTrust = {
      anchors, issuingCas: services, paths: new CertificatePathCache(),
      issuers: [{ iss: ISSUER_URL, subject: issuer.identity.certificate.subject, name: 'Tessera Credential Issuer' }],
    };
    const deps: VerifierDeps = {
      db: trust.storage.db, clock: trust.clock, baseUrl: VERIFIER_URL, pki: localServiceCertification(trust.deps, 'verifier'), issuerTrust,
      status: credentialStatusCheck({ trust: issuerTrust, clock: trust.clock, maxAgeSeconds: 0, fetch: async (uri) => issuer.deps.statusLists.token(Number(uri.split('/').pop())) }),
      vctBase: `${ISSUER_URL}/types`, requestSeconds: 300, iatWindow: { pastSeconds: 300, futureSeconds: 60 }, randomBytes: (n) => new Uint8Array(randomBytes(n)),
    };
    const apiKeys = new Map<string, string>();
    for (const rp of o.register ?? [BANK]) apiKeys.set(rp.id, (await registerRelyingParty(deps, rp, 'admin-1')).apiKey);
    const holder = await issuer.newHolder();
    const newHolderKey = async (): Promise<HolderKey> => {
      const pair = await generateKeyPair('ES256');
      return { publicJwk: await exportJWK(pair.publicKey), privateKey: pair.privateKey };
    };
    const holderKey = await newHolderKey();
    return {
      issuer, deps, holder, holderKey, apiKeys, newHolderKey,
      async credential(typeId = 'kr.mois.public-worker-id') {
        const batch = await issueCredentials(issuer.deps, { type: issuer.types.get(typeId)!, format: 'dc+sd-jwt', holder: holder.card.holderCode, documentRef: holder.documentRef, keys: [holderKey.publicJwk] });
        return batch.credentials[0]!;
      },
      async present(credential, p) {
        const [jwt, ...rest] = credential.split('~').filter(Boolean) as [string, ...string[]];
        const chosen = rest.filter((d) => p.disclose.includes(JSON.parse(Buffer.from(d, 'base64url').toString())[1]));
        const presented = `${jwt}~${chosen.map((d) => `${d}~`).join('')}`;
        const sdHash = p.sdHash ?? createHash('sha256').update(presented).digest('base64url');
        const kb = await new SignJWT({ nonce: p.nonce, aud: p.aud, iat: p.iat ?? Math.floor(trust.clock.now().getTime() / 1000), sd_hash: sdHash })
          .setProtectedHeader({ alg: 'ES256', typ: 'kb+jwt' }).sign((p.key ?? holderKey).privateKey);
        return `${presented}${kb}`;
      },
      close: () => issuer.close(),
    };
  } catch (e) {
    await issuer.close();
    throw e;
  }
}

