// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import Type from 'typebox';
import { NotFound, type Server } from '@tessera/platform';
import { createOcspResponder, type OcspResponder } from '../ocsp/ocsp-responder.ts';
import { registerOcspRoutes } from '../ocsp/ocsp-route.ts';
import { createTimeStampAuthority } from '../tsa/time-stamp-authority.ts';
import { registerTsaRoute } from '../tsa/tsa-route.ts';
import { caBundle, loadAuthority, type AuthorityRole } from '../register/hierarchy-store.ts';
import { publishCrl, storedCrl } from '../register/publish-crl.ts';
import { registerStatusSource } from '../register/register-status-source.ts';
import { authorities } from '../register/schema.ts';
import { serviceIdentity } from '../register/service-certificates.ts';
import type { TrustDeps } from '../register/trust-deps.ts';
import { registerServiceEnrolment, type EnrolmentClient } from './service-enrolment-routes.ts';
import { registerStatusFeed } from './status-feed.ts';

/** Policy under which the time-stamping unit issues tokens (placeholder arc, see policy-oids.ts). */
export const TSA_POLICY = '1.3.6.1.4.1.99999.2.1';

/** Issuing CAs whose certificates relying parties check online: one delegated responder each. */
const ONLINE_ISSUERS = ['card-auth', 'card-sign', 'gateway'] as const;

export interface TrustServicesOptions {
  /** Hours a CRL is valid; it is re-issued at half that, and at once after any status change. */
  crlValidityHours: number;
  ocspValidityMinutes: number;
  /** After a status change the CRLs are re-signed this soon (batching a burst of changes); 0 leaves it to `refreshCrls`. */
  crlDelayMs?: number;
  /** Organisations whose services enrol their own keys for certificates of the services CA (POST /enrol/v1/certificates). */
  enrolmentClients?: EnrolmentClient[];
}

export interface TrustServices {
  responders: Map<Exclude<AuthorityRole, 'root'>, OcspResponder>;
  /** Path of each issuing CA's OCSP responder, as in its certificates' AIA. */
  ocspPaths: Map<Exclude<AuthorityRole, 'root'>, string>;
  /** Re-signs every issuing CA's CRL whose contents changed or whose half-life passed. */
  refreshCrls(): Promise<void>;
  /** Stops the schedule and waits for a CRL refresh under way, so storage can close after it. */
  close(): Promise<void>;
}

/**
 * The public face of the PKI, as a CA publishes it: CA certificates (AIA caIssuers), CRLs
 * (CRL distribution points), an OCSP responder per issuing CA (AIA OCSP), and the RFC 3161
 * time-stamping unit. Everything here is public information; nothing needs sign-in.
 */
