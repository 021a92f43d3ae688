// SPDX-License-Identifier: Apache-2.0
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { decodeJwt } from 'jose';
import { STATUS_TTL_SECONDS } from '@tessera/credentials';
import { createPresentationRequest, credentialStatusCheck, receiveResponse, requestObject, verifySdJwtPresentation } from '@tessera/verifier';
import { BANK, openVerifierFixture, openVerifierServer } from '@tessera/verifier/testing';

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);
/** This process's CPU time (all its threads) in microseconds: other processes on the machine do not move it. */
const cpuMicros = (since?: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};
const IN_FLIGHT = 8;

/**
 * OpenID4VP presentations verified per second — SD-JWT VC with key binding, answered by
 * direct_post, each with the full check (issuer path and signature, disclosures, KB-JWT, status
 * list token signature, DCQL match) and the durable outcome (transaction, replay digest,
 * transparency-log event) — the checks alone, in-process with storage, and over HTTP, eight in
 * flight, against the raw limit: the two ES256 verifications one presentation needs (issuer JWT,
 * KB-JWT; the status list token is fetched for every presentation — presentations checked at
 * once share a fetch begun after they arrived — and verified and decoded again only when it
 * changed) at this machine's node:crypto rate, measured in the same run. `checksStatusCached` is
 * the checks alone with the list kept for the issuer's ttl instead of fetched every time (what
 * the deployments' maxAgeSeconds 0 gives up so a revocation is refused at once). The storage is
 * the fixture's (embedded PGlite): the durable outcome, not the cryptography, bounds the
 * end-to-end rates there. `cpuShare` compares CPU time instead of wall time: steadier on a shared machine.
 */
export async function run(options: { presentations?: number } = {}) {
  const count = options.presentations ?? 300;
  const f = await openVerifierFixture();
  try {
    const server = await openVerifierServer(f);
    const credential = await f.credential();
    const query = { credentials: [{ id: 'pwid', format: 'dc+sd-jwt', meta: { vct_values: [BANK.claims[0]!.vct] }, claims: [{ path: ['given_name'] }, { path: ['family_name'] }] }] };
    const prepare = async (deps: typeof f.deps) => {
      const out = [];
      for (let i = 0; i < count; i++) {
        const { id } = await createPresentationRequest(deps, { relyingPartyId: BANK.id, dcqlQuery: query, responseMode: 'direct_post' }, 'bench');
        const r = decodeJwt(await requestObject(deps, id)) as { nonce: string; state: string; client_id: string };
        out.push({ id, state: r.state, presentation: await f.present(credential, { disclose: ['given_name', 'family_name'], nonce: r.nonce, aud: r.client_id }) });
      }
      return out;
    };
    const cpu: Record<string, number> = {};
    const timed = async (name: string, items: Awaited<ReturnType<typeof prepare>>, answer: (item: (typeof items)[number]) => Promise<boolean>) => {
      let accepted = 0;
      const t = performance.now();
      const c = process.cpuUsage();
      for (let i = 0; i < items.length; i += IN_FLIGHT) accepted += (await Promise.all(items.slice(i, i + IN_FLIGHT).map(answer))).filter(Boolean).length;
      cpu[name] = Math.round(cpuMicros(c) / items.length);
      const ms = performance.now() - t;
      if (accepted !== items.length) throw new Error(`only ${accepted} of ${items.length} presentations were accepted`);
      return perSecond(items.length, ms);
    };

    // The checks alone, without storage: what the verification costs apart from the durable outcome.
    const checks = await prepare(f.deps);
    const nonces = new Map(await Promise.all(checks.map(async (p) => [p.id, (decodeJwt(p.presentation.split('~').pop()!) as { nonce: string; aud: string })] as const)));
    const checksOnly = await timed('checksOnly', checks, async (p) => {
      const kb = nonces.get(p.id)!;
      await verifySdJwtPresentation(p.presentation, { nonce: kb.nonce, clientId: kb.aud, now: f.deps.clock.now(), iatWindow: f.deps.iatWindow, trust: f.deps.issuerTrust, status: f.deps.status });
      return true;
    });
    const cachedStatus = credentialStatusCheck({ trust: f.deps.issuerTrust, clock: f.deps.clock, maxAgeSeconds: STATUS_TTL_SECONDS, fetch: (uri) => f.issuer.deps.statusLists.token(Number(uri.split('/').pop())) });
    const checksStatusCached = await timed('checksStatusCached', checks, async (p) => {
      const kb = nonces.get(p.id)!;
      await verifySdJwtPresentation(p.presentation, { nonce: kb.nonce, clientId: kb.aud, now: f.deps.clock.now(), iatWindow: f.deps.iatWindow, trust: f.deps.issuerTrust, status: cachedStatus });
      return true;
    });
    const local = await prepare(f.deps);
    const inProcess = await timed('inProcess', local, async (p) => (await receiveResponse(f.deps, p.id, { vp_token: JSON.stringify({ pwid: [p.presentation] }), state: p.state })).status === 'verified');
    const remote = await prepare(server.deps);
    const overHttp = await timed('overHttp', remote, async (p) => (await fetch(`${server.url}/oid4vp/responses/${p.id}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ vp_token: JSON.stringify({ pwid: [p.presentation] }), state: p.state }).toString(),
    })).status === 200);
    await server.close();

    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const data = Buffer.alloc(600, 7);
    const signature = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const t = performance.now();
    const c = process.cpuUsage();
    for (let i = 0; i < 3000; i++) verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
    const verifyCpuMicros = cpuMicros(c) / 3000;
    const verifiesPerSecond = perSecond(3000, performance.now() - t);
    return {
      presentations: count, inFlight: IN_FLIGHT,
      verifiedPerSecond: { checksOnly, checksStatusCached, inProcess, overHttp },
      rawLimit: { es256VerifiesPerSecond: verifiesPerSecond, verificationsPerPresentation: 2, presentationsPerSecond: Math.round(verifiesPerSecond / 2) },
      share: Object.fromEntries(Object.entries({ checksOnly, checksStatusCached, inProcess, overHttp }).map(([k, v]) => [k, Number((v / (verifiesPerSecond / 2)).toFixed(2))])),
      // The same comparison in CPU time, steadier where other work shares the cores: the two verifications' CPU over a presentation's.
      cpuMicrosPerPresentation: { ...cpu, rawLimit: Math.round(2 * verifyCpuMicros) },
      cpuShare: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Number(((2 * verifyCpuMicros) / v).toFixed(3))])),
    };
  } finally {
    await f.close();
  }
}
