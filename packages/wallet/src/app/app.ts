// SPDX-License-Identifier: Apache-2.0
// The wallet's screens. Hash routes, so the installed app works offline from one cached page:
// #/ cards, #/card/<id>, #/add[?offer=…], #/request?link=…, #/history. The issuer's redirect back
// after the person signed in (the authorization code flow) comes to /wallet/?code=…&state=….
import { AuthorizationRefused, webWalletClient } from './authorization.ts';
import { IssuanceFailed, receiveAuthorized, receiveOffer, startAuthorization } from './issuance.ts';
import { chooseGrant, OfferUnreadable, resolveOffer } from './offer.ts';
import { LOCALES, MESSAGES, type Locale, type MessageKey } from './messages.ts';
import { plan, presentAll, resolveRequest, respond, type Ask, type Choice, type PresentationRequest } from './presentation.ts';
import { addHistory, getCredential, listCredentials, listHistory, loadKey, removeCredential, savePending, takePending, type StoredCredential } from './store.ts';

const main = document.querySelector('main')!;
const pick = (): Locale => {
  const saved = localStorage.getItem('locale');
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  const browser = navigator.language.slice(0, 2);
  return (LOCALES as readonly string[]).includes(browser) ? (browser as Locale) : 'en';
};
let locale: Locale = pick();
const t = (key: MessageKey) => MESSAGES[locale][key];

const escape = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const cardName = (c: StoredCredential) => c.display[locale]?.name ?? c.display.en?.name ?? c.vct;
const label = (c: StoredCredential | undefined, claim: string) => c?.claimLabels[claim]?.[locale] ?? c?.claimLabels[claim]?.en ?? claim;
// An mdoc element can be a structure (the mDL's driving privileges: maps of category and dates): its values in order.
const shown = (value: unknown): string => (typeof value === 'boolean' ? (value ? '✓' : '✗') : Array.isArray(value) ? value.map(shown).join(', ')
  : value !== null && typeof value === 'object' ? Object.values(value).map(shown).join(' ') : typeof value === 'string' && value.startsWith('data:image/') ? '' : String(value));

// navigator.onLine says only that a network interface is up (true on a network with no route to
// the wallet's server, and not kept by Chromium when the page reloads from the service worker),
// so the wallet asks its server: a HEAD request, which the service worker lets through.
let online = navigator.onLine;
async function checkOnline(): Promise<void> {
  online = await fetch('/wallet/manifest.webmanifest', { method: 'HEAD', cache: 'no-store' }).then(() => true, () => false);
  chrome();
}

function chrome(): void {
  document.documentElement.lang = locale;
  document.title = t('title');
  document.querySelector('#app-title')!.textContent = t('title');
  const nav = document.querySelector('nav')!;
  nav.setAttribute('aria-label', t('title'));
  nav.innerHTML = `<a href="#/">${escape(t('navCards'))}</a> <a href="#/add">${escape(t('navAdd'))}</a> <a href="#/history">${escape(t('navHistory'))}</a>`;
  const select = document.querySelector<HTMLSelectElement>('#locale')!;
  document.querySelector('label[for=locale]')!.textContent = t('language');
  select.value = locale;
  document.querySelector('#offline')!.textContent = online ? '' : t('offline');
}

function card(c: StoredCredential): string {
  const d = c.display[locale] ?? c.display.en;
  // Colours go on through the CSSOM after rendering: the page's CSP allows no inline style attributes.
  return `<a class="card" data-bg="${escape(d?.backgroundColor ?? '#1d3557')}" data-fg="${escape(d?.textColor ?? '#ffffff')}" href="#/card/${escape(c.id)}"><span class="card-name">${escape(cardName(c))}</span>${c.format === 'mso_mdoc' ? `<span class="card-format">${escape(t('formatMdoc'))}</span>` : ''}<span class="card-holder">${escape(c.claims.given_name ?? '')} ${escape(c.claims.family_name ?? '')}</span></a>`;
}

