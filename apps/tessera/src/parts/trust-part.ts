// SPDX-License-Identifier: Apache-2.0
import { buildServer, scheduleExclusive } from '@tessera/platform';
import { registerTrustServices, revokeUnclaimedCards } from '@tessera/trust';
import { setUpTrust } from '../trust-setup.ts';
import { pkiUrlOf } from './urls.ts';
import type { Part } from './part.ts';

/** The trust services: CA certificates, CRLs, OCSP responders and time-stamping. */
export const trustPart: Part = {
  summary: 'trust services (CA certificates, CRLs, OCSP, time-stamping at /tsa, enrolment of other organisations’ service keys, status feed)',
  settings: ['keyEncryptionKey', 'cookieSecret'],
  async start({ config, serve, storage, clock, onJobError }) {
    const trust = await setUpTrust({ storage, clock, kek: config.keyEncryptionKey, pkiUrl: pkiUrlOf(config), dataDir: config.dataDir, ceremony: 'never' });
    const pki = await buildServer({ title: 'Tessera — trust services', cookieSecret: config.cookieSecret, logLevel: config.logLevel, storage, sharedRateLimits: { db: storage.db, clock } });
    // Only the organisations configured may enrol service keys; with none configured, every enrolment is refused.
    const enrolmentClients = serve.trustEnrolmentClients.map((c) => ({ name: c.name, tokenSha256: new Uint8Array(Buffer.from(c.tokenSha256, 'hex')) }));
    const services = await registerTrustServices(pki, trust.deps, { crlValidityHours: 24, ocspValidityMinutes: 15, crlDelayMs: 2000, enrolmentClients });
    // Status changes committed by other processes (the card register in the portal) are heard at
    // once: cached OCSP answers for those certificates are dropped and the CRLs re-signed.
    const unfollow = await trust.deps.statusChanges.follow(storage);
    const stopJob = scheduleExclusive(storage, 'trust:crls', 60_000, async () => {
      await revokeUnclaimedCards(trust.deps);
      await services.refreshCrls();
    }, onJobError);
    const url = await pki.listen({ host: config.host, port: config.trustPort });
    return {
      urls: { trust: url },
      async close() {
        stopJob();
        await unfollow();
        await services.close();
        await pki.close();
      },
    };
  },
};
