// SPDX-License-Identifier: Apache-2.0
import Fastify from 'fastify';
import autocannon from 'autocannon';
import { buildServer } from '@tessera/platform';

/**
 * The platform's HTTP overhead: the same trivial JSON route served by a bare Fastify instance and
 * by `buildServer` (request ids, security headers, cookies, CSRF, multipart, rate-limit plugin,
 * problem-details error handling), loaded in turn by autocannon in the same run.
 */
export async function run(options: { seconds?: number; connections?: number } = {}) {
  const duration = options.seconds ?? 5;
  const connections = options.connections ?? 20;
  const bare = Fastify({ logger: false });
  bare.get('/ping', async () => ({ ok: true }));
  const platform = await buildServer({ title: 'bench', cookieSecret: 'x'.repeat(32), logLevel: 'silent' });
  platform.get('/ping', async () => ({ ok: true }));

  const measure = async (server: typeof bare | typeof platform) => {
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    const result = await autocannon({ url: `${url}/ping`, duration, connections });
    await server.close();
    return { requestsPerSecond: result.requests.average, latencyMs: { p50: result.latency.p50, p99: result.latency.p99 }, errors: result.errors + result.non2xx };
  };
  const bareResult = await measure(bare);
  const platformResult = await measure(platform);
  return {
    name: 'http-overhead',
    durationSeconds: duration,
    connections,
    bareFastify: bareResult,
    platformServer: platformResult,
    throughputRatio: Number((platformResult.requestsPerSecond / bareResult.requestsPerSecond).toFixed(3)),
  };
}

if (import.meta.main) console.log(JSON.stringify(await run(), null, 2));