async function cards(): Promise<void> {
  const all = await listCredentials();
  main.innerHTML = `<h2>${escape(t('navCards'))}</h2>${all.length ? `<ul class="cards">${all.map((c) => `<li>${card(c)}</li>`).join('')}</ul>` : `<p>${escape(t('noCards'))}</p>`}
    <p class="note">${escape(t('recovery'))}</p>
    <form id="open-request"><label for="request-link">${escape(t('requestLabel'))}</label><input id="request-link" name="link" autocomplete="off"><button type="submit">${escape(t('open'))}</button></form>`;
  main.querySelector('#open-request')!.addEventListener('submit', (e) => {
    e.preventDefault();
    const link = (main.querySelector('#request-link') as HTMLInputElement).value.trim();
    if (link) location.hash = `#/request?link=${encodeURIComponent(link)}`;
  });
}

async function detail(id: string): Promise<void> {
  const c = await getCredential(id);
  if (!c) return void (location.hash = '#/');
  const rows = Object.entries(c.claims).filter(([, v]) => shown(v) !== '').map(([k, v]) => `<div><dt>${escape(label(c, k))}</dt><dd>${escape(shown(v))}</dd></div>`).join('');
  main.innerHTML = `<h2>${escape(cardName(c))}</h2>${card(c)}<dl class="claims">${rows}</dl>
    ${c.expiresAt ? `<p>${escape(t('validUntil'))}: ${escape(new Date(c.expiresAt).toLocaleDateString(locale))}</p>` : ''}
    <button type="button" id="remove" class="danger">${escape(t('remove'))}</button><p role="status" id="status"></p>`;
  main.querySelector('#remove')!.addEventListener('click', async () => {
    if (!confirm(t('removeConfirm'))) return;
    await removeCredential(c.id);
    location.hash = '#/';
  });
}

async function add(params: URLSearchParams): Promise<void> {
  main.innerHTML = `<h2>${escape(t('addTitle'))}</h2>
    <form id="offer-form">
      <label for="offer">${escape(t('offerLabel'))}</label><p class="hint" id="offer-hint">${escape(t('offerHint'))}</p>
      <textarea id="offer" name="offer" rows="3" aria-describedby="offer-hint" required>${escape(params.get('offer') ?? '')}</textarea>
      <label for="tx-code">${escape(t('txCodeLabel'))}</label><p class="hint" id="tx-hint">${escape(t('txCodeHint'))}</p>
      <input id="tx-code" name="tx_code" inputmode="numeric" autocomplete="one-time-code" aria-describedby="tx-hint">
      <button type="submit">${escape(t('receive'))}</button> <button type="button" id="scan">${escape(t('scan'))}</button>
    </form><p role="status" id="status"></p><video id="camera" hidden muted playsinline></video>`;
  const status = main.querySelector('#status')!;
  main.querySelector('#scan')!.addEventListener('click', () => scanInto(main.querySelector('#offer') as HTMLTextAreaElement, status));
  const failed = (error: unknown) => {
    const refusal = error instanceof AuthorizationRefused ? AUTHORIZATION_REFUSALS[error.code] : undefined;
    // An offer that cannot be had is said in the person's language, with the issuer's own words after it.
    if (error instanceof OfferUnreadable) return void (status.textContent = `${t('failed')} ${t(OFFER_REFUSALS[error.code])} (${error.message})`);
    status.textContent = `${t('failed')} ${refusal ? t(refusal) : error instanceof IssuanceFailed || error instanceof Error ? error.message : String(error)}`;
  };
  main.querySelector('#offer-form')!.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.textContent = t('receiving');
    try {
      // By value or by reference (fetched from the issuer first), then the same flow.
      const offer = await resolveOffer((main.querySelector('#offer') as HTMLTextAreaElement).value.trim());
      const txCode = (main.querySelector('#tx-code') as HTMLInputElement).value.trim();
      // Both grants offered: the transaction code if the person has it, else sign-in at the issuer (chooseGrant).
      if (chooseGrant(offer, txCode) === 'authorization_code') {
        // The person signs in at the issuer, which sends them back to this page with the code.
        const { authorizationUrl, pending } = await startAuthorization(offer, webWalletClient(location.origin));
        await savePending(pending);
        status.textContent = t('signingIn');
        return location.assign(authorizationUrl);
      }
      const received = await receiveOffer(offer, txCode);
      status.textContent = `${t('received')} ${received.map(cardName).join(', ')}`;
      (main.querySelector('#offer-form') as HTMLFormElement).reset();
    } catch (error) {
      failed(error);
    }
  });
  if (authorizationResponse) {
    const redirect = authorizationResponse;
    authorizationResponse = null;
    status.textContent = t('receiving');
    try {
      const pending = await takePending();
      if (!pending) throw new AuthorizationRefused('no-pending', 'This wallet is not waiting for a sign-in at an issuer.');
      const received = await receiveAuthorized(pending, redirect);
      status.textContent = `${t('received')} ${received.map(cardName).join(', ')}`;
    } catch (error) {
      failed(error);
    }
  }
}

