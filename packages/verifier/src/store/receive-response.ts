// SPDX-License-Identifier: Apache-2.0
import { and, eq, inArray } from 'drizzle-orm';
import { appendEvent, NotFound } from '@tessera/platform';
import { answerOf, presentationsOf, type CredentialAnswer } from '../domain/dcql/match-vp-token.ts';
import { readWalletResponse } from '../domain/request/read-response.ts';
import { assignDocuments } from '../domain/mdoc/assign-documents.ts';
import { verifyMdocPresentation } from '../domain/mdoc/verify-mdoc-presentation.ts';
import { verifySdJwtPresentation } from '../domain/sd-jwt/verify-sd-jwt-presentation.ts';
import { isPresentationRefused, type PresentationRefused, refuse, type RefusalCode } from '../domain/verifier-errors.ts';
import { clientIdOf } from './relying-party-identity.ts';
import { encryptionKeyThumbprint, responseUriOf } from './request-object.ts';
import { presentationRequests, relyingParties, seenPresentations } from './schema.ts';
import type { VerifierDeps } from './verifier-deps.ts';
import { queueWebhook } from './webhook-outbox.ts';

export type ResponseOutcome =
  | { status: 'verified'; requestId: string; relyingPartyId: string; answers: CredentialAnswer[] }
  | { status: 'refused'; requestId: string; relyingPartyId: string; refusal: RefusalCode; message: string };

/**
 * The response endpoint's work (OpenID4VP 1.0 §8.2): reads the (encrypted) response, checks its
 * state, verifies every presentation against the request's nonce and client_id, matches them to
 * the DCQL query, and records the outcome once. A request is answered exactly once: a second
 * response, or a presentation seen before, is ERR_PRESENTATION_REPLAYED and changes nothing.
 * A refusal is final too and is recorded with its code, so the relying party sees why. The
 * relying party's webhook is written to the outbox in the same transaction.
 */
export async function receiveResponse(deps: VerifierDeps, requestId: string, body: Record<string, unknown>): Promise<ResponseOutcome> {
  const [found] = await deps.db.select({ request: presentationRequests, rp: relyingParties }).from(presentationRequests)
    .innerJoin(relyingParties, eq(relyingParties.id, presentationRequests.relyingPartyId)).where(eq(presentationRequests.id, requestId));
  if (!found) throw new NotFound('There is no such presentation request.');
  const { request: row, rp } = found;
  if (row.status === 'verified' || row.status === 'refused') refuse('ERR_PRESENTATION_REPLAYED', 'The request was already answered.');
  const now = deps.clock.now();
  let answers: CredentialAnswer[] = [];
  let digests: string[] = [];
  let refusal: PresentationRefused | undefined;
  try {
    if (row.expiresAt <= now) refuse('ERR_REQUEST_EXPIRED');
    const response = await readWalletResponse(body, row.responseMode, row.encryptionKey);
    if (typeof response.state !== 'string' || response.state !== row.state) refuse('ERR_STATE_MISMATCH');
    const presentations = presentationsOf(response.vpToken, row.dcqlQuery);
    const ctx = { nonce: row.nonce, clientId: clientIdOf(rp.certificate), now, iatWindow: deps.iatWindow, trust: deps.issuerTrust, status: deps.status };
    // An mdoc's device signature covers the request itself (OpenID4VP 1.0 Appendix B.2.6.1).
    const mdocCtx = { ...ctx, responseUri: responseUriOf(deps, requestId), jwkThumbprint: row.encryptionKey ? await encryptionKeyThumbprint(row.encryptionKey) : null };
    const formats = new Map(row.dcqlQuery.credentials.map((c) => [c.id, c.format]));
    // One DeviceResponse may answer several mso_mdoc queries (the same string under each id): verified once, its documents shared out.
    const responses = new Map<string, string[]>();
    for (const p of presentations) if (formats.get(p.queryId) === 'mso_mdoc') responses.set(p.presentation, [...(responses.get(p.presentation) ?? []), p.queryId]);
    const sdJwt = presentations.filter((p) => formats.get(p.queryId) !== 'mso_mdoc');
    const verified = (await Promise.all([
      ...sdJwt.map(async (p) => [{ queryId: p.queryId, verified: await verifySdJwtPresentation(p.presentation, ctx) }]),
      ...[...responses].map(async ([presentation, ids]) => assignDocuments(ids, await verifyMdocPresentation(presentation, mdocCtx), row.dcqlQuery)),
    ])).flat();
    const order = presentations.map((p) => p.queryId);
    verified.sort((a, b) => order.indexOf(a.queryId) - order.indexOf(b.queryId));
    answers = verified.map((v) => answerOf(v.queryId, v.verified, row.dcqlQuery));
    // Each presentation is seen once: an SD-JWT per query, a DeviceResponse once however many queries it answers.
    digests = [...sdJwt.map((p) => verified.find((v) => v.queryId === p.queryId)!.verified.digest), ...[...responses.values()].map((ids) => verified.find((v) => v.queryId === ids[0])!.verified.digest)];
  } catch (e) {
    if (!isPresentationRefused(e)) throw e;
    // An expired request, a response for another request (state) or bytes that are not a
    // response leave the request open: they say nothing about the holder's answer.
    if (e.code === 'ERR_STATE_MISMATCH' || e.code === 'ERR_RESPONSE_MALFORMED' || e.code === 'ERR_RESPONSE_DECRYPTION_FAILED' || e.code === 'ERR_RESPONSE_UNENCRYPTED') throw e;
    refusal = e;
  }
  return deps.db.transaction(async (tx) => {
    if (digests.length) {
      const fresh = await tx.insert(seenPresentations).values(digests.map((digest) => ({ digest, requestId, seenAt: now }))).onConflictDoNothing().returning({ digest: seenPresentations.digest });
      if (fresh.length !== digests.length) refuse('ERR_PRESENTATION_REPLAYED');
    }
    const status = refusal ? 'refused' : 'verified';
    const updated = await tx.update(presentationRequests)
      .set({ status, answers: refusal ? null : answers, refusal: refusal?.code ?? null, answeredAt: now, encryptionKey: null })
      .where(and(eq(presentationRequests.id, requestId), inArray(presentationRequests.status, ['created', 'retrieved']))).returning({ id: presentationRequests.id });
    if (!updated.length) refuse('ERR_PRESENTATION_REPLAYED', 'The request was already answered.');
    for (const a of refusal ? [] : answers) {
      const subject = a.claims.personal_identifier;
      if (deps.dataTracker && typeof subject === 'string') {
        await deps.dataTracker(tx, { identificationCode: subject, purpose: rp.purpose.en ?? '', client: rp.name.en ?? rp.id, service: `presentation:${a.vct.split('/').pop()}`, messageId: `${requestId}:${a.queryId}` });
      }
    }
    await appendEvent(tx, {
      context: 'verifier', type: refusal ? 'presentation.refused' : 'presentation.verified', subject: requestId, actor: 'wallet', at: now,
      data: refusal ? { relyingParty: rp.id, refusal: refusal.code } : { relyingParty: rp.id, credentials: answers.map((a) => ({ vct: a.vct, issuer: a.issuer, claims: Object.keys(a.claims) })) },
    });
    const outcome: ResponseOutcome = refusal
      ? { status: 'refused', requestId, relyingPartyId: rp.id, refusal: refusal.code, message: refusal.message }
      : { status: 'verified', requestId, relyingPartyId: rp.id, answers };
    // The relying party's webhook is queued with the outcome: it goes out only if this commits, and then surely.
    await queueWebhook(tx, rp, outcome, now);
    return outcome;
  });
}
