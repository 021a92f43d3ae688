// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { pageLocale, sendPage, type Server } from '@tessera/platform';
import { upcomingSlots } from '../domain/pickup-slots.ts';
import { bookingStatus, bookSlot, cancelSlot } from '../store/book-slot.ts';
import type { CentreDeps } from '../store/centre-deps.ts';
import { centreText } from './centre-messages.ts';
import { bookingPage } from './pages/booking-page.ts';

const Token = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) });
const BOOKING_DAYS = 21;

/**
 * The applicant's public booking page, reached by the link in the authority's e-mail: the link
 * is a bearer token (stored here only as its SHA-256); rate limited, so links cannot be guessed.
 */
export function registerBookingPages(server: Server, deps: CentreDeps): void {
  const limit = { rateLimit: { max: 30, timeWindow: '1 minute' } };
  const show = async (request: FastifyRequest, reply: FastifyReply, token: string, notice?: string) => {
    const locale = pageLocale(request, reply);
    const status = await bookingStatus(deps, token);
    return sendPage(reply, bookingPage({
      locale, token, ...status, slots: upcomingSlots(status.centre, deps.clock.now(), BOOKING_DAYS), csrfToken: reply.generateCsrf(), ...(notice ? { notice } : {}),
    }));
  };

  server.get('/book/:token', { schema: { hide: true, params: Token, querystring: Type.Object({ lang: Type.Optional(Type.String()), done: Type.Optional(Type.String({ maxLength: 200 })) }) }, config: limit }, async (request, reply) => {
    return show(request, reply, request.params.token, request.query.done);
  });

  server.post('/book/:token', { schema: { hide: true, params: Token, body: Type.Object({ _csrf: Type.String(), startsAt: Type.String({ format: 'date-time' }) }) }, config: limit, preHandler: server.csrfProtection }, async (request, reply) => {
    const booked = await bookSlot(deps, request.params.token, new Date(request.body.startsAt));
    const locale = pageLocale(request, reply);
    const status = await bookingStatus(deps, request.params.token);
    const time = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: status.centre.timeZone }).format(booked.startsAt);
    return reply.redirect(`/book/${request.params.token}?done=${encodeURIComponent(centreText(locale)('bookedNotice', { time }))}`, 303);
  });

  server.post('/book/:token/cancel', { schema: { hide: true, params: Token, body: Type.Object({ _csrf: Type.String() }) }, config: limit, preHandler: server.csrfProtection }, async (request, reply) => {
    await cancelSlot(deps, request.params.token);
    return reply.redirect(`/book/${request.params.token}?done=${encodeURIComponent(centreText(pageLocale(request, reply))('cancelledNotice'))}`, 303);
  });
}
