// SPDX-License-Identifier: Apache-2.0
import type { TrustAnchors } from '@tessera/trust';
import type { WalletClient } from '../../domain/oauth/wallet-clients.ts';
import type { DpopNonces } from '../../domain/oid4vci/dpop-nonces.ts';
import type { PresentationSignIn } from '../../domain/oid4vci/presentation-sign-in.ts';
import type { IssuerDeps } from '../issuer/issuer-deps.ts';

/** The issuer's protocol settings on top of what issuing needs. */
export interface Oid4vciDeps extends IssuerDeps {
  dpopNonces: DpopNonces;
  /** Remembers DPoP proof jtis for every process of the issuer (dpopProofRegister). */
  firstUse(jti: string, until: Date): Promise<boolean>;
  /** How long an offer's pre-authorized code can be redeemed (minutes). */
  offerMinutes: number;
  accessTokenSeconds: number;
  cNonceSeconds: number;
  /** Most credentials one request may ask for (batch_credential_issuance.batch_size). */
  batchSize: number;
  /** Wrong transaction codes an offer tolerates before it is burnt. */
  txCodeAttempts: number;
  randomBytes(n: number): Uint8Array;
  /** How often a wallet should poll the deferred credential endpoint (seconds). */
  deferredIntervalSeconds?: number;
  /** Wallets registered for the authorization code flow, with their exact redirect URIs. */
  clients: WalletClient[];
  /** ID-card sign-in at the authorization endpoint: the trust anchors and fetch for OCSP. */
  cardSignIn?: { anchors(): Promise<TrustAnchors>; fetch: typeof fetch };
  /** Sign-in at the authorization endpoint with a credential this issuer issued, presented by OpenID4VP. */
  presentationSignIn?: PresentationSignIn;
}
