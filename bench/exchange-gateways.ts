// SPDX-License-Identifier: Apache-2.0
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { Agent, createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { openExchangeFixture } from '../packages/exchange/src/testing/exchange-fixture.ts';

const CLIENT = 'TESSERA/COM/10000001/handover';
const MANIFESTS = '/r1/TESSERA/GOV/70000001/cards/card-manifest/manifests';

const round2 = (n: number) => Math.round(n * 100) / 100;
const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);
const percentile = (sorted: number[], p: number) => sorted[Math.floor(p * (sorted.length - 1))] ?? 0;

/** Runs `count` calls with `concurrency` in flight; each call's latency and the wall time. */
async function measure(count: number, concurrency: number, call: (i: number) => Promise<Response>) {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      const response = await call(i);
      await response.arrayBuffer();
      latencies.push(performance.now() - t);
      if (response.status !== 200) throw new Error(`call ${i} answered ${response.status}: ${response.headers.get('x-road-error') ?? ''}`);
    }
  };
  const started = performance.now();
  const cpu = process.threadCpuUsage();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const ms = performance.now() - started;
  const used = process.threadCpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: perSecond(count, ms), ms, p50Ms: round2(percentile(latencies, 0.5)), p99Ms: round2(percentile(latencies, 0.99)),
    // main-thread CPU per call: everything in this process shares that thread, and unlike wall time it barely moves when other processes load the machine
    cpuMs: round2((used.user + used.system) / 1000 / count),
  };
}

type Measured = Awaited<ReturnType<typeof measure>>;
/**
 * The paths measured in turns, several rounds, each keeping its best round: on a shared machine
 * a path measured only once can land in a busy moment that the path it is compared with missed.
 */
async function bestOf<K extends string>(rounds: number, paths: Record<K, () => Promise<Measured>>): Promise<Record<K, Measured>> {
  const best = {} as Record<K, Measured>;
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(paths) as K[]) {
      const result = await paths[name]();
      const kept = best[name];
      if (!kept || result.perSecond > kept.perSecond) best[name] = { ...result, cpuMs: Math.min(result.cpuMs, kept?.cpuMs ?? Infinity) };
      else kept.cpuMs = Math.min(kept.cpuMs, result.cpuMs);
    }
  }
  return best;
}

