// SPDX-License-Identifier: Apache-2.0
// Test helpers other packages' tests may use (`@tessera/trust/testing`): never imported by
// production code.
export { openTrustFixture, TEST_ENROLMENT_TOKEN, type TrustFixture } from './trust-fixture.ts';
export { createTestPki, counterSerials, fixedClock, type TestPki } from '../tsa/test-pki.ts';