/** What the person is told when an offer cannot be read or fetched. */
const OFFER_REFUSALS: Record<OfferUnreadable['code'], MessageKey> = {
  'offer-not-found': 'offerNotFound', 'offer-unreachable': 'offerUnreachable', 'offer-unreadable': 'offerUnreadable',
};

/** What the person is told when the issuer's answer does not complete the wallet's request. */
const AUTHORIZATION_REFUSALS: Partial<Record<AuthorizationRefused['code'], MessageKey>> = {
  'state-mismatch': 'authStateMismatch', 'issuer-mismatch': 'authIssuerMismatch', 'no-pending': 'authNoPending',
};

/** Reads a QR code with the camera where the browser has BarcodeDetector (Chrome on Android). */
async function scanInto(field: HTMLTextAreaElement, status: Element): Promise<void> {
  const Detector = (globalThis as unknown as { BarcodeDetector?: new (o: { formats: string[] }) => { detect(v: HTMLVideoElement): Promise<Array<{ rawValue: string }>> } }).BarcodeDetector;
  if (!Detector || !navigator.mediaDevices) return void (status.textContent = t('scanUnavailable'));
  const video = main.querySelector<HTMLVideoElement>('#camera')!;
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const detector = new Detector({ formats: ['qr_code'] });
  const tick = async () => {
    const [code] = await detector.detect(video).catch(() => []);
    if (code) {
      stream.getTracks().forEach((track) => track.stop());
      video.hidden = true;
      if (code.rawValue.startsWith('openid4vp:')) location.hash = `#/request?link=${encodeURIComponent(code.rawValue)}`;
      else field.value = code.rawValue;
      return;
    }
    requestAnimationFrame(tick);
  };
  void tick();
}

