// SPDX-License-Identifier: Apache-2.0
import Type from 'typebox';
import type { Server } from '../http/server.ts';
import { TotpAlreadyEnrolled, TotpNotConfirmed } from '../errors/platform-errors.ts';
import { authText } from './auth-messages.ts';
import { totpPage } from './auth-pages.ts';
import { csrfCheck, localeOf, noStore, type AuthRouteContext } from './auth-route-context.ts';
import { confirmTotpEnrolment, reopenTotpEnrolment, startTotpEnrolment } from './enrol-totp.ts';
import { findStaffById } from './find-staff.ts';
import { signedInStaff } from './signed-in-staff.ts';

const TotpQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 16 })) });
const TotpForm = Type.Object({
  code: Type.String({ maxLength: 16 }),
  enrolment: Type.String({ maxLength: 1024 }),
  _csrf: Type.Optional(Type.String({ maxLength: 256 })),
}, { additionalProperties: false });

/**
 * `GET/POST /auth/totp`: a signed-in staff member sets up an authenticator app (RFC 6238) —
 * the page shows the otpauth:// link and the key as text, and a code from the app confirms it.
 * Replacing an enrolled app needs an administrator (`resetStaffTotp`), so a stolen session
 * cannot swap the second factor.
 */
export function registerTotpRoutes(server: Server, ctx: AuthRouteContext): void {
  const html = 'text/html; charset=utf-8';

  server.get('/auth/totp', {
    schema: { summary: 'Set up an authenticator app', tags: ['auth'], produces: ['text/html'], querystring: TotpQuery },
    preHandler: ctx.gate.requireSignedInToEnrol(),
    onSend: noStore,
  }, async (request, reply) => {
    const staff = signedInStaff(request);
    const account = await findStaffById(ctx.db, staff.id);
    const csrfToken = reply.generateCsrf();
    const common = { locale: localeOf(request), csrfToken, signedInAs: staff.displayName, errors: [] };
    if (account?.totpEnrolled) return reply.type(html).send(totpPage({ ...common, state: { kind: 'enrolled', justNow: false } }));
    const enrolment = startTotpEnrolment(ctx.deps, { staffId: staff.id, account: staff.username, issuer: ctx.issuer });
    return reply.type(html).send(totpPage({ ...common, state: { kind: 'enrolling', enrolment } }));
  });

  server.post('/auth/totp', {
    schema: { summary: 'Confirm the authenticator app with a code', tags: ['auth'], consumes: ['application/x-www-form-urlencoded'], produces: ['text/html'], querystring: TotpQuery, body: TotpForm },
    preValidation: csrfCheck(server),
    preHandler: ctx.gate.requireSignedInToEnrol(),
    onSend: noStore,
  }, async (request, reply) => {
    const staff = signedInStaff(request);
    const locale = localeOf(request);
    const t = authText(locale);
    const common = { locale, csrfToken: reply.generateCsrf(), signedInAs: staff.displayName };
    const who = { staffId: staff.id, account: staff.username, issuer: ctx.issuer };
    try {
      await confirmTotpEnrolment(ctx.db, ctx.deps, { staffId: staff.id, enrolment: request.body.enrolment, code: request.body.code });
    } catch (error) {
      if (error instanceof TotpAlreadyEnrolled) {
        return reply.code(409).type(html).send(totpPage({ ...common, errors: [], state: { kind: 'enrolled', justNow: false } }));
      }
      if (!(error instanceof TotpNotConfirmed)) throw error;
      let enrolment;
      let message = t('codeWrong');
      try {
        enrolment = reopenTotpEnrolment(ctx.deps, { ...who, enrolment: request.body.enrolment });
      } catch {
        enrolment = startTotpEnrolment(ctx.deps, who);
        message = t('totpExpired');
      }
      return reply.code(400).type(html).send(totpPage({ ...common, errors: [{ field: 'code', message }], state: { kind: 'enrolling', enrolment } }));
    }
    request.log.info({ staffId: staff.id }, 'staff enrolled an authenticator app');
    return reply.type(html).send(totpPage({ ...common, errors: [], state: { kind: 'enrolled', justNow: true } }));
  });
}
