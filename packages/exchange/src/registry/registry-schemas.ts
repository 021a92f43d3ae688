// SPDX-License-Identifier: Apache-2.0
// The registry's request shapes, defined once as TypeBox schemas: Fastify validates with them,
// the OpenAPI description shows them, and the store's input types are derived from them.
import Type, { type Static } from 'typebox';
import { CODE_PATTERN, MEMBER_CLASS_PATTERN } from './identifiers.ts';
import { HTTP_METHODS } from './path-pattern.ts';

export const MemberClass = Type.String({ pattern: MEMBER_CLASS_PATTERN.source });
export const Code = Type.String({ pattern: CODE_PATTERN.source });
export const Method = Type.Enum(HTTP_METHODS);
export const PathPattern = Type.String({ minLength: 1, maxLength: 500 });

export const SubsystemRef = Type.Object({ memberClass: MemberClass, memberCode: Code, subsystemCode: Code }, { additionalProperties: false });
export const ServiceRef = Type.Object({
  memberClass: MemberClass, memberCode: Code, subsystemCode: Code, serviceCode: Code, serviceVersion: Type.Optional(Type.Union([Code, Type.Null()])),
}, { additionalProperties: false });

/**
 * A client subsystem's right to call a provider's service. Without method and path it covers the
 * whole service; with them only matching requests (path patterns: see path-pattern.ts).
 */
export const Grant = Type.Object({
  client: SubsystemRef,
  service: ServiceRef,
  /** An upper-case HTTP method; null or absent: any. */
  method: Type.Optional(Type.Union([Method, Type.Null()])),
  /** A path pattern; null or absent: any path. */
  path: Type.Optional(Type.Union([PathPattern, Type.Null()])),
}, { additionalProperties: false });

export type AccessGrant = Static<typeof Grant>;

const serviceFields = {
  serviceCode: Code,
  serviceVersion: Type.Optional(Type.Union([Code, Type.Null()])),
  handlesPersonalData: Type.Boolean(),
};

/** A REST service lists its endpoints; an OpenAPI one brings its document and the endpoints are read from it. */
export const NewServiceBody = Type.Union([
  Type.Object({
    ...serviceFields,
    type: Type.Literal('REST'),
    endpoints: Type.Array(Type.Object({ method: Type.Union([Method, Type.Literal('*')]), path: PathPattern }, { additionalProperties: false }), { maxItems: 500 }),
  }, { additionalProperties: false }),
  Type.Object({ ...serviceFields, type: Type.Literal('OPENAPI'), openapi: Type.Record(Type.String(), Type.Unknown()) }, { additionalProperties: false }),
]);