async function request(params: URLSearchParams): Promise<void> {
  const link = params.get('link') ?? '';
  main.innerHTML = `<h2>${escape(t('requestTitle'))}</h2><p role="status" id="status">…</p>`;
  let resolved: { request: PresentationRequest; signer: string };
  try {
    resolved = await resolveRequest(link);
  } catch (error) {
    main.querySelector('#status')!.textContent = `${t('failed')} ${(error as Error).message}`;
    return;
  }
  const { request: r, signer } = resolved;
  const info = r.verifier_info?.find((v) => v.format === 'tessera_registration')?.data;
  const who = info?.name[locale] ?? info?.name.en ?? signer;
  const why = info?.purpose[locale] ?? info?.purpose.en ?? '';
  const asks = plan(r, await listCredentials());
  const answerable = asks.every((a) => !a.required || a.choices.length > 0);
  const choiceName = (c: Choice) => c.answers.map((a) => `${cardName(a.credential)}${a.credential.format === 'mso_mdoc' ? ` — ${t('formatMdoc')}` : ''} (${new Date(a.credential.receivedAt).toLocaleDateString(locale)})`).join(' + ');
  // What the chosen credentials disclose, and for an mdoc whether the relying party said it keeps each element.
  const disclosed = (c: Choice | undefined) => (c ? c.answers.flatMap((a) => a.match.claims.map((claim, i) => {
    const retain = a.credential.format === 'mso_mdoc' ? a.match.retain[i] : undefined;
    return `<li><span>${escape(label(a.credential, claim))}</span><strong>${escape(shown(a.credential.claims[claim]))}</strong>${retain === undefined ? '' : `<em class="retain">${escape(t(retain ? 'retainYes' : 'retainNo'))}</em>`}</li>`;
  })).join('') : '');
  const section = (ask: Ask, i: number) => {
    const first = ask.required ? ask.choices[0] : undefined;
    const options = [...(ask.required ? [] : [`<option value="">${escape(t('skipOptional'))}</option>`]), ...ask.choices.map((c, j) => `<option value="${j}">${escape(choiceName(c))}</option>`)];
    return `<section class="ask"><h3>${escape(t('fromCredential'))}: ${escape(first ? choiceName(first) : ask.choices.length ? t('optional') : t('noMatch'))}</h3>
      ${options.length > 1 ? `<label for="pick-${i}">${escape(t('fromCredential'))}</label><select id="pick-${i}" data-ask="${i}">${options.join('')}</select>` : ''}
      <ul class="disclosed" id="disclosed-${i}">${disclosed(first)}</ul></section>`;
  };
  main.innerHTML = `<h2>${escape(t('requestTitle'))}</h2>
    <dl class="who"><div><dt>${escape(t('who'))}</dt><dd id="rp-name">${escape(who)}</dd></div><div><dt>${escape(t('purpose'))}</dt><dd id="rp-purpose">${escape(why)}</dd></div>
    <div><dt>${escape(t('certified'))}</dt><dd>${escape(signer)}</dd></div></dl>
    <h3>${escape(t('what'))}</h3>${asks.map(section).join('')}
    ${answerable ? `<button type="button" id="consent">${escape(t('consent'))}</button> ` : `<p>${escape(t('noMatch'))}</p>`}<button type="button" id="decline" class="secondary">${escape(t('decline'))}</button>
    <p role="status" id="status"></p>`;
  const chosen = (): Choice[] => asks.flatMap((ask, i) => {
    const picked = (main.querySelector(`#pick-${i}`) as HTMLSelectElement | null)?.value ?? (ask.required ? '0' : '');
    const choice = picked === '' ? undefined : ask.choices[Number(picked)];
    return choice ? [choice] : [];
  });
  main.querySelectorAll<HTMLSelectElement>('select[data-ask]').forEach((select) => select.addEventListener('change', () => {
    const i = Number(select.dataset.ask);
    main.querySelector(`#disclosed-${i}`)!.innerHTML = disclosed(select.value === '' ? undefined : asks[i]!.choices[Number(select.value)]);
  }));
  const status = main.querySelector('#status')!;
  const record = async (outcome: 'shared' | 'declined' | 'refused', detail?: string) => {
    const answers = outcome === 'declined' ? [] : chosen().flatMap((c) => c.answers);
    return addHistory({
      id: `h-${Date.now()}-${Math.random().toString(36).slice(2)}`, at: new Date().toISOString(), relyingParty: who, purpose: why,
      credentialName: answers.map((a) => cardName(a.credential)).join(', '), claims: answers.flatMap((a) => a.match.claims), outcome, ...(detail ? { detail } : {}),
    });
  };
  main.querySelector('#decline')!.addEventListener('click', async () => {
    await record('declined');
    status.textContent = t('declined');
    main.querySelectorAll('button').forEach((b) => (b.disabled = true));
  });
  main.querySelector('#consent')?.addEventListener('click', async () => {
    main.querySelectorAll('button').forEach((b) => (b.disabled = true));
    let outcome: { ok: boolean; error?: string; redirectUri?: string };
    try {
      const vpToken = await presentAll(chosen().flatMap((c) => c.answers), r, async (c) => {
        const key = await loadKey(c.keyId);
        if (!key) throw new Error(t('keyMissing'));
        return key;
      });
      outcome = await respond(r, vpToken);
    } catch (error) {
      // Not presented: a key missing, an mdoc unreadable, or the verifier out of reach.
      outcome = { ok: false, error: (error as Error).message };
    }
    await record(outcome.ok ? 'shared' : 'refused', outcome.error);
    status.textContent = outcome.ok ? t('shared') : `${t('refused')} ${outcome.error}`;
    // The verifier sends the person on, e.g. an issuer's sign-in back to this wallet with the authorization code.
    if (outcome.redirectUri) location.assign(outcome.redirectUri);
  });
}

