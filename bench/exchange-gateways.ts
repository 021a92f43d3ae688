// SPDX-License-Identifier: Apache-2.0
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
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const ms = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { perSecond: perSecond(count, ms), ms, p50Ms: round2(percentile(latencies, 0.5)), p99Ms: round2(percentile(latencies, 0.99)) };
}

/**
 * The exchange layer against a direct call: GET messages per second and latency from a client
 * information system through its own gateway and the provider's gateway (mutual TLS, signed and
 * logged on both sides) to a local HTTP service, next to the same requests sent straight to that
 * service in the same run, plus the streaming throughput of 256 KiB POST bodies through the gateways.
 */
export async function run(options: { requests?: number; concurrency?: number } = {}) {
  const requests = options.requests ?? 400;
  const concurrency = options.concurrency ?? 8;
  const f = await openExchangeFixture({ requestsPerMinute: 1_000_000 });
  try {
    // Plain fetch from the centre's information system to its own gateway; no X-Road-Id, so each call is a fresh message.
    const viaGateways = (path: string, init: RequestInit = {}) =>
      fetch(f.centre.gateway.clientUrl + MANIFESTS + path, { ...init, headers: { 'X-Road-Client': CLIENT, ...init.headers } });
    const gatewayGet = (i: number) => viaGateways(`/2026-${i}`, { headers: { accept: 'application/json' } });
    const directGet = (i: number) => fetch(`${f.service.url}/cards/manifests/2026-${i}`, { headers: { accept: 'application/json', 'X-Road-Client': CLIENT } });

    await measure(50, concurrency, gatewayGet);
    await measure(50, concurrency, directGet);
    const gateways = await measure(requests, concurrency, gatewayGet);
    const direct = await measure(requests, concurrency, directGet);

    const bodyBytes = 256 * 1024;
    const body = new Uint8Array(bodyBytes).fill(7);
    const bodyCount = 50;
    const bodies = await measure(bodyCount, concurrency, () => viaGateways('', { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } }));

    return {
      requests,
      concurrency,
      throughGateways: { messagesPerSecond: gateways.perSecond, p50Ms: gateways.p50Ms, p99Ms: gateways.p99Ms },
      direct: { requestsPerSecond: direct.perSecond, p50Ms: direct.p50Ms, p99Ms: direct.p99Ms },
      addedLatencyMs: { p50: round2(gateways.p50Ms - direct.p50Ms), p99: round2(gateways.p99Ms - direct.p99Ms) },
      slowdown: round2(direct.perSecond / gateways.perSecond),
      bodies256KiB: {
        messagesPerSecond: bodies.perSecond,
        megabytesPerSecond: round2((bodyCount * bodyBytes) / (1024 * 1024) / (bodies.ms / 1000)),
      },
      note: 'each message: 2 ECDSA P-256 signatures and 2 verifications, 4 message-log inserts, 2 OCSP-cached TLS peer checks, bodies spooled through disk on both gateways',
    };
  } finally {
    await f.close();
  }
}
