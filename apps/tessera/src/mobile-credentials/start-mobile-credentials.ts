// SPDX-License-Identifier: Apache-2.0
// The mobile-credentials host of the federation: the OpenID4VCI issuer, the OpenID4VP verifier
// with the verification app for banks and employers, and the web wallet, on one origin so the
// browser wallet reaches the issuer and the verifier without cross-origin calls.
import { randomBytes } from 'node:crypto';
import {
  activeTypes, buildCatalogue, cardDocumentStatus, CREDENTIALS_PERMISSIONS, CREDENTIALS_ROLES, credentialsMigrations, dpopNonces, followDocumentStatus, installCatalogue, issuanceWriter, issuerIdentity,
  dpopProofRegister, registerIssuer, registerIssuerAdmin, registerIssuingDesk, statusListPublisher, type ClaimSource, type ExchangeDirectory, type IssuerAdminDeps, type IssuingDeskDeps, type Oid4vciDeps, type WalletClient,
} from '@tessera/credentials';
import { buildServer, registerIdempotency, registerStaffAuth, registerUiAssets, whileLocked, signedInStaff, type Clock, type Server, type Storage } from '@tessera/platform';
import { CertificatePathCache } from '@tessera/trust';
import {
  credentialSignIn, credentialStatusCheck, registerRelyingPartyAdmin, registerVerificationApp, registerVerifier, verifierMigrations, startDataAccessReporting, startWebhookDelivery, RELYING_PARTY_PERMISSION,
  type DataAccessReportingOptions, type IssuerTrust, type VerifierDeps,
} from '@tessera/verifier';
import { registerWallet, webWalletClient } from '@tessera/wallet';
import type { CredentialsTrust } from './credentials-trust.ts';

export interface MobileCredentialsOptions {
  storage: Storage;
  clock: Clock;
  /** The trust services, in this process or another part's (localCredentialsTrust, remoteCredentialsTrust). */
  trust: CredentialsTrust;
  /** Where the verifier records that a relying party received a person's data (the person's data tracker). */
  dataTracker: VerifierDeps['dataTracker'];
  /** When the tracker is another organisation's: hands it one report from the outbox (outboxDataTracker) after the commit. */
  reportDataAccess?: DataAccessReportingOptions['send'];
  /** Public URL of this host (the issuer identifier and the verifier's base URL), without a trailing slash. */
  url: string;
  host: string;
  port: number;
  cookieSecret: string;
  logLevel: string;
  onError(error: unknown, job: string): void;
  /** Key of the DPoP nonces; processes sharing it accept each other's nonces (default: random, this process only). */
  dpopNonceKey?: Uint8Array;
  /** Count rate limits in the database (the platform's rate_limits table), for all processes serving this host. */
  sharedRateLimits?: boolean;
  /** Wallets registered for the authorization code flow (client id and exact redirect URIs), besides the web wallet on this host. */
  walletClients?: WalletClient[];
  /** How the issuer reaches the card OCSP responder when a person signs in with the ID card (default: fetch). */
  ocspFetch?: typeof fetch;
  /** Where claims come from: each type's owning agency, asked over the exchange (exchangeClaimSource). */
  claims: ClaimSource;
  /**
   * When the issuer signs in its own staff (an organisation of its own): the administrator's
   * pages and API and the issuing desk on this host, staff accounts in its own database. Unset:
   * they are the federation's staff portal's.
   */
  staff?: { secretKey: Uint8Array; secureCookies: boolean; secondFactorRequired: boolean };
  /** The exchange registry: the catalogue is installed only if every type's agency and claims service are on it. */
  exchange: ExchangeDirectory;
}

export interface MobileCredentials {
  url: string;
  issuer: Oid4vciDeps;
  verifier: VerifierDeps;
  close(): Promise<void>;
}