async function history(): Promise<void> {
  const entries = await listHistory();
  main.innerHTML = `<h2>${escape(t('historyTitle'))}</h2>${entries.length ? `<ol class="history">${entries.map((h) => `<li><time datetime="${escape(h.at)}">${escape(new Date(h.at).toLocaleString(locale))}</time>
    <strong>${escape(h.relyingParty)}</strong> — ${escape(t(`outcome_${h.outcome}` as MessageKey))}<br>${escape(h.purpose)}<br>${escape(h.credentialName)}: ${escape(h.claims.join(', '))}${h.detail ? `<br>${escape(h.detail)}` : ''}</li>`).join('')}</ol>` : `<p>${escape(t('noHistory'))}</p>`}`;
}

async function route(): Promise<void> {
  chrome();
  const [path, query] = (location.hash.slice(1) || '/').split('?') as [string, string | undefined];
  const params = new URLSearchParams(query ?? '');
  if (path.startsWith('/card/')) await detail(decodeURIComponent(path.slice(6)));
  else if (path === '/add') await add(params);
  else if (path === '/request') await request(params);
  else if (path === '/history') await history();
  else await cards();
  main.querySelectorAll<HTMLElement>('.card').forEach((el) => {
    el.style.background = el.dataset.bg ?? '';
    el.style.color = el.dataset.fg ?? '';
  });
  main.querySelector('h2')?.setAttribute('tabindex', '-1');
  main.querySelector<HTMLElement>('h2')?.focus();
}

document.querySelector<HTMLSelectElement>('#locale')!.addEventListener('change', (e) => {
  locale = (e.target as HTMLSelectElement).value as Locale;
  localStorage.setItem('locale', locale);
  void route();
void checkOnline();
});
window.addEventListener('hashchange', () => void route());
window.addEventListener('online', () => void checkOnline());
window.addEventListener('offline', () => void checkOnline());
// Opened from an offer or request link on the phone: /wallet/?credential_offer=… (or …_uri=…) or ?request_uri=…;
// or the issuer's redirect back (code or error, and state), taken out of the address bar at once.
const search = new URLSearchParams(location.search);
let authorizationResponse: string | null = null;
if (search.has('state') && (search.has('code') || search.has('error'))) {
  authorizationResponse = location.href;
  window.history.replaceState(null, '', '/wallet/#/add');
// The link becomes the screen's address by replaceState, which fires no hashchange: setting
// location.hash would route a second time beside the route() below, and the second render would
// replace the screen the person is already answering (or redeem an offer twice).
} else if (search.has('credential_offer') || search.has('credential_offer_uri')) window.history.replaceState(null, '', `/wallet/#/add?offer=${encodeURIComponent(`openid-credential-offer://?${search}`)}`);
else if (search.has('request_uri')) window.history.replaceState(null, '', `/wallet/#/request?link=${encodeURIComponent(`openid4vp://?${search}`)}`);
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/wallet/sw.ts', { scope: '/wallet/', type: 'module' });
void route();
void checkOnline();
