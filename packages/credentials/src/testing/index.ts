// SPDX-License-Identifier: Apache-2.0
// Test helpers other packages' tests may use (`@tessera/credentials/testing`): never imported by
// production code.
export { openIssuerFixture, ISSUER_URL, VCT_BASE, type IssuerFixture, type Holder } from './issuer-fixture.ts';
export { openIssuerServer, openIssuerWithHolder, withIssuerAndHolder, TEST_WALLET, type IssuerServer } from './issuer-server.ts';
export { dpopClient } from './dpop-client.ts';
export { vciWallet, type VciWallet, type VciCallbacks } from './vci-wallet.ts';
export { catalogueDirectory } from './catalogue-directory.ts';
export { PUBLIC_WORKER_ID, pkceChallenge } from './wallet-constants.ts';
