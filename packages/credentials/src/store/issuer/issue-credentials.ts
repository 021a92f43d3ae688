// SPDX-License-Identifier: Apache-2.0
import type { JWK } from 'jose';
import { AgencyClaimsInvalid, CredentialTypeNotFound, SourceDocumentNotValid } from '../../domain/credentials-errors.ts';
import { issueMdoc } from '../../domain/mdoc/issue-mdoc.ts';
import { issueSdJwtVc, type SdJwtVcIssue } from '../../domain/sd-jwt/issue-sd-jwt-vc.ts';
import { checkClaims } from '../../domain/types/check-claims.ts';
import type { CredentialFormat, CredentialType } from '../../domain/types/credential-type.ts';
import { writeIssuances, type PendingIssuance } from './issuance-writer.ts';
import type { IssuerDeps } from './issuer-deps.ts';
import type { IssuerIdentity } from './issuer-identity.ts';

export interface CredentialIssue {
  type: CredentialType;
  format: CredentialFormat;
  /** The holder's identification code, as their card names it. */
  holder: string;
  /** The serial of the card certificate the holder authenticated with; required for derived types. */
  documentRef: string | null;
  /** One credential per key: a batch of copies the wallet presents to different verifiers (unlinkability). */
  keys: JWK[];
  /** Claims from the owning agency; fetched when not given. */
  claims?: Record<string, unknown>;
  /** Further writes that must commit with the issuance or not at all (a deferred transaction's completion). */
  inTransaction?(tx: IssuerDeps['db']): Promise<void>;
}

export interface IssuedBatch {
  credentials: string[];
  /** Identifies the batch in the notification endpoint (OpenID4VCI 1.0 §11). */
  notificationId: string;
  ids: string[];
}

/**
 * Issues one credential per holder key. Before anything is signed: the type must be active and
 * the format produced here; a derived type needs a valid source document (fail closed on a
 * suspended, revoked or unknown card); the agency's claims must fit the type. Each credential
 * gets its own status list entry (in the SD-JWT VC's `status` or the mdoc MSO's); records and the
 * transparency-log event commit together, with those of issuances running at the same time when
 * `deps.writer` groups them (issuance-writer.ts).
 */
export async function issueCredentials(deps: IssuerDeps, input: CredentialIssue): Promise<IssuedBatch> {
  if (!input.type.formats.includes(input.format)) throw new CredentialTypeNotFound(`${input.type.id} in ${input.format}`);
  if (input.type.derivedFrom) {
    if (!input.documentRef) throw new SourceDocumentNotValid('unknown');
    const status = await deps.documents.status(input.documentRef);
    if (status !== 'valid') throw new SourceDocumentNotValid(status);
  }
  const claims = input.claims ?? (await deps.claims.claims(input.type, input.holder));
  const issues = checkClaims(input.type, claims);
  if (issues.length) throw new AgencyClaimsInvalid(input.type.id, issues);

  const identity = await deps.identity();
  const issuedAt = deps.clock.now();
  const expiresAt = new Date(issuedAt.getTime() + input.type.validityDays * 86_400_000);
  const produce = await producerFor(input.format, deps, identity);
  const job: PendingIssuance = {
    type: input.type, format: input.format, holder: input.holder, documentRef: input.documentRef, keys: input.keys, issuedAt, expiresAt,
    produce: (holderKey, entry) => produce({ type: input.type, claims, holderKey, status: { idx: entry.index, uri: deps.statusLists.uri(entry.list) }, issuedAt, expiresAt }),
    ...(input.inTransaction ? { inTransaction: input.inTransaction } : {}),
  };
  // With further writes of its own (a deferred completion) an issuance is its own transaction; otherwise it joins the next group.
  if (deps.writer && !input.inTransaction) return deps.writer.write(job);
  return (await writeIssuances(deps, [job]))[0]!;
}

type Produce = (issue: Omit<SdJwtVcIssue, 'issuer'>) => Promise<string>;

/** Signs in the requested format: SD-JWT VCs with the issuer key, mdocs with the document signer. */
async function producerFor(format: CredentialFormat, deps: IssuerDeps, identity: IssuerIdentity): Promise<Produce> {
  if (format === 'mso_mdoc') {
    const signer = {
      publicKey: await crypto.subtle.exportKey('jwk', identity.mdoc.signer.publicKey) as JWK,
      x5chain: identity.mdoc.x5c.map((c) => new Uint8Array(Buffer.from(c, 'base64'))),
      sign: (data: Uint8Array) => identity.mdoc.signer.sign(data),
    };
    return (issue) => issueMdoc({ ...issue, signer });
  }
  const issuer = { url: deps.issuerUrl, x5c: identity.x5c, sign: (data: Uint8Array) => identity.signer.sign(data) };
  return (issue) => issueSdJwtVc({ ...issue, issuer });
}
