// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import { Forbidden, type Server } from '@tessera/platform';
import type { CentreDeps } from '../store/centre-deps.ts';
import { receiveManifest } from '../store/receive-manifest.ts';
import { applySuspensionNotice } from '../store/apply-suspension-notice.ts';

export interface CentreExchangeOptions {
  /** Where the gateway reaches these services, e.g. `/centre`. */
  prefix: string;
  /** The authority's subsystem, the only caller these services answer (whole X-Road identifier). */
  authorityClient: string;
  /** Each centre's own subsystem identifier, e.g. `{ 'seoul-vfs': 'TESSERA/COM/10000001/seoul-centre' }`. */
  subsystems: Readonly<Record<string, string>>;
}

const Manifest = Type.Object({
  shipmentId: Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }),
  centre: Type.String({ maxLength: 64 }),
  sentAt: Type.String({ format: 'date-time' }),
  cards: Type.Array(Type.Object({
    reference: Type.String({ pattern: '^ER-\\d{4}-\\d{6}$' }),
    documentNumber: Type.String({ pattern: '^[A-Z0-9]{6,12}$' }),
    collectBy: Type.String({ format: 'date' }),
    dataSubject: Type.Optional(Type.String({ pattern: '^EE\\d{11}$' })),
  }, { additionalProperties: false }), { maxItems: 1000 }),
}, { additionalProperties: false });

/**
 * The centre's services behind its exchange gateway: the authority's shipment manifests and its
 * suspension notices. The
 * provider gateway sets `X-Road-Client` (who called, authenticated) and `X-Road-Service` (which
 * centre's subsystem was called); both are compared as whole identifiers.
 */
export function registerCentreExchangeServices(server: Server, deps: CentreDeps, o: CentreExchangeOptions): void {
  const centreOfService = (service: unknown, serviceCode: string): string => {
    const match = Object.entries(o.subsystems).find(([, subsystem]) => `${subsystem}/${serviceCode}` === service);
    if (!match) throw new Forbidden('This service is not provided for that subsystem.');
    return match[0];
  };
  server.post(`${o.prefix}/shipments/manifests`, { schema: { body: Manifest } }, async (request) => {
    if (request.headers['x-road-client'] !== o.authorityClient) throw new Forbidden('Only the issuing authority sends manifests.');
    return receiveManifest(deps, centreOfService(request.headers['x-road-service'], 'shipments'), request.body);
  });
  server.post(`${o.prefix}/suspensions/notices`, {
    schema: { body: Type.Object({ state: Type.Union([Type.Literal('active'), Type.Literal('suspended')]), at: Type.String({ format: 'date-time' }), reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }) },
  }, async (request) => {
    if (request.headers['x-road-client'] !== o.authorityClient) throw new Forbidden('Only the issuing authority suspends a centre.');
    return applySuspensionNotice(deps, centreOfService(request.headers['x-road-service'], 'suspensions'), request.body);
  });
}
