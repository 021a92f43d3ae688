// SPDX-License-Identifier: Apache-2.0
import type { preHandlerAsyncHookHandler } from 'fastify';
import { asc, count } from 'drizzle-orm';
import Type from 'typebox';
import { expectRow, requireJsonBody, ValidationFailed, type Server } from '@tessera/platform';
import { registerRelyingParty } from '../store/register-relying-party.ts';
import { clientIdOf } from '../store/relying-party-identity.ts';
import { relyingParties } from '../store/schema.ts';
import type { VerifierDeps } from '../store/verifier-deps.ts';

/** Registering relying parties and reading the register: the verifier operator's, not a relying party's own. */
export const RELYING_PARTY_PERMISSION = 'verifier:register';
export const RELYING_PARTIES_PATH = '/api/v1/verifier/relying-parties';

const Texts = Type.Object({ en: Type.String({ maxLength: 200 }), ko: Type.String({ maxLength: 200 }), et: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
/** A registration as the API takes it; the content rules (id alphabet, every language, https webhook) are registerRelyingParty's. */
const Registration = Type.Object({
  id: Type.String({ maxLength: 63 }),
  name: Texts,
  purpose: Texts,
  claims: Type.Array(Type.Object({ vct: Type.String({ maxLength: 512 }), claims: Type.Array(Type.String({ maxLength: 128 }), { maxItems: 64 }) }, { additionalProperties: false }), { maxItems: 32 }),
  webhookUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
}, { additionalProperties: false });
const Page = Type.Object({ offset: Type.Optional(Type.Integer({ minimum: 0 })), size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }, { additionalProperties: false });

/**
 * The relying-party register over HTTP, for the verifier's operator: `POST` registers a bank or
 * an employer with the claims it may ask for and why (what the wallet shows), and answers its API
 * key and webhook secret once; an Idempotency-Key is required, so a retry after a lost answer gets
 * that same answer rather than a conflict and no key. `GET` lists the register without secrets.
 */
export function registerRelyingPartyAdmin(server: Server, deps: VerifierDeps, allowed: preHandlerAsyncHookHandler): void {
  server.post(RELYING_PARTIES_PATH, { schema: { body: Registration }, preValidation: requireJsonBody, preHandler: allowed }, async (request, reply) => {
    if (!request.idempotency) throw new ValidationFailed([{ code: 'required', path: 'headers/idempotency-key', message: 'Send an Idempotency-Key with each registration: its API key is answered once.' }]);
    const keys = await registerRelyingParty(deps, request.body, request.staff?.id ?? 'verifier-admin');
    return reply.code(201).header('cache-control', 'no-store')
      .send({ id: request.body.id, client_id: keys.clientId, api_key: keys.apiKey, webhook_secret: keys.webhookSecret });
  });

  server.get(RELYING_PARTIES_PATH, { schema: { querystring: Page }, preHandler: allowed }, async (request, reply) => {
    const offset = request.query.offset ?? 0;
    const size = request.query.size ?? 20;
    const rows = await deps.db.select().from(relyingParties).orderBy(asc(relyingParties.id)).limit(size).offset(offset);
    const total = expectRow(await deps.db.select({ n: count() }).from(relyingParties));
    return reply.header('cache-control', 'no-store').send({
      items: rows.map((r) => ({ id: r.id, client_id: clientIdOf(r.certificate), name: r.name, purpose: r.purpose, claims: r.claims, webhook_url: r.webhookUrl, registered_at: r.registeredAt.toISOString(), registered_by: r.registeredBy })),
      offset, size, total: total.n,
    });
  });
}