export async function registerTrustServices(server: Server, deps: TrustDeps, options: TrustServicesOptions): Promise<TrustServices> {
  const source = registerStatusSource(deps.db, deps.clock, deps.statusChanges);
  const responders = new Map<Exclude<AuthorityRole, 'root'>, OcspResponder>();
  const ocspPaths = new Map<Exclude<AuthorityRole, 'root'>, string>();
  for (const role of ONLINE_ISSUERS) {
    const issuer = await loadAuthority(deps.db, deps.keyStore, role);
    const identity = await serviceIdentity(deps, { kind: 'ocsp', issuer: role });
    const responder = createOcspResponder({
      issuers: [{ certificate: new Uint8Array(issuer.certificate.rawData) }],
      responder: { certificate: new Uint8Array(identity.certificate.rawData), sign: (data) => identity.signer.sign(data), signDer: identity.signer.signDer, algorithm: 'P-256' },
      source,
      clock: deps.clock,
      validityMinutes: options.ocspValidityMinutes,
    });
    responders.set(role, responder);
    ocspPaths.set(role, `/ocsp/${issuer.keyLabel}`);
    await registerOcspRoutes(server, responder, `/ocsp/${issuer.keyLabel}`);
  }

  const tsaIdentity = await serviceIdentity(deps, { kind: 'tsa' });
  const services = await loadAuthority(deps.db, deps.keyStore, 'services');
  const tsa = createTimeStampAuthority({
    signer: { certificate: tsaIdentity.certificate, chain: [new Uint8Array(services.certificate.rawData)], sign: (data) => tsaIdentity.signer.sign(data), algorithm: 'P-256' },
    policy: TSA_POLICY,
    clock: deps.clock,
    // 127 random bits: unique without a database round trip, so stamping never waits on storage
    // (a message-log batch holds its transaction open while it asks for a stamp).
    serialNumbers: () => BigInt(`0x${Buffer.from(deps.randomBytes(16)).toString('hex')}`) >> 1n,
    accuracy: { seconds: 1 },
  });
  registerTsaRoute(server, tsa, '/tsa');

  let crlsDirty = true;
  let scheduled: NodeJS.Timeout | null = null;
  let refreshing: Promise<void> = Promise.resolve();
  const unsubscribe = deps.statusChanges.onChange(() => {
    crlsDirty = true;
    if (!options.crlDelayMs || scheduled) return;
    scheduled = setTimeout(() => {
      scheduled = null;
      refreshCrls().catch((error: unknown) => server.log.error({ err: error }, 'CRL refresh failed'));
    }, options.crlDelayMs);
    scheduled.unref();
  });
  // Changes announced while this process was not listening are unknown: drop every cached answer.
  const unsubscribeResync = deps.statusChanges.onResync(() => {
    crlsDirty = true;
    for (const responder of responders.values()) responder.invalidate();
  });
  // One refresh at a time, in order: a refresh that read the register before a change must not
  // store its CRL after the refresh that read it after (a stale CRL would outlive the change).
  const refreshCrls = (): Promise<void> => {
    const run = refreshing.then(publishDueCrls);
    refreshing = run.catch(() => undefined);
    return run;
  };
  const publishDueCrls = async () => {
    const dirty = crlsDirty;
    crlsDirty = false;
    const now = deps.clock.now().getTime();
    for (const role of [...ONLINE_ISSUERS, 'services'] as const) {
      const issuer = await loadAuthority(deps.db, deps.keyStore, role);
      const current = await storedCrl(deps, issuer.keyLabel);
      const halfLife = (options.crlValidityHours * 3_600_000) / 2;
      if (dirty || !current?.nextUpdate || current.nextUpdate.getTime() - now < halfLife) await publishCrl(deps, role, options.crlValidityHours);
    }
  };
  await refreshCrls();

  const Label = Type.Object({ label: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }) });
  server.get('/crl/:label', { schema: { params: Label, hide: true } }, async (request, reply) => {
    const label = request.params.label.replace(/\.crl$/, '');
    const crl = await storedCrl(deps, label);
    if (!crl) throw new NotFound('No CRL is published under this name.');
    return reply.type('application/pkix-crl').header('cache-control', 'public, max-age=300').send(Buffer.from(crl.der));
  });
  server.get('/certs/:label', { schema: { params: Label, hide: true } }, async (request, reply) => {
    const label = request.params.label;
    if (label === 'bundle.pem') return reply.type('application/x-pem-file').send(await caBundle(deps.db));
    const [row] = await deps.db.select({ certificate: authorities.certificate }).from(authorities).where(eq(authorities.keyLabel, label.replace(/\.crt$/, '')));
    if (!row) throw new NotFound('No CA certificate is published under this name.');
    return reply.type('application/pkix-cert').header('cache-control', 'public, max-age=86400').send(row.certificate);
  });

  registerServiceEnrolment(server, deps, { clients: options.enrolmentClients ?? [], ocspPaths });
  registerStatusFeed(server, deps.statusChanges);

  return {
    responders,
    ocspPaths,
    refreshCrls,
    async close() {
      unsubscribe();
      unsubscribeResync();
      if (scheduled) clearTimeout(scheduled);
      await refreshing;
      for (const r of responders.values()) r.close();
    },
  };
}
