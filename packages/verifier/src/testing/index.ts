// SPDX-License-Identifier: Apache-2.0
// Test helpers other packages' tests may use (`@tessera/verifier/testing`): never imported by production code.
export { openVerifierFixture, BANK, MDL_EMPLOYER, VERIFIER_URL, type VerifierFixture, type HolderKey } from './verifier-fixture.ts';
export { openVerifierServer } from './verifier-server.ts';
export { vpWalletCallbacks } from './vp-wallet.ts';
