// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { appendEvents, NotFound, type Clock, type Database } from '@tessera/platform';
import { ClientCredentialExists } from '../exchange-errors.ts';
import { clientCredentials } from '../message-log/schema.ts';
import { formatClientId, type ClientId } from '../protocol/identifiers.ts';

/**
 * The header an information system proves its client subsystem with on the gateway's client
 * side: the secret issued to exactly that subsystem. The gateway drops it before signing and
 * forwarding, so it never reaches the provider or the message log.
 */
export const CLIENT_CREDENTIAL_HEADER = 'x-tessera-client-credential';

export interface ClientCredentialDeps {
  /** The gateway's own storage (where its message log is). */
  db: Database;
  clock: Clock;
  /** 32 random bytes per secret; injectable for tests only. */
  randomSecret?: () => Uint8Array;
}

/** A client subsystem: its X-Road identifier with the subsystem code. */
export type ClientSubsystem = ClientId & { readonly subsystemCode: string };

const sha256 = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();
const newSecret = (deps: ClientCredentialDeps) => Buffer.from(deps.randomSecret?.() ?? randomBytes(32)).toString('base64url');

/**
 * Issues the credential of a client subsystem's information system on gateway `gateway`
 * (instance/class/member/server), once, when the gateway takes the client on: the secret is
 * returned here only; the gateway keeps its SHA-256. Refused when the subsystem already has one
 * (`rotateClientCredential` makes a new one).
 */
export async function issueClientCredential(deps: ClientCredentialDeps, actor: string, gateway: string, client: ClientSubsystem): Promise<string> {
  const secret = newSecret(deps);
  const id = formatClientId(client);
  await deps.db.transaction(async (tx) => {
    const inserted = await tx.insert(clientCredentials).values({ gateway, client: id, secretSha256: sha256(secret), generation: 1, issuedAt: deps.clock.now() })
      .onConflictDoNothing().returning({ generation: clientCredentials.generation });
    if (inserted.length === 0) throw new ClientCredentialExists(`${id} already has a credential on ${gateway}.`);
    await appendEvents(tx, [{ context: 'exchange_gateway', type: 'gateway.client_credential_issued', subject: gateway, actor, at: deps.clock.now(), data: { client: id, generation: 1 } }]);
  });
  return secret;
}

/**
 * Issues a credential to each of `clients` that has none on `gateway`, all in one transaction
 * with one event each; the ones that already have one (from an earlier start, or another process
 * of the same gateway that got there first) are left as they are. Returns the new secrets, each
 * shown only here.
 */
export async function issueMissingClientCredentials(deps: ClientCredentialDeps, actor: string, gateway: string, clients: readonly ClientSubsystem[]): Promise<Array<{ client: ClientSubsystem; secret: string }>> {
  const held = new Set((await deps.db.select({ client: clientCredentials.client }).from(clientCredentials).where(eq(clientCredentials.gateway, gateway))).map((r) => r.client));
  const wanted = clients.filter((c) => !held.has(formatClientId(c))).map((client) => ({ client, id: formatClientId(client), secret: newSecret(deps) }));
  if (wanted.length === 0) return [];
  const now = deps.clock.now();
  const inserted = await deps.db.transaction(async (tx) => {
    const rows = await tx.insert(clientCredentials).values(wanted.map((w) => ({ gateway, client: w.id, secretSha256: sha256(w.secret), generation: 1, issuedAt: now })))
      .onConflictDoNothing().returning({ client: clientCredentials.client });
    await appendEvents(tx, rows.map((r) => ({ context: 'exchange_gateway', type: 'gateway.client_credential_issued', subject: gateway, actor, at: now, data: { client: r.client, generation: 1 } })));
    return new Set(rows.map((r) => r.client));
  });
  return wanted.filter((w) => inserted.has(w.id)).map((w) => ({ client: w.client, secret: w.secret }));
}

/** Replaces a client subsystem's secret: the old one is refused from the commit on. Returns the new secret, shown once. */
export async function rotateClientCredential(deps: ClientCredentialDeps, actor: string, gateway: string, client: ClientSubsystem): Promise<string> {
  const secret = newSecret(deps);
  const id = formatClientId(client);
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.update(clientCredentials).set({ secretSha256: sha256(secret), generation: sql`${clientCredentials.generation} + 1`, issuedAt: deps.clock.now() })
      .where(and(eq(clientCredentials.gateway, gateway), eq(clientCredentials.client, id))).returning({ generation: clientCredentials.generation });
    if (!row) throw new NotFound(`${id} has no credential on ${gateway}.`);
    await appendEvents(tx, [{ context: 'exchange_gateway', type: 'gateway.client_credential_rotated', subject: gateway, actor, at: deps.clock.now(), data: { client: id, generation: row.generation } }]);
  });
  return secret;
}

/** Ends a client subsystem's credential, as when the gateway stops hosting it: its secret is refused from the commit on. */
export async function revokeClientCredential(deps: ClientCredentialDeps, actor: string, gateway: string, client: ClientSubsystem): Promise<void> {
  const id = formatClientId(client);
  await deps.db.transaction(async (tx) => {
    const removed = await tx.delete(clientCredentials).where(and(eq(clientCredentials.gateway, gateway), eq(clientCredentials.client, id))).returning({ generation: clientCredentials.generation });
    if (removed.length === 0) throw new NotFound(`${id} has no credential on ${gateway}.`);
    await appendEvents(tx, [{ context: 'exchange_gateway', type: 'gateway.client_credential_revoked', subject: gateway, actor, at: deps.clock.now(), data: { client: id, generation: removed[0]!.generation } }]);
  });
}

/**
 * Whether `presented` is the current secret of exactly `client` on `gateway`: a secret issued to
 * any other subsystem, an old generation, or none at all is not. Compared in constant time.
 */
export async function authenticateClient(db: Database, gateway: string, client: ClientId, presented: string | undefined): Promise<boolean> {
  if (!presented || client.subsystemCode === undefined) return false;
  const [row] = await db.select({ secretSha256: clientCredentials.secretSha256 }).from(clientCredentials)
    .where(and(eq(clientCredentials.gateway, gateway), eq(clientCredentials.client, formatClientId(client))));
  if (!row) return false;
  return timingSafeEqual(Buffer.from(row.secretSha256), sha256(presented));
}
