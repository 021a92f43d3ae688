// SPDX-License-Identifier: Apache-2.0
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/**
 * The key that signs the exchange's global configuration, as a JWK file in the data folder
 * (created by the first registry process; a second one finds it). Gateways hold only the public
 * half, handed to them out of band (`registry.public.jwk.json`), never downloaded.
 */
export async function loadRegistryKey(dataDir: string): Promise<{ privateKey: CryptoKey; kid: string }> {
  const file = join(dataDir, 'keys', 'registry.jwk.json');
  await mkdir(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  let jwk: JWK;
  try {
    jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    jwk = { ...(await exportJWK(pair.privateKey)), kid: 'registry', alg: 'EdDSA' };
    try {
      await writeFile(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    } catch {
      // Another registry process created it first: use that one.
      jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
    }
  }
  const { d: _private, ...publicJwk } = jwk;
  await writeFile(registryPublicKeyFile(dataDir), JSON.stringify(publicJwk));
  return { privateKey: (await importJWK(jwk, 'EdDSA')) as CryptoKey, kid: jwk.kid ?? 'registry' };
}

export const registryPublicKeyFile = (dataDir: string) => join(dataDir, 'keys', 'registry.public.jwk.json');

export async function readRegistryPublicKey(file: string): Promise<CryptoKey> {
  const jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  if ('d' in jwk) throw new Error(`${file} holds a private key; a gateway needs the registry's public key only.`);
  return (await importJWK(jwk, 'EdDSA')) as CryptoKey;
}
