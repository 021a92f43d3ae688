// SPDX-License-Identifier: Apache-2.0
// `npm run bench`: runs every benchmark in turn and prints one JSON document.
import { run as benefits } from './benefits.ts';
import { run as credentials } from './credentials.ts';
import { run as exchangeGateways } from './exchange-gateways.ts';
import { run as handovers } from './handovers.ts';
import { run as httpOverhead } from './http-overhead.ts';
import { run as presentations } from './presentations.ts';
import { run as startUp } from './start-up.ts';
import { run as transparencyLog } from './transparency-log.ts';
import { run as trustServices } from './trust-services.ts';

const only = process.argv[2];
const benches: Record<string, () => Promise<unknown>> = { 'transparency-log': () => transparencyLog(), 'http-overhead': () => httpOverhead(), 'trust-services': () => trustServices(), 'exchange-gateways': () => exchangeGateways(), 'exchange-gateway-processes': () => exchangeGateways({ gatewayProcesses: true }), 'start-up': () => startUp(), benefits: () => benefits(), presentations: () => presentations(), credentials: () => credentials(), handovers: () => handovers() };
const results: Record<string, unknown> = {};
for (const [name, bench] of Object.entries(benches)) {
  if (only && only !== name) continue;
  results[name] = await bench();
}
console.log(JSON.stringify({ machine: { cpus: (await import('node:os')).availableParallelism(), node: process.version }, results }, null, 2));
