// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import { SigningKeyUnsupported } from '../exchange-errors.ts';

/*
 * The global configuration as gateways receive it: everything a gateway needs to find, trust and
 * authorise its peers, signed by the registry. Gateways check a download against this schema
 * before using it. Objects allow extra members so a later registry can add fields without
 * breaking gateways that do not know them yet; a breaking change gets a new `version`.
 */

const Code = Type.String({ minLength: 1, maxLength: 64 });
const MemberRef = { memberClass: Code, memberCode: Code };
const SubsystemRef = { ...MemberRef, subsystemCode: Code };
const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ConfigurationEndpoint = Type.Object({ method: Type.String(), path: Type.String() });

export const ConfigurationService = Type.Object({
  ...SubsystemRef,
  serviceCode: Code,
  serviceVersion: Nullable(Code),
  type: Type.Union([Type.Literal('REST'), Type.Literal('OPENAPI')]),
  endpoints: Type.Array(ConfigurationEndpoint),
  /** Gateways compare this with the OpenAPI document the provider serves, to spot an unannounced change. */
  openapiSha256: Nullable(Type.String()),
  handlesPersonalData: Type.Boolean(),
});

export const GlobalConfigurationSchema = Type.Object({
  version: Type.Literal(1),
  instance: Type.String({ minLength: 1 }),
  /** Increases with every publication; gateways refuse to go back to a lower one. */
  serial: Type.Integer({ minimum: 1 }),
  issuedAt: Type.String(),
  /** After this moment gateways stop exchanging messages until they have a newer copy. */
  expiresAt: Type.String(),
  members: Type.Array(Type.Object({ ...MemberRef, name: Type.String(), subsystems: Type.Array(Code) })),
  gateways: Type.Array(Type.Object({
    ...MemberRef,
    serverCode: Code,
    address: Type.String(),
    /** TLS authentication certificate, base64 DER. */
    certificate: Type.String(),
    certificateSha256: Type.String(),
    /** Other members' subsystems this gateway hosts (X-Road: its clients besides its owner's); absent in older copies. */
    clients: Type.Optional(Type.Array(Type.Object(SubsystemRef))),
  })),
  services: Type.Array(ConfigurationService),
  accessRights: Type.Array(Type.Object({
    client: Type.Object(SubsystemRef),
    service: Type.Object({ ...SubsystemRef, serviceCode: Code, serviceVersion: Nullable(Code) }),
    method: Nullable(Type.String()),
    path: Nullable(Type.String()),
  })),
  trustedCas: Type.Array(Type.Object({ subject: Type.String(), certificate: Type.String(), sha256: Type.String() })),
  tsas: Type.Array(Type.Object({ name: Type.String(), url: Type.String(), certificate: Type.String() })),
});

export type GlobalConfiguration = Type.Static<typeof GlobalConfigurationSchema>;
export type ConfigurationService = Type.Static<typeof ConfigurationService>;

/** The JWS `typ` of a global configuration, so no other JWS signed by the same key can pass for one. */
export const GLOBAL_CONFIGURATION_TYP = 'tessera-globalconf+jws';

/** The JWS algorithm for a key: EdDSA for Ed25519, ES256 for ECDSA P-256; nothing else is accepted. */
export function jwsAlgorithm(key: CryptoKey): 'EdDSA' | 'ES256' {
  const algorithm = key.algorithm as { name: string; namedCurve?: string };
  if (algorithm.name === 'Ed25519') return 'EdDSA';
  if (algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-256') return 'ES256';
  throw new SigningKeyUnsupported(`The global configuration is signed with Ed25519 or ECDSA P-256 keys, not ${algorithm.name}.`);
}