function listen(server: Server, scheme: string): Promise<string> {
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(`${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/**
 * The machine's floor for the exchange: the same three hops (client → its relay over HTTP → the
 * provider's relay over mutual TLS with keep-alive → the service) with no gateway work at all —
 * no signing, verification, logging or peer checks — streaming bodies straight through.
 */
async function startBareRelay(tls: { client: { key: string; cert: string }; provider: { key: string; cert: string } }, serviceUrl: string) {
  const service = new URL(serviceUrl);
  const provider = createHttpsServer({ ...tls.provider, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const upstream = httpRequest({ host: service.hostname, port: service.port, method: req.method, path: `/cards${(req.url ?? '').replace(/^\/r1\/[^/]+\/[^/]+\/[^/]+\/cards\/card-manifest/, '')}`, headers: req.headers, agent: serviceAgent });
    upstream.on('response', (answer: IncomingMessage) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  const serviceAgent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 64 });
  const providerUrl = new URL(await listen(provider, 'https'));
  const agent = new Agent({ keepAlive: true, maxSockets: 64, maxCachedSessions: 0 });
  const client = createHttpServer((req, res) => {
    const upstream = httpsRequest({ host: providerUrl.hostname, port: providerUrl.port, method: req.method, path: req.url, headers: req.headers, agent, ...tls.client, rejectUnauthorized: false });
    upstream.on('response', (answer: IncomingMessage) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  const url = await listen(client, 'http');
  return {
    url,
    close() {
      agent.destroy();
      serviceAgent.destroy();
      for (const s of [client, provider]) {
        s.closeAllConnections();
        s.close();
      }
    },
  };
}

/**
 * The exchange layer against this machine's floor, in one run: messages per second and latency
 * from a client information system through its own gateway and the provider's gateway (mutual
 * TLS, signed, verified and logged on both sides) to a local HTTP service, next to a bare relay
 * over the same three hops and the same requests sent straight to that service; at concurrency 8
 * and 1; plus the throughput of 256 KiB and 8 MiB POST bodies through the gateways and the bare
 * relay. Paths are measured in turns over a few rounds, each keeping its best, and every path also
 * reports its main-thread CPU per message, the figure a shared machine disturbs least. Runs on PostgreSQL when DATABASE_URL is set (a throwaway database on that server), on
 * embedded PGlite otherwise.
 */
export async function run(options: { requests?: number; concurrency?: number; bodies?: number; rounds?: number } = {}) {
  const requests = options.requests ?? 400;
  const bodies = options.bodies ?? 50;
  const concurrency = options.concurrency ?? 8;
  const storage = process.env.DATABASE_URL ? 'postgresql' : 'pglite';
  if (process.env.DATABASE_URL) process.env.TESSERA_TEST_DATABASE_URL = process.env.DATABASE_URL;
  const f = await openExchangeFixture({ requestsPerMinute: 1_000_000, maxBodyBytes: 64 * 1024 * 1024 });
  const bare = await startBareRelay({ client: f.centre.identity.tls, provider: f.authority.identity.tls }, f.service.url);
  try {
    // Plain fetch from the centre's information system to its own gateway; no X-Road-Id, so each call is a fresh message.
    const viaGateways = (path: string, init: RequestInit = {}) =>
      fetch(f.centre.gateway.clientUrl + MANIFESTS + path, { ...init, headers: { 'X-Road-Client': CLIENT, ...init.headers } });
    const viaBare = (path: string, init: RequestInit = {}) =>
      fetch(bare.url + MANIFESTS + path, { ...init, headers: { 'X-Road-Client': CLIENT, ...init.headers } });
    const gatewayGet = (i: number) => viaGateways(`/2026-${i}`, { headers: { accept: 'application/json' } });
    const bareGet = (i: number) => viaBare(`/2026-${i}`, { headers: { accept: 'application/json' } });
    const directGet = (i: number) => fetch(`${f.service.url}/cards/manifests/2026-${i}`, { headers: { accept: 'application/json', 'X-Road-Client': CLIENT } });

    for (const call of [gatewayGet, bareGet, directGet]) await measure(50, concurrency, call);
    const rounds = options.rounds ?? 3;
    const { gateways, bareRelay, direct } = await bestOf(rounds, {
      gateways: () => measure(requests, concurrency, gatewayGet), bareRelay: () => measure(requests, concurrency, bareGet), direct: () => measure(requests, concurrency, directGet),
    });
    const serial = Math.max(50, Math.floor(requests / 4));
    const { gateways1, bare1, direct1 } = await bestOf(rounds, {
      gateways1: () => measure(serial, 1, gatewayGet), bare1: () => measure(serial, 1, bareGet), direct1: () => measure(serial, 1, directGet),
    });

    const throughput = async (bytes: number, count: number) => {
      const body = new Uint8Array(bytes).fill(7);
      const post = (via: typeof viaGateways) => () => via('', { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });
      const { g, b } = await bestOf(Math.min(rounds, 2), { g: () => measure(count, concurrency, post(viaGateways)), b: () => measure(count, concurrency, post(viaBare)) });
      const mbps = (ms: number) => round2((count * bytes) / (1024 * 1024) / (ms / 1000));
      return { messagesPerSecond: g.perSecond, megabytesPerSecond: mbps(g.ms), bareRelayMegabytesPerSecond: mbps(b.ms), vsBareRelay: round2(mbps(g.ms) / mbps(b.ms)) };
    };
    const bodies256KiB = await throughput(256 * 1024, bodies);
    const bodies8MiB = await throughput(8 * 1024 * 1024, Math.max(4, Math.floor(bodies / 4)));

    return {
      storage,
      requests,
      concurrency,
      rounds,
      throughGateways: { messagesPerSecond: gateways.perSecond, p50Ms: gateways.p50Ms, p99Ms: gateways.p99Ms, mainThreadCpuMsPerMessage: gateways.cpuMs },
      bareRelay: { messagesPerSecond: bareRelay.perSecond, p50Ms: bareRelay.p50Ms, p99Ms: bareRelay.p99Ms, p50AtConcurrency1Ms: bare1.p50Ms, mainThreadCpuMsPerMessage: bareRelay.cpuMs },
      direct: { requestsPerSecond: direct.perSecond, p50Ms: direct.p50Ms, p99Ms: direct.p99Ms, p50AtConcurrency1Ms: direct1.p50Ms },
      vsBareRelay: round2(gateways.perSecond / bareRelay.perSecond),
      // the same comparison in main-thread CPU per message, which a loaded machine moves far less than wall time
      vsBareRelayByCpu: round2(bareRelay.cpuMs / gateways.cpuMs),
      addedLatencyMs: {
        p50: round2(gateways.p50Ms - direct.p50Ms),
        p99: round2(gateways.p99Ms - direct.p99Ms),
        p50AtConcurrency1: round2(gateways1.p50Ms - direct1.p50Ms),
        bareRelayP50AtConcurrency1: round2(bare1.p50Ms - direct1.p50Ms),
      },
      slowdown: round2(direct.perSecond / gateways.perSecond),
      bodies256KiB,
      bodies8MiB,
      targets: { vsBareRelay: 0.6, messagesPerSecond: 500, addedP50AtConcurrency1Ms: 2, p99AtConcurrency8Ms: 25, largeBodyMegabytesPerSecond: 100 },
      note: 'each message: 2 ECDSA P-256 signatures and 2 verifications, 4 message-log rows, 2 OCSP-cached TLS peer checks; the bare relay does the same three hops with none of that',
    };
  } finally {
    bare.close();
    await f.close();
  }
}
