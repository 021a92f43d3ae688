// SPDX-License-Identifier: Apache-2.0
// Test fixture: a members' CA with gateway signing certificates, an in-process TSA, and message builders.
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, X509Certificate, X509CertificateGenerator,
} from '@peculiar/x509';
import { createTimeStampAuthority, type TimeStampAuthority } from '@tessera/trust';
import { openTestStorage, type Storage } from '@tessera/platform';
import { counterSerials, createTestPki, type TestPki } from '@tessera/trust/testing';
import { digestHash, sha512Base64, signMessage, type MessageDigest, type MessageSigningKey } from './message-signature.ts';
import { logMessage } from './message-log.ts';
import { messageLogMigrations } from './migrations.ts';

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
export const TSA_POLICY = '1.3.6.1.4.1.57264.3.1';

export interface MemberCa {
  certificate: X509Certificate;
  der: Uint8Array;
  /** Issues a P-256 gateway signing certificate and hands back the key with it. */
  issueGateway(name: string, validity?: { notBefore: Date; notAfter: Date }): Promise<MessageSigningKey>;
}

export async function createMemberCa(name = 'Test Member CA'): Promise<MemberCa> {
  const keys = await crypto.subtle.generateKey(EC, false, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${name}, O=Tessera Test`,
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: EC,
    extensions: [new BasicConstraintsExtension(true, undefined, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true)],
  });
  let serial = 0x100;
  return {
    certificate,
    der: new Uint8Array(certificate.rawData),
    async issueGateway(gateway, validity = { notBefore, notAfter }) {
      const gatewayKeys = await crypto.subtle.generateKey(EC, false, ['sign', 'verify']);
      const leaf = await X509CertificateGenerator.create({
        serialNumber: (serial++).toString(16),
        subject: `CN=${gateway}, O=Tessera Test`,
        issuer: certificate.subject,
        ...validity,
        publicKey: gatewayKeys.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: EC,
        extensions: [new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation, true)],
      });
      return { privateKey: gatewayKeys.privateKey, certificateDer: new Uint8Array(leaf.rawData) };
    },
  };
}

export interface TestTsa {
  pki: TestPki;
  authority: TimeStampAuthority;
  /** The `tsa` function stampPendingBatch takes; counts calls so tests can see one request per batch. */
  send: ((requestDer: Uint8Array) => Promise<Uint8Array>) & { calls: number };
}

export async function createTestTsa(now: () => Date = () => new Date()): Promise<TestTsa> {
  const pki = await createTestPki();
  const authority = createTimeStampAuthority({ signer: pki.signer, policy: TSA_POLICY, clock: { now }, serialNumbers: counterSerials() });
  const send = Object.assign(async (requestDer: Uint8Array) => {
    send.calls += 1;
    return authority.respond(requestDer);
  }, { calls: 0 });
  return { pki, authority, send };
}

export async function openMigratedLog(): Promise<Storage> {
  const storage = await openTestStorage();
  await storage.migrate(messageLogMigrations);
  return storage;
}

const encoder = new TextEncoder();

export interface Exchange {
  request: { digest: MessageDigest; signature: string; body: Uint8Array };
  response: { digest: MessageDigest; signature: string; body: Uint8Array };
}

/** A signed request and its signed response, as the two gateways would log them. */
export async function signedExchange(
  messageId: string,
  client: MessageSigningKey,
  server: MessageSigningKey,
  bodies: { request?: string; response?: string } = {},
  at: Date = new Date(),
): Promise<Exchange> {
  const requestBody = encoder.encode(bodies.request ?? JSON.stringify({ query: 'persons', id: '38001010000' }));
  const responseBody = encoder.encode(bodies.response ?? JSON.stringify({ name: 'Mari Maasikas', born: '1980-01-01' }));
  const base = {
    messageId,
    client: 'TS/GOV/70000001/registry',
    service: 'TS/GOV/70000002/population/persons',
    method: 'GET',
    path: '/r1/TS/GOV/70000002/population/persons/38001010000?fields=name',
  };
  const requestDigest: MessageDigest = {
    ...base,
    direction: 'request',
    headersHash: sha512Base64('accept:application/json'),
    bodyHash: sha512Base64(requestBody),
    at: at.toISOString(),
  };
  const responseDigest: MessageDigest = {
    ...base,
    direction: 'response',
    headersHash: sha512Base64('content-type:application/json'),
    bodyHash: sha512Base64(responseBody),
    requestHash: digestHash(requestDigest),
    at: new Date(at.getTime() + 250).toISOString(),
  };
  return {
    request: { digest: requestDigest, signature: await signMessage(requestDigest, client), body: requestBody },
    response: { digest: responseDigest, signature: await signMessage(responseDigest, server), body: responseBody },
  };
}

export interface ArchiveTestbed {
  storage: Storage;
  /** An empty archive folder of the test's own. */
  dir: string;
  /** Logs one signed request and its response under a new gateway certificate; the TSA to stamp them with. */
  logExchange(messageId: string): Promise<{ exchange: Exchange; tsa: TestTsa }>;
  close(): Promise<void>;
}

/** A migrated message log and an archive folder (named `prefix…`), for the archiving tests. */
export async function openArchiveTestbed(prefix: string): Promise<ArchiveTestbed> {
  const storage = await openMigratedLog();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    storage,
    dir,
    async logExchange(messageId) {
      const ca = await createMemberCa();
      const gateway = await ca.issueGateway('Gateway');
      const tsa = await createTestTsa();
      const exchange = await signedExchange(messageId, gateway, gateway);
      await logMessage(storage.db, exchange.request);
      await logMessage(storage.db, exchange.response);
      return { exchange, tsa };
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
      await storage.close();
    },
  };
}
