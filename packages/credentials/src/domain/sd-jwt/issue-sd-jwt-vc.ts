// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto';
import { digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import type { JWK } from 'jose';
import type { CredentialType } from '../types/credential-type.ts';

export interface SdJwtVcIssue {
  type: CredentialType;
  /** Claims from the owning agency, already checked against the type. */
  claims: Record<string, unknown>;
  /** The wallet's public key the credential is bound to (cnf.jwk, RFC 7800). */
  holderKey: JWK;
  issuer: { url: string; x5c: string[]; sign(data: Uint8Array): Promise<Uint8Array> };
  status: { idx: number; uri: string };
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * One SD-JWT VC (`dc+sd-jwt`, RFC 9901 and SD-JWT VC): every claim the type marks disclosable
 * becomes a disclosure with its own salt, the rest are plain; the issuer's certificate chain is
 * in x5c; cnf binds it to the wallet key; status points at its Token Status List entry.
 */
export async function issueSdJwtVc(input: SdJwtVcIssue): Promise<string> {
  // 128 random bits per disclosure's salt (RFC 9901 §9.3), drawn for the whole credential at once.
  const pool = randomBytes(SALT_BYTES * (input.type.claims.length + 1));
  let taken = 0;
  const saltGenerator = () => {
    if (taken + SALT_BYTES > pool.length) throw new Error('more disclosures than the type has claims');
    return pool.subarray(taken, taken += SALT_BYTES).toString('base64url');
  };
  const sdjwt = new SDJwtVcInstance({
    signer: async (data: string) => Buffer.from(await input.issuer.sign(new TextEncoder().encode(data))).toString('base64url'),
    signAlg: 'ES256',
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator,
  });
  const { d: _private, ...publicKey } = input.holderKey;
  const payload = {
    iss: input.issuer.url,
    iat: seconds(input.issuedAt),
    nbf: seconds(input.issuedAt),
    exp: seconds(input.expiresAt),
    vct: input.type.vct,
    cnf: { jwk: publicKey },
    status: { status_list: input.status },
    ...input.claims,
  };
  const disclosable = input.type.claims.filter((c) => c.disclosable && c.name in input.claims).map((c) => c.name);
  return sdjwt.issue(payload, { _sd: disclosable } as never, { header: { typ: 'dc+sd-jwt', x5c: input.issuer.x5c } });
}

const SALT_BYTES = 16;
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
