// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import { recordClaims, type CredentialType, type PersonRecord } from '@tessera/credentials';
import { DATA_SUBJECT_HEADER } from '@tessera/exchange';
import { NotFound, type Clock, type Server } from '@tessera/platform';
import { CATALOGUE, sourcePath } from './credentials-exchange.ts';

const SUBJECT = Type.String({ pattern: '^EE[1-6]\\d{10}$' });
const SEGMENT = Type.String({ minLength: 1, maxLength: 100 });
const Params = Type.Object({ agency: SEGMENT, subsystem: SEGMENT, service: SEGMENT, subject: SUBJECT });
const Query = Type.Object({ claims: Type.String({ minLength: 1, maxLength: 2000, pattern: '^[a-z0-9_]+(,[a-z0-9_]+)*$' }) });

/**
 * The owning agencies' own registers behind their gateways, as stand-ins for systems outside
 * Tessera: the population register, the police's driver register, the ministries' personnel and
 * professional registers, and those of every other catalogue agency (hosted on the agencies' gateway). A person is known once a clerk registers them (`enrol`); each service
 * answers for its one credential type, about the person named in the path, exactly the claims
 * asked for that it holds: `{ "claims": { … } }`. Deterministic demo systems, never mounted in
 * production, where each agency answers from its own database.
 */
export function credentialRegisters(o: { clock: Clock }) {
  const people = new Map<string, PersonRecord>();
  const release = (type: CredentialType, code: string, asked: readonly string[]): Record<string, unknown> | null => {
    const person = people.get(code);
    if (!person) return null;
    const held = recordClaims(type, person, o.clock.now());
    return Object.fromEntries(asked.filter((name) => Object.hasOwn(held, name)).map((name) => [name, held[name]]));
  };
  return {
    /** A clerk records the person at the agencies (their register facts by claim name, e.g. a licence). */
    enrol(person: PersonRecord): void {
      people.set(person.identificationCode, person);
    },
    /** The register's answer without the exchange, for tests of the wallet alone. */
    release,
    routes(server: Server) {
      // Every type's service, whether its agency has a gateway of its own or is hosted on the agencies' one:
      // one route for the three hundred, as a route each took a second of the start compiling their schemas.
      const bySource = new Map(CATALOGUE.map((type) => [sourcePath(type), type]));
      server.get('/credential-sources/:agency/:subsystem/:service/:subject', { schema: { params: Params, querystring: Query } }, async (request, reply) => {
        const { agency, subsystem, service, subject } = request.params;
        const type = bySource.get(`/credential-sources/${agency}/${subsystem}/${service}`);
        if (!type) throw new NotFound('No register answers at this address.');
        const claims = release(type, subject.slice(2), request.query.claims.split(','));
        if (!claims) throw new NotFound('The register holds no record of this person.');
        // Personal-data services name whose data the answer holds (the provider gateway checks it).
        reply.header(DATA_SUBJECT_HEADER, subject);
        return { claims };
      });
    },
  };
}

export type CredentialRegisters = ReturnType<typeof credentialRegisters>;
