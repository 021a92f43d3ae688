// SPDX-License-Identifier: Apache-2.0
import Type, { type Static } from 'typebox';
import { VERIFICATION_TEMPLATES } from '../domain/templates/verification-templates.ts';

const TEMPLATE_IDS = Object.keys(VERIFICATION_TEMPLATES).map((id) => Type.Literal(id));

/**
 * A relying party's request through the REST API (`POST /api/verifier/requests`): a DCQL query
 * or a template, and the response mode. The query's inside is the DCQL reader's to judge
 * (ERR_QUERY_UNSUPPORTED, with the rule it broke); the schema refuses every other field.
 */
export const CreateRequestBody = Type.Object({
  dcql_query: Type.Optional(Type.Object({ credentials: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 32 }) }, { additionalProperties: true })),
  template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  response_mode: Type.Optional(Type.Union([Type.Literal('direct_post'), Type.Literal('direct_post.jwt')])),
}, { additionalProperties: false });
export type CreateRequestBody = Static<typeof CreateRequestBody>;

/** The verification app's sign-in form: the relying party's API key. */
export const SignInForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  api_key: Type.String({ maxLength: 256 }),
}, { additionalProperties: false });
export type SignInForm = Static<typeof SignInForm>;

/** The verification app's "ask the customer" form: one of the ready templates. */
export const TemplateForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  template: Type.Union(TEMPLATE_IDS),
}, { additionalProperties: false });
export type TemplateForm = Static<typeof TemplateForm>;
