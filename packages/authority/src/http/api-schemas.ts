// SPDX-License-Identifier: Apache-2.0
import Type, { type Static } from 'typebox';
import { APPLICATION_STATUSES } from '../domain/application/application-status.ts';
import { ApplicationForm } from '../domain/application/application-form.ts';
import { REJECTION_REASONS } from '../domain/application/rejection-reasons.ts';

/** A file part of a multipart request; @fastify/multipart hands it over as a Buffer. */
const FilePart = Type.Unsafe<Buffer>({ description: 'binary file (multipart part: JPEG, PNG or PDF)' });

export const ApplicationSubmission = Type.Object({
  ...ApplicationForm.properties,
  photo: Type.Optional(FilePart),
  passportScan: Type.Optional(FilePart),
  _csrf: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const StatusToken = Type.Object({ token: Type.String({ minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]+$' }) });
export const ApplicationId = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const QueueQuery = Type.Object({
  status: Type.Optional(Type.Union(APPLICATION_STATUSES.map((s) => Type.Literal(s)))),
  location: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z0-9-]+$' })),
  flagged: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  reference: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
}, { additionalProperties: false });

/**
 * The console's decision form. The reason may be left unchosen ('') and the note short: the
 * decision then reports them as issues and the form is shown again with them; anything else is
 * refused by the schema.
 */
export const DecisionForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
  reason: Type.Optional(Type.Union([Type.Literal(''), ...REJECTION_REASONS.map((r) => Type.Literal(r))])),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });
export type DecisionForm = Static<typeof DecisionForm>;

export const DecisionBody = Type.Union([
  Type.Object({ decision: Type.Literal('approve'), _csrf: Type.Optional(Type.String()) }, { additionalProperties: false }),
  Type.Object({
    decision: Type.Literal('reject'),
    reason: Type.Union(REJECTION_REASONS.map((r) => Type.Literal(r))),
    note: Type.String({ minLength: 10, maxLength: 2000 }),
    _csrf: Type.Optional(Type.String()),
  }, { additionalProperties: false }),
]);
