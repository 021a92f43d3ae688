// SPDX-License-Identifier: Apache-2.0
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { connect } from 'node:tls';
import { sql } from 'drizzle-orm';
import { readConfig } from '../config.ts';
import { startFederation, type Federation } from '../federation.ts';
import { CLIENT_CREDENTIAL_HEADER } from '@tessera/exchange';
import { HOSTED_SUBSYSTEMS } from '../mobile-credentials/credentials-exchange.ts';
import { clientId, INSTANCE, servicePath } from './members.ts';
import { federationPorts } from '../testing/free-port.ts';

const cli = new URL('../cli.ts', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-gateway-identities-'));
// Its own data folder: certificates name the PKI's address, which each test's ports change.
const credentialsDataDir = mkdtempSync(join(tmpdir(), 'tessera-client-credentials-'));
after(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(credentialsDataDir, { recursive: true, force: true });
});

/** The SHA-256 fingerprint of the certificate a gateway's provider side shows over TLS. */
function presentedCertificate(providerUrl: string): Promise<string> {
  const url = new URL(providerUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.once('error', reject);
  });
}

/** Rows of a raw query (both drivers answer `{ rows }`). */
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

async function identities(federation: Federation) {
  const rows = rowsOf<{ gateway: string; generation: number; tls: string }>(await federation.storage.db.execute(sql`select gateway, generation, encode(sha256(tls_certificate), 'hex') as tls from exchange_message_log.gateway_identities order by gateway, generation`));
  const registered = rowsOf<{ sha: string; address: string }>(await federation.storage.db.execute(sql`select auth_certificate_sha256 as sha, address from exchange_registry.gateways order by 1`));
  return { rows, registered: registered.map((r) => r.sha), addresses: registered.map((r) => r.address) };
}

async function askThroughGateways(federation: Federation, id: string) {
  const response = await fetch(federation.exchange.gateways.centre + servicePath('authority', 'card-manifests/cards?references=ER-2026-000001'), {
    headers: { 'X-Road-Client': clientId('centre'), 'X-Road-Id': id },
  });
  assert.equal(response.status, 200, await response.clone().text());
}

/** What the agencies' shared gateway answers a hosted agency's information system: the fault type, if any. */
async function sendViaSharedGateway(federation: Federation, client: (typeof HOSTED_SUBSYSTEMS)[number], credential: string | undefined) {
  const response = await fetch(federation.exchange.gateways.hosting + servicePath('authority', 'card-manifests/cards?references=ER-2026-000001'), {
    headers: { 'X-Road-Client': `${INSTANCE}/${client.memberClass}/${client.memberCode}/${client.subsystemCode}`, ...(credential === undefined ? {} : { [CLIENT_CREDENTIAL_HEADER]: credential }) },
  });
  await response.arrayBuffer();
  return response.headers.get('x-road-error');
}
const secretFile = (s: (typeof HOSTED_SUBSYSTEMS)[number]) => join(credentialsDataDir, 'exchange-client-credentials', `${s.memberClass}-${s.memberCode}-${s.subsystemCode}.secret`);

test('the agencies’ shared gateway gives each hosted agency’s information system its own credential, once: one agency’s cannot send as another, a request without one is refused, a restart keeps them, and a rotation with the CLI refuses the old secret', async () => {
  const config = readConfig({ ...(await federationPorts()), TESSERA_DATA_DIR: credentialsDataDir, TESSERA_DEMO: 'false', TESSERA_LOG_LEVEL: 'silent' }).values;
  const [a, b] = HOSTED_SUBSYSTEMS as [(typeof HOSTED_SUBSYSTEMS)[number], (typeof HOSTED_SUBSYSTEMS)[number]];
  let before = '';
  for (const start of [1, 2]) {
    const federation = await startFederation(config, { warnings: [], quiet: true, scheduledJobs: false });
    try {
      const secretOfA = readFileSync(secretFile(a), 'utf8');
      // After the rotation between the starts, A's old secret is refused.
      if (before) assert.equal(await sendViaSharedGateway(federation, a, before), 'Server.ClientProxy.IsAuthenticationFailed', 'the secret before rotation');
      assert.equal(statSync(secretFile(a)).mode & 0o077, 0, 'only the owner may read the secret');
      assert.equal(await sendViaSharedGateway(federation, b, secretOfA), 'Server.ClientProxy.IsAuthenticationFailed', `start ${start}: A’s credential naming B`);
      assert.equal(await sendViaSharedGateway(federation, a, undefined), 'Server.ClientProxy.IsAuthenticationFailed', `start ${start}: no credential`);
      // A's own credential authenticates A: the request goes on, and the provider refuses A its lack of a right.
      assert.equal(await sendViaSharedGateway(federation, a, secretOfA), 'Server.ServerProxy.AccessDenied', `start ${start}: A as A`);
      const issued = rowsOf<{ n: number }>(await federation.storage.db.execute(sql`select count(*)::int as n from exchange_message_log.client_credentials`));
      assert.equal(issued[0]!.n, HOSTED_SUBSYSTEMS.length, `start ${start}: one credential per hosted subsystem, none issued again`);
      before = secretOfA;
    } finally {
      await federation.stop();
    }
    if (start === 1) {
      // The operator rotates A's secret with the CLI, between the starts (the embedded database is the federation's while it runs).
      const rotated = spawnSync(process.execPath, [cli, 'exchange', 'rotate-client-credential', `${a.memberClass}/${a.memberCode}/${a.subsystemCode}`], { env: { ...process.env, TESSERA_DATA_DIR: credentialsDataDir, DATABASE_URL: '' }, encoding: 'utf8' });
      assert.equal(rotated.status, 0, rotated.stdout + rotated.stderr);
      assert.match(rotated.stdout, /^Rotated: /);
      assert.ok(!rotated.stdout.includes(readFileSync(secretFile(a), 'utf8')), 'the secret is not printed');
      assert.notEqual(readFileSync(secretFile(a), 'utf8'), before);
    }
  }
});

test('npm start keeps each gateway’s identity across starts, as a gateway process does: a restart shows the same certificates and messages still flow', async () => {
  const config = readConfig({ ...(await federationPorts()), TESSERA_DATA_DIR: dataDir, TESSERA_DEMO: 'false', TESSERA_LOG_LEVEL: 'silent' }).values;
  const first = await startFederation(config, { warnings: [], quiet: true, scheduledJobs: false });
  let before: Awaited<ReturnType<typeof identities>>;
  // The fingerprints the gateways show over TLS, compared across the restart.
  let shown: string[];
  try {
    await askThroughGateways(first, 'identity-before-restart');
    before = await identities(first);
    shown = await Promise.all(before.addresses.map(presentedCertificate));
  } finally {
    await first.stop();
  }
  // One sealed identity per gateway, the first generation, and each registered with its TLS certificate.
  assert.ok(before.rows.length >= 8, JSON.stringify(before.rows));
  assert.ok(before.rows.every((r) => r.generation === 1));
  assert.deepEqual([...before.rows.map((r) => r.tls)].sort(), [...before.registered].sort());

  const second = await startFederation(config, { warnings: [], quiet: true, scheduledJobs: false });
  try {
    const afterRestart = await identities(second);
    assert.deepEqual(afterRestart.rows, before.rows, 'no gateway made new keys');
    assert.deepEqual([...afterRestart.registered].sort(), [...before.registered].sort());
    assert.deepEqual((await Promise.all(afterRestart.addresses.map(presentedCertificate))).sort(), [...shown].sort());
    await askThroughGateways(second, 'identity-after-restart');
  } finally {
    await second.stop();
  }
});
