// SPDX-License-Identifier: Apache-2.0
// What other packages' tests may use to stand up the authority over test storage.
export { openAuthorityFixture, sampleFiles, sampleForm, RecordingPaymentGateway, type AuthorityFixture } from './authority-fixture.ts';
export { openAuthorityServer, TestBrowser, type AuthorityServer } from './authority-server.ts';
