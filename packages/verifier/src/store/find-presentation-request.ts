// SPDX-License-Identifier: Apache-2.0
import { and, eq } from 'drizzle-orm';
import { NotFound } from '@tessera/platform';
import type { CredentialAnswer } from '../domain/dcql/match-vp-token.ts';
import { presentationRequests } from './schema.ts';
import type { VerifierDeps } from './verifier-deps.ts';

export interface PresentationRequestView {
  id: string;
  relyingPartyId: string;
  template: string | null;
  status: 'created' | 'retrieved' | 'verified' | 'refused';
  answers: CredentialAnswer[] | null;
  refusal: string | null;
  createdAt: Date;
  expiresAt: Date;
  answeredAt: Date | null;
}

/** A request as its relying party sees it; another relying party's request is not found. */
export async function findPresentationRequest(deps: Pick<VerifierDeps, 'db'>, relyingPartyId: string, id: string): Promise<PresentationRequestView> {
  const [row] = await deps.db.select().from(presentationRequests).where(and(eq(presentationRequests.id, id), eq(presentationRequests.relyingPartyId, relyingPartyId)));
  if (!row) throw new NotFound('There is no such presentation request.');
  return { id: row.id, relyingPartyId: row.relyingPartyId, template: row.template, status: row.status, answers: row.answers, refusal: row.refusal, createdAt: row.createdAt, expiresAt: row.expiresAt, answeredAt: row.answeredAt };
}
