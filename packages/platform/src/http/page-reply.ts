// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLocale, type Locale } from '../i18n/messages.ts';
import type { SafeHtml } from '../ui/html.ts';

/** The locale of a page: ?lang= (remembered in a cookie), else the cookie, else the browser's. */
export function pageLocale(request: FastifyRequest, reply: FastifyReply): Locale {
  const query = (request.query as { lang?: string } | undefined)?.lang;
  const locale = negotiateLocale(query ?? request.cookies.lang, request.headers['accept-language']);
  if (query && query === locale) reply.setCookie('lang', locale, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 86400 });
  return locale;
}

/** A rendered page; never cached, since pages show personal data and CSRF tokens. */
export function sendPage(reply: FastifyReply, markup: SafeHtml, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(markup.value);
}

/** preValidation for pages with a GET filter form: it sends every field, and an empty one means "any". */
export async function dropEmptyFilters(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown>;
  for (const key of Object.keys(query)) if (query[key] === '') delete query[key];
}