export async function startMobileCredentials(o: MobileCredentialsOptions): Promise<MobileCredentials> {
  const { db } = o.storage;
  for (const m of [credentialsMigrations, verifierMigrations]) await o.storage.migrate(m);
  const vctBase = `${o.url}/types`;
  // Processes starting together on an empty database install the catalogue once: the later ones find it installed.
  await whileLocked(o.storage, 'credentials:catalogue', async () => {
    if ((await activeTypes(db)).length === 0) await installCatalogue({ db, clock: o.clock, vctBase, exchange: o.exchange }, buildCatalogue({ vctBase, logoBase: `${o.url}/logos` }), 'system');
  });
  const identity = await issuerIdentity(o.storage, o.trust.pki, o.clock, { commonName: 'Tessera Credential Issuer', organization: 'Tessera', country: 'KR' });
  const documents = cardDocumentStatus(o.trust.cardStatus, new Uint8Array(o.trust.cardAuthCa.rawData));
  const statusLists = statusListPublisher({ db, clock: o.clock, baseUrl: o.url, signer: async () => ({ x5c: identity.x5c, sign: (d) => identity.signer.sign(d) }) });
  // The web wallet served here is a client of its own: the issuer redirects back to its page.
  const web = webWalletClient(new URL(o.url).origin);
  const issuer: Oid4vciDeps = {
    db, clock: o.clock, issuerUrl: o.url, vctBase, identity: async () => identity, documents, statusLists,
    claims: o.claims,
    // Requests arriving together are written in one transaction (group commit).
    writer: issuanceWriter({ db, clock: o.clock }),
    dpopNonces: dpopNonces(o.dpopNonceKey ?? randomBytes(32), o.clock), firstUse: dpopProofRegister({ db, clock: o.clock }),
    offerMinutes: 24 * 60, accessTokenSeconds: 600, cNonceSeconds: 300, batchSize: 5, txCodeAttempts: 5, randomBytes: (n) => new Uint8Array(randomBytes(n)),
    clients: [{ clientId: web.clientId, redirectUris: [web.redirectUri] }, ...(o.walletClients ?? [])], cardSignIn: { anchors: async () => o.trust.anchors, fetch: o.ocspFetch ?? fetch },
  };
  const unfollow = followDocumentStatus({ db, clock: o.clock, documents, onError: (e) => o.onError(e, 'credential-status') });

  const issuerTrust: IssuerTrust = {
    anchors: o.trust.anchors, issuingCas: o.trust.servicesCas, paths: new CertificatePathCache(),
    issuers: [{ iss: o.url, subject: identity.certificate.subject, name: 'Tessera Credential Issuer' }],
  };
  const verifier: VerifierDeps = {
    db, clock: o.clock, baseUrl: o.url, pki: o.trust.pki, issuerTrust, vctBase,
    // Every presentation reads the list as published (the issuer re-signs only on change), so a revocation is refused at once.
    status: credentialStatusCheck({ trust: issuerTrust, clock: o.clock, maxAgeSeconds: 0, fetch: async (uri) => {
      const response = await fetch(uri, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`status list ${uri}: ${response.status}`);
      return response.text();
    } }),
    requestSeconds: 600, iatWindow: { pastSeconds: 300, futureSeconds: 60 }, randomBytes: (n) => new Uint8Array(randomBytes(n)),
    ...(o.dataTracker ? { dataTracker: o.dataTracker } : {}),
  };
  // Sign-in at the issuer with an identity credential it issued: the issuer as OpenID4VP verifier, its own lists read in process.
  issuer.presentationSignIn = credentialSignIn({
    vcts: ['ee.ppa.id-card', 'ee.ppa.e-resident-digi-id', 'kr.mois.resident-registration-card'].map((id) => `${vctBase}/${id}`),
    trust: issuerTrust, clock: o.clock, iatWindow: verifier.iatWindow,
    status: credentialStatusCheck({ trust: issuerTrust, clock: o.clock, maxAgeSeconds: 0, fetch: (uri) => statusLists.token(Number(uri.split('/').pop())) }),
    signer: async () => ({ x5c: identity.x5c, sign: (d) => identity.signer.sign(d) }),
    registration: { relyingParty: 'tessera-credential-issuer', name: { en: 'Tessera credential issuer', et: 'Tessera tõendite väljaandja', ko: 'Tessera 전자증명서 발급기관' }, purpose: { en: 'Signing in to receive credentials', et: 'Sisselogimine tõendite saamiseks', ko: '증명서를 받기 위한 로그인' } },
  });
  // Webhooks leave the verifier's outbox after the outcome commits, and again on an interval until the receiver takes them.
  const webhooks = startWebhookDelivery({ db, clock: o.clock, fetch, onError: (e) => o.onError(e, 'verifier-webhooks') });
  // Likewise the person's data-tracker entries, when their tracker is reached over the exchange.
  const reports = o.reportDataAccess ? startDataAccessReporting({ db, clock: o.clock, send: o.reportDataAccess, onError: (e) => o.onError(e, 'verifier-data-access-reports') }) : null;

  const server = await buildServer({ title: 'Tessera — mobile credentials', cookieSecret: o.cookieSecret, logLevel: o.logLevel, ...(o.sharedRateLimits ? { sharedRateLimits: { db, clock: o.clock } } : {}) });
  registerUiAssets(server);
  await registerIssuer(server, issuer);
  await registerVerifier(server, verifier, {
    onOutcome: () => {
      webhooks.nudge();
      reports?.nudge();
    },
  });
  const active = await activeTypes(db);
  // An mdoc answer names its doctype: the first type of that doctype labels it (types sharing one, as the mDL, share their claims).
  const types = new Map([...active.filter((t) => t.mdoc).reverse().map((t) => [t.mdoc!.doctype, t] as const), ...active.map((t) => [t.vct, t] as const)]);
  registerVerificationApp(server, verifier, { claimLabels: (vct, claim, locale) => types.get(vct)?.claims.find((c) => c.name === claim)?.display[locale] });
  await registerWallet(server, { clock: o.clock, anchors: issuerTrust.anchors, requestOrigins: [new URL(o.url).origin], fetch });
  if (o.staff) registerOwnStaff(server, { admin: { db, clock: o.clock, vctBase, exchange: o.exchange, documents }, desk: issuer, verifier, staff: o.staff });
  await server.listen({ host: o.host, port: o.port });
  return {
    url: o.url, issuer, verifier,
    async close() {
      await unfollow();
      await server.close();
      await webhooks.stop();
      await reports?.stop();
    },
  };
}

