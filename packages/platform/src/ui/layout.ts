// SPDX-License-Identifier: Apache-2.0
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/messages.ts';
import { html, type SafeHtml } from './html.ts';
import { uiText } from './ui-messages.ts';

export interface NavLink {
  href: string;
  label: string;
  current?: boolean;
}

export interface PageOptions {
  title: string;
  locale: Locale;
  /** The page's main content. */
  body: SafeHtml;
  /** Name of the service shown in the header, e.g. "e-Residency". */
  service: string;
  /** Path of the current page, for the language switcher's links; with a query only when the page needs it to be shown again (lang is added). */
  path: string;
  nav?: NavLink[];
  /** Signed-in person's display name; shows the sign-out form when set. */
  signedInAs?: string;
  /** CSRF token for the sign-out form. */
  csrfToken?: string;
  /** A one-line confirmation shown above the content (role=status). */
  notice?: string;
}

/**
 * The one layout every Tessera page uses: skip link, header with service name and language
 * switcher, navigation, main landmark, footer. Works without JavaScript.
 */
export function page(o: PageOptions): SafeHtml {
  const t = uiText(o.locale);
  return html`<!doctype html>
<html lang="${o.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} – ${o.service}</title>
<link rel="stylesheet" href="/assets/tessera.css">
</head>
<body>
<a class="skip-link" href="#main">${t('skipToContent')}</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="site-header__service" href="/">${o.service}</a>
    <nav class="language-switcher" aria-label="${t('language')}">
      <ul>${LOCALES.map((l) => html`<li><a href="${o.path}${o.path.includes('?') ? '&' : '?'}lang=${l}" hreflang="${l}" lang="${l}"${l === o.locale ? html` aria-current="true"` : ''}>${LOCALE_NAMES[l]}</a></li>`)}</ul>
    </nav>
    ${o.signedInAs
      ? html`<form class="sign-out" method="post" action="/auth/sign-out"><span>${t('signedInAs', { name: o.signedInAs })}</span><input type="hidden" name="_csrf" value="${o.csrfToken ?? ''}"><button type="submit" class="button button--secondary">${t('signOut')}</button></form>`
      : ''}
  </div>
  ${o.nav && o.nav.length > 0
    ? html`<nav class="site-nav" aria-label="${t('mainNavigation')}"><ul>${o.nav.map((n) => html`<li><a href="${n.href}"${n.current ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul></nav>`
    : ''}
</header>
<main id="main" tabindex="-1">
${o.notice ? html`<div class="notice" role="status">${o.notice}</div>` : ''}
<h1>${o.title}</h1>
${o.body}
</main>
<footer class="site-footer"><p>${t('footer')}</p></footer>
</body>
</html>`;
}
