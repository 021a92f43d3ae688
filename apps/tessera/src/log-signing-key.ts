// SPDX-License-Identifier: Apache-2.0
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export interface LogSigningKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

/**
 * The key that signs transparency-log tree heads. Kept as a JWK file in the data folder
 * (created on first start, readable only by its owner) so a development instance keeps one
 * identity across restarts; the public half is what `tessera log verify` checks against.
 */
export async function loadLogSigningKey(dataDir: string): Promise<LogSigningKey> {
  const file = join(dataDir, 'keys', 'transparency-log.jwk.json');
  let jwk: JWK;
  try {
    jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    jwk = { ...(await exportJWK(pair.privateKey)), kid: `log-${new Date().toISOString().slice(0, 10)}`, alg: 'EdDSA' };
    await mkdir(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  const { d: _private, ...publicJwk } = jwk;
  // The public half is what an auditor needs to run `tessera log verify --key` elsewhere.
  await writeFile(publicKeyFile(dataDir), JSON.stringify(publicJwk));
  return {
    privateKey: (await importJWK(jwk, 'EdDSA')) as CryptoKey,
    publicKey: (await importJWK(publicJwk, 'EdDSA')) as CryptoKey,
    publicJwk,
    kid: jwk.kid ?? 'log',
  };
}

export const publicKeyFile = (dataDir: string) => join(dataDir, 'keys', 'transparency-log.public.jwk.json');

/** The log's public key from a JWK file; all a verifier needs besides the log itself. */
export async function readLogPublicKey(file: string): Promise<CryptoKey> {
  const jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  if ('d' in jwk) throw new Error(`${file} holds a private key; give the verifier the public key only.`);
  return (await importJWK(jwk, 'EdDSA')) as CryptoKey;
}
