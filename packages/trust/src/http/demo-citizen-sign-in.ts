// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import { csrfField, html, page, pageLocale, sendPage, ValidationFailed, type Clock, type Server } from '@tessera/platform';
import { DemoSignInInProduction } from '../trust-errors.ts';
import { cardText } from './pages/card-messages.ts';
import { setCitizenSession } from './citizen-session.ts';

export const DEMO_CITIZEN_SIGN_IN_PATH = '/citizen/sign-in/demo';

export interface DemoCitizenSignInOptions {
  clock: Clock;
  /** The demo people one may sign in as (identification code and name); no one else. */
  people: ReadonlyArray<{ code: string; name: string }>;
  /** Where the person goes once signed in (e.g. the benefits inbox). */
  next: string;
  /** True in production, where this sign-in is refused outright. */
  production: boolean;
  secureCookies: boolean;
}

/**
 * A sign-in without the digi-ID for the demo's people, so their pages can be tried by hand in
 * development: the same citizen session the card sign-in starts, for the listed people only.
 * Refused in production (it would let anyone be anyone), as the demo world is.
 */
export function registerDemoCitizenSignIn(server: Server, o: DemoCitizenSignInOptions): void {
  if (o.production) throw new DemoSignInInProduction();
  server.get(DEMO_CITIZEN_SIGN_IN_PATH, { schema: { hide: true } }, async (request, reply) => {
    const locale = pageLocale(request, reply);
    const t = cardText(locale);
    const csrf = reply.generateCsrf();
    const body = html`<p>${t('demoSignInIntro')}</p>
<ul class="plain-list">${o.people.map((p) => html`<li><form method="post" action="${DEMO_CITIZEN_SIGN_IN_PATH}">${csrfField(csrf)}<input type="hidden" name="code" value="${p.code}"><button class="button" type="submit">${t('demoSignInAs', { name: p.name })}</button></form></li>`)}</ul>`;
    return sendPage(reply, page({ title: t('demoSignInTitle'), locale, service: t('citizenService'), path: DEMO_CITIZEN_SIGN_IN_PATH, body }));
  });
  server.post(DEMO_CITIZEN_SIGN_IN_PATH, {
    schema: { hide: true, body: Type.Object({ code: Type.String({ maxLength: 20 }), _csrf: Type.Optional(Type.String()) }) },
    preHandler: server.csrfProtection,
  }, async (request, reply) => {
    const person = o.people.find((p) => p.code === request.body.code);
    if (!person) throw new ValidationFailed([{ code: 'not_a_demo_person', path: '/code', message: 'Only the demo people can sign in here.' }]);
    setCitizenSession(reply, person, o.clock.now(), o.secureCookies);
    return reply.redirect(o.next, 303);
  });
}
