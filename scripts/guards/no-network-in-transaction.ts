// SPDX-License-Identifier: Apache-2.0
// Loaded into every process of the test suite (NODE_OPTIONS=--import): any network call made while
// the caller holds a database transaction open — an HTTP request (fetch or node:http, so the
// payment provider, TSA, OCSP, a matcher, another organisation's gateway) or a raw socket (SMTP)
// — is remembered, and the process exits non-zero listing each with where it came from. So every
// test of the suite also proves "claim, commit, call, record" for the paths it runs, including
// calls made through helpers, which reading the transaction callbacks cannot show.
import { appendFileSync } from 'node:fs';
import { subscribe } from 'node:diagnostics_channel';
import { insideTransaction } from '../../packages/platform/src/storage/transaction-scope.ts';

const found = new Map<string, number>();

/** The project's own frames of the call, innermost first: where the call was made from. */
function callers(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack.split('\n').slice(1).map((l) => l.trim())
    .filter((l) => !/node:|\/node_modules\/|\/scripts\/guards\/|\/transaction-scope\.ts|<anonymous>/.test(l))
    .slice(0, 6).join('\n      ');
}

function remember(kind: string, target: string): void {
  if (!insideTransaction()) return;
  const key = `${kind} ${target}\n      ${callers()}`;
  // Written at once where the runner reads it too, so a process killed later (a server a test
  // started and stops with a signal) still reports.
  if (!found.has(key) && process.env.TESSERA_NETWORK_GUARD_LOG) appendFileSync(process.env.TESSERA_NETWORK_GUARD_LOG, `  ${key}\n      (process ${process.pid}: ${process.argv.slice(1).join(' ').slice(0, 200)})\n`);
  found.set(key, (found.get(key) ?? 0) + 1);
}

subscribe('undici:request:create', (message) => {
  const { request } = message as { request: { origin: string; path: string; method: string } };
  remember(`fetch ${request.method}`, `${request.origin}${request.path.split('?')[0]}`);
});
subscribe('http.client.request.start', (message) => {
  const { request } = message as { request: { method: string; protocol: string; host: string; path: string } };
  remember(`http ${request.method}`, `${request.protocol}//${request.host}${request.path.split('?')[0]}`);
});
subscribe('net.client.socket', () => {
  // HTTP clients are reported above by request; the database's own connections are not calls out.
  const stack = new Error().stack ?? '';
  if (/node_modules\/(pg|pg-pool|undici)\/|node:_http_agent|node:internal\/deps\/undici/.test(stack)) return;
  remember('socket', '(raw connection, e.g. SMTP)');
});

process.on('exit', () => {
  if (found.size === 0) return;
  process.stderr.write(`\n✖ network calls inside a database transaction (claim, commit, call, record):\n${[...found].map(([call, n]) => `  ${call}${n > 1 ? `\n      (${n} times)` : ''}`).join('\n')}\n`);
  process.exitCode = 1;
});
