// SPDX-License-Identifier: Apache-2.0
import { hkdfSync } from 'node:crypto';
import { join } from 'node:path';
import { credentialsMigrations, openCredentialsKeyStore, pruneDpopProofs } from '@tessera/credentials';
import { authMigrations, idempotencyMigrations, pruneIdempotencyKeys, pruneRateLimits, scheduleExclusive, startLogSequencer, transparencyMigrations } from '@tessera/platform';
import { outboxDataTracker, verifierMigrations } from '@tessera/verifier';
import { loadLogSigningKey } from '../log-signing-key.ts';
import { remoteCredentialsTrust } from '../mobile-credentials/credentials-trust.ts';
import { exchangeClaimSource } from '../mobile-credentials/exchange-claims.ts';
import { exchangeDataTracker } from '../mobile-credentials/exchange-data-tracker.ts';
import { startMobileCredentials } from '../mobile-credentials/start-mobile-credentials.ts';
import { configurationDirectory } from '../mobile-credentials/registry-directory.ts';
import { registry } from '@tessera/exchange';
import { INSTANCE } from '../exchange/members.ts';
import { readRegistryPublicKey, registryPublicKeyFile } from './registry-key.ts';
import { registryUrlOf } from './urls.ts';
import { Closers } from '../closers.ts';
import type { TesseraConfig } from '../config.ts';
import type { ServeConfig } from './serve-config.ts';
import type { Part } from './part.ts';
import { requirePartSettings } from './part-settings.ts';
import { openOwnStorage } from './own-storage.ts';

/** What the credentials part's own database holds: its transparency log, its staff and their sessions, its rate-limit counters and idempotency keys, the issuer's and the verifier's schemas. */
export const CREDENTIALS_PART_MIGRATIONS = [transparencyMigrations, authMigrations, idempotencyMigrations, credentialsMigrations, verifierMigrations];

function requireSettings(config: TesseraConfig, serve: ServeConfig): void {
  requirePartSettings('credentials', {
    required: [
      ['TESSERA_CREDENTIALS_DATABASE_URL', config.credentialsDatabaseUrl],
      ['TESSERA_TRUST_URL', serve.trustUrl],
      ['TESSERA_TRUST_ROOT_SHA256', serve.trustRootSha256],
      ['TESSERA_CREDENTIALS_ENROLMENT_TOKEN', serve.credentialsEnrolmentToken],
      ['TESSERA_CREDENTIALS_GATEWAY_URL', serve.credentialsGatewayUrl],
    ],
    ownDatabase: ['TESSERA_CREDENTIALS_DATABASE_URL', config.credentialsDatabaseUrl],
    authorityDatabaseUrl: config.databaseUrl,
  });
}

/**
 * The mobile-credentials host as an organisation of its own (`tessera serve credentials`): the
 * OpenID4VCI issuer, the OpenID4VP verifier and the web wallet on TESSERA_CREDENTIALS_PORT, on
 * their own PostgreSQL database (never the authority's) with their own transparency log and their
 * own keys, sealed under the KEK. The trust services are reached over the wire only: CA
 * certificates trusted under the pinned root, the issuer's and relying parties' certificates
 * enrolled by PKCS#10 with the organisation's token, card status by OCSP and the status feed; it
 * does not start when they cannot be reached or verified. Claims come from the owning agencies
 * through the issuer's own gateway, and the verifier's entries in a person's data tracker go to
 * the authority's tracker through it too (an outbox, reported after each outcome commits).
 */
export const credentialsPart: Part = {
  summary: 'mobile credentials (OpenID4VCI issuer, OpenID4VP verifier, web wallet): its own database, trust services over the wire, agencies through its own gateway',
  settings: ['keyEncryptionKey', 'cookieSecret', 'secretKey'],
  async ownStorage(config, serve) {
    requireSettings(config, serve);
    return openOwnStorage(config.credentialsDatabaseUrl, 'credentials', CREDENTIALS_PART_MIGRATIONS);
  },
  async start({ config, serve, storage, clock, onJobError }) {
    requireSettings(config, serve);
    const closers = new Closers();
    try {
      const kek = Buffer.from(config.keyEncryptionKey, 'hex');
      const keyStore = await openCredentialsKeyStore(storage.db, clock, kek);
      const trust = await remoteCredentialsTrust({
        trustUrl: serve.trustUrl, rootSha256: serve.trustRootSha256, enrolmentToken: serve.credentialsEnrolmentToken, keyStore, fetch, clock,
        onError: (error) => onJobError('credentials:status-feed', error),
      });
      closers.add(async () => trust.close());
      const logKey = await loadLogSigningKey({ dataDir: join(config.dataDir, 'credentials'), kek });
      const sequencer = startLogSequencer({ db: storage.db, key: logKey, clock, onError: (error) => onJobError('credentials:log-sequencer', error) });
      closers.add(() => sequencer.stop());
      const gatewayUrl = serve.credentialsGatewayUrl.replace(/\/$/, '');
      const url = (config.credentialsUrl || `http://localhost:${config.credentialsPort}`).replace(/\/$/, '');
      const mobile = await startMobileCredentials({
        storage, clock, trust, url, host: config.host, port: config.credentialsPort, cookieSecret: config.cookieSecret, logLevel: config.logLevel,
        onError: (error, job) => onJobError(`credentials:${job}`, error),
        claims: exchangeClaimSource({ gatewayUrl: () => gatewayUrl }),
        // Types are checked against the exchange registry's signed configuration, as a gateway reads it.
        exchange: configurationDirectory(registry.createConfigurationClient({
          fetch, url: new URL('/exchange/global-configuration', registryUrlOf(serve)).toString(), publicKey: await readRegistryPublicKey(registryPublicKeyFile(config.dataDir)), instance: INSTANCE, clock,
        })),
        // Every process of the part accepts the DPoP nonces any of them handed out.
        dpopNonceKey: new Uint8Array(hkdfSync('sha256', config.cookieSecret, 'tessera', 'dpop-nonces', 32)),
        sharedRateLimits: true,
        // The person's data tracker is the authority's: each release is queued with its outcome and reported over the exchange.
        dataTracker: outboxDataTracker(clock),
        reportDataAccess: exchangeDataTracker({ gatewayUrl }),
        // Its administrators and issuing desk sign in here, accounts in its own database: no other part reads its tables.
        staff: { secretKey: Buffer.from(config.secretKey, 'hex'), secureCookies: url.startsWith('https:'), secondFactorRequired: config.staffSecondFactor },
      });
      closers.add(() => mobile.close());
      // The counters of finished windows and the DPoP proofs too old to be replayed anyway, pruned by one process at a time.
      closers.add(scheduleExclusive(storage, 'credentials:housekeeping', 3_600_000, async () => {
        await pruneRateLimits(storage.db, new Date(clock.now().getTime() - 86_400_000));
        await pruneDpopProofs(storage.db, clock.now());
        await pruneIdempotencyKeys(storage.db, clock);
      }, onJobError));
      return { urls: { credentials: mobile.url }, close: () => closers.closeAll() };
    } catch (error) {
      await closers.closeAll().catch(() => undefined);
      throw error;
    }
  },
};
