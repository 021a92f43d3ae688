// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import { ProtocolError } from '../../domain/oid4vci/oid4vci-errors.ts';
import { issuedCredentials } from '../schema.ts';
import { authorizeHolder } from './authorize-holder.ts';
import type { Authorization } from './find-authorization.ts';
import type { Oid4vciDeps } from './oid4vci-deps.ts';

const refused = (why: string) => new ProtocolError('access_denied', `Sign-in with a credential refused: ${why}`, { status: 401 });

/**
 * The holder proves who they are with a credential this issuer gave them, presented by
 * OpenID4VP 1.0 to the issuer as verifier: the presentation must carry this authorization's
 * one-time challenge as nonce and this issuer's client_id as audience, and pass every check of
 * the verifier (issuer signature and certificate, validity, key binding, status). Who the holder
 * is then comes from the issuer's own record of that credential, found by its status entry, and
 * must equal the disclosed personal identifier exactly; the new credentials follow the same card.
 * A presentation cannot be used twice: the challenge is this request's, and the request is
 * claimed by the first sign-in (authorizeHolder).
 */
export async function authorizeWithCredential(deps: Oid4vciDeps, authorization: Authorization, body: Record<string, unknown>): Promise<{ redirectTo: string }> {
  if (!deps.presentationSignIn) throw new ProtocolError('access_denied', 'Sign-in with a credential is not configured at this issuer.', { status: 403 });
  const outcome = await deps.presentationSignIn.verify(body, { nonce: authorization.challenge, state: authorization.id });
  if (!outcome.ok) throw refused(`${outcome.message} (${outcome.code})`);
  const { credential } = outcome;
  const typeId = credential.vct.startsWith(`${deps.vctBase}/`) ? credential.vct.slice(deps.vctBase.length + 1) : null;
  const holder = credential.claims.personal_identifier;
  const list = Number(credential.status.uri.split('/').pop());
  if (!typeId || typeof holder !== 'string' || !Number.isSafeInteger(list) || deps.statusLists.uri(list) !== credential.status.uri) throw refused('the credential is not one of this issuer’s types.');
  const [record] = await deps.db.select({ holder: issuedCredentials.holder, documentRef: issuedCredentials.documentRef, typeId: issuedCredentials.typeId }).from(issuedCredentials)
    .where(and(eq(issuedCredentials.holder, holder), eq(issuedCredentials.statusList, list), eq(issuedCredentials.statusIndex, credential.status.idx)));
  if (!record || record.typeId !== typeId || record.holder !== holder) throw refused('this issuer has no record of issuing that credential to that person.');
  return authorizeHolder(deps, authorization, { code: record.holder, documentRef: record.documentRef, method: 'credential' });
}
