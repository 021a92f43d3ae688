// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import { Forbidden, type Server } from '@tessera/platform';
import { LIFE_EVENT_TYPES, recordLifeEvent } from '../store/life-events.ts';
import type { BenefitsDeps } from '../store/benefits-deps.ts';

/**
 * The service registers call over the exchange to report a life event (`POST <path>`). The
 * provider gateway has authenticated the caller and sets X-Road-Client; only the registers
 * named here may report, compared by their whole identifier.
 */
export function registerLifeEventService(server: Server, deps: Pick<BenefitsDeps, 'db' | 'clock'>, o: { path: string; reporters: readonly string[] }): void {
  server.post(o.path, {
    schema: { body: Type.Object({ type: Type.Union(LIFE_EVENT_TYPES.map((t) => Type.Literal(t))), subjects: Type.Array(Type.String({ maxLength: 43 }), { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }) },
  }, async (request, reply) => {
    const client = request.headers['x-road-client'];
    if (typeof client !== 'string' || !o.reporters.includes(client)) throw new Forbidden('Only the registers may report life events.');
    const { id } = await recordLifeEvent(deps, { type: request.body.type, subjects: request.body.subjects, reportedBy: client });
    return reply.code(202).send({ id });
  });
}
