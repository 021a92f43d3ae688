// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { NotFound, Unauthenticated } from '@tessera/platform';
import { relyingParties } from './schema.ts';
import type { VerifierDeps } from './verifier-deps.ts';

export type RelyingPartyRow = typeof relyingParties.$inferSelect;

/** `x509_hash:` + base64url SHA-256 of the request-signing certificate's DER (OpenID4VP 1.0 §5.9.3). */
export const clientIdOf = (certificate: Uint8Array) => `x509_hash:${createHash('sha256').update(certificate).digest('base64url')}`;

export async function findRelyingParty(deps: Pick<VerifierDeps, 'db'>, id: string): Promise<RelyingPartyRow> {
  const [row] = await deps.db.select().from(relyingParties).where(eq(relyingParties.id, id));
  if (!row) throw new NotFound(`There is no relying party ${id}.`);
  return row;
}

/** The relying party's request signer: its key, and x5c of its certificate and the services CA. */
export async function relyingPartySigner(deps: VerifierDeps, rp: RelyingPartyRow): Promise<{ x5c: string[]; sign(data: Uint8Array): Promise<Uint8Array> }> {
  const chain = await deps.pki.chain();
  const signer = await deps.pki.keyStore.signer(rp.keyLabel);
  return { x5c: [Buffer.from(rp.certificate).toString('base64'), ...chain.map((c) => Buffer.from(c.rawData).toString('base64'))], sign: (d) => signer.sign(d) };
}

/** The relying party an API key belongs to, compared by its hash; unknown keys are Unauthenticated. */
export async function relyingPartyByApiKey(deps: Pick<VerifierDeps, 'db'>, apiKey: string): Promise<RelyingPartyRow> {
  const [row] = await deps.db.select().from(relyingParties).where(eq(relyingParties.apiKeyHash, createHash('sha256').update(apiKey).digest('hex')));
  if (!row) throw new Unauthenticated('The API key is not a relying party’s.');
  return row;
}
