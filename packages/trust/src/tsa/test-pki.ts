// SPDX-License-Identifier: Apache-2.0
// Test fixture: a throwaway root CA and a TSA certificate it issued, with fresh ECDSA keys.
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import {
  BasicConstraintsExtension, ExtendedKeyUsage, ExtendedKeyUsageExtension, KeyUsageFlags, KeyUsagesExtension,
  X509Certificate, X509CertificateGenerator,
} from '@peculiar/x509';
import type { TimeStampSigner } from './time-stamp-authority.ts';

export interface TestPki {
  root: X509Certificate;
  tsa: X509Certificate;
  tsaKeys: CryptoKeyPair;
  signer: TimeStampSigner;
}

const HASH = { 'P-256': 'SHA-256', 'P-384': 'SHA-384' } as const;

export async function createTestPki(options: { curve?: 'P-256' | 'P-384'; tsaUsages?: string[]; rootName?: string; extractable?: boolean } = {}): Promise<TestPki> {
  const curve = options.curve ?? 'P-256';
  const algorithm = { name: 'ECDSA', namedCurve: curve, hash: HASH[curve] };
  const rootKeys = await crypto.subtle.generateKey(algorithm, false, ['sign', 'verify']);
  // extractable only when a test hands the key to OpenSSL; the TSA itself never sees the key
  const tsaKeys = await crypto.subtle.generateKey(algorithm, options.extractable ?? false, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const root = await X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${options.rootName ?? 'Test Root CA'}, O=Tessera Test`,
    notBefore,
    notAfter,
    keys: rootKeys,
    signingAlgorithm: algorithm,
    extensions: [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
    ],
  });
  const tsa = await X509CertificateGenerator.create({
    serialNumber: '0a1b',
    subject: 'CN=Test Time-Stamp Authority, O=Tessera Test',
    issuer: root.subject,
    notBefore,
    notAfter,
    publicKey: tsaKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: algorithm,
    extensions: [
      new ExtendedKeyUsageExtension(options.tsaUsages ?? [ExtendedKeyUsage.timeStamping], true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
    ],
  });
  const signer: TimeStampSigner = {
    certificate: tsa,
    chain: [new Uint8Array(root.rawData)],
    algorithm: curve,
    sign: async (data) => new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: HASH[curve] }, tsaKeys.privateKey, new Uint8Array(data))),
  };
  return { root, tsa, tsaKeys, signer };
}

/** A clock that only moves when told to, so genTime is predictable. */
export function fixedClock(at: Date): { now(): Date } {
  return { now: () => new Date(at) };
}

/** Serial numbers 1, 2, 3, … */
export function counterSerials(): () => bigint {
  let next = 0n;
  return () => (next += 1n);
}
