// SPDX-License-Identifier: Apache-2.0
// Helpers for the tests of this folder: an in-memory hierarchy and openssl as the independent judge.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKeyCeremony, type CaHierarchy } from './key-ceremony.ts';
import { WrappedKeyStore } from './key-store.ts';
import { MemoryKeyStoreBackend } from './key-store-backends.ts';
import type { StatusUrls } from './certificate-profiles.ts';

export const NOW = new Date('2026-03-02T10:00:00Z');
export const clock = { now: () => NOW };

export async function memoryHierarchy(name = 'Tessera Test'): Promise<{ keyStore: WrappedKeyStore; hierarchy: CaHierarchy }> {
  const keyStore = await WrappedKeyStore.open({ kek: crypto.getRandomValues(new Uint8Array(32)), backend: new MemoryKeyStoreBackend() });
  const hierarchy = await runKeyCeremony({ keyStore, clock, baseUrl: 'http://pki.tessera.test/', name });
  return { keyStore, hierarchy };
}

/** A key pair as the card chip would make it; only the public half is given to the CA. */
export async function cardPublicKey(): Promise<CryptoKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
  return pair.publicKey;
}

export function urls(hierarchy: CaHierarchy, role: keyof CaHierarchy['issuing']): StatusUrls {
  return hierarchy.issuing[role].urls;
}

export function yearsAfter(date: Date, years: number): Date {
  const result = new Date(date);
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'tessera-ca-'));
  write(name: string, content: string): string {
    const file = join(this.path, name);
    writeFileSync(file, content);
    return file;
  }
  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

export function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs openssl expecting failure; answers its combined output. */
export function opensslFailure(args: string[]): string {
  try {
    const out = openssl(args);
    assert.fail(`openssl ${args.join(' ')} succeeded: ${out}`);
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    if (e.status === undefined) throw error;
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

/** `openssl verify` at the test's moment, strictly, against root + issuing CA. */
export function verifyArgs(dir: TempDir, root: string, issuing: string, leaf: string, extra: string[] = []): string[] {
  return ['verify', '-x509_strict', '-attime', String(Math.floor(NOW.getTime() / 1000) + 60), ...extra,
    '-CAfile', dir.write('root.pem', root), '-untrusted', dir.write('issuing.pem', issuing), dir.write('leaf.pem', leaf)];
}