/** Where each of the part's own roles lands after signing in: the first page its permissions open. */
const OWN_STAFF_HOMES = [
  { permission: CREDENTIALS_PERMISSIONS.read, path: '/issuer/admin/types' },
  { permission: CREDENTIALS_PERMISSIONS.offer, path: '/issuer/desk/offers/new' },
] as const;

/**
 * The part's own roles: the issuer's, its administrator also keeping the verifier's register of
 * relying parties (the organisation runs both), the desk only making offers.
 */
export const OWN_STAFF_ROLES = {
  issuer_admin: [...CREDENTIALS_ROLES.issuer_admin, RELYING_PARTY_PERMISSION],
  issuing_desk: CREDENTIALS_ROLES.issuing_desk,
} as const;

/**
 * The issuer's own staff (tessera serve credentials): sign-in with OWN_STAFF_ROLES, accounts and
 * sessions in the part's database, the administrator's pages and API (and the verifier's
 * relying-party register), the issuing desk, and `/issuer/staff`, where signing in lands, sending
 * each to the first of those pages its role opens.
 */
export function registerOwnStaff(server: Server, o: { admin: IssuerAdminDeps; desk: IssuingDeskDeps; verifier: VerifierDeps; staff: NonNullable<MobileCredentialsOptions['staff']> }): void {
  const { db, clock } = o.admin;
  const auth = registerStaffAuth(server, {
    db, clock, roles: OWN_STAFF_ROLES, secretKey: o.staff.secretKey, secureCookies: o.staff.secureCookies, home: '/issuer/staff', issuer: 'Tessera credential issuer',
    secondFactorRequiredFor: o.staff.secondFactorRequired ? ['issuer_admin', 'issuing_desk'] : [],
  });
  registerIdempotency(server, { db, clock, scope: (request) => request.staff?.id ?? 'anonymous' });
  server.get('/issuer/staff', { schema: { hide: true }, preHandler: auth.requireSignedIn() }, async (request, reply) =>
    reply.redirect(OWN_STAFF_HOMES.find((h) => signedInStaff(request).permissions.has(h.permission))?.path ?? '/', 303));
  registerIssuerAdmin(server, o.admin, auth);
  registerIssuingDesk(server, o.desk, auth);
  registerRelyingPartyAdmin(server, o.verifier, auth.requirePermission(RELYING_PARTY_PERMISSION));
}
