// SPDX-License-Identifier: Apache-2.0
// The authorization page's ID-card sign-in, run in the browser (served type-stripped as
// /authorize/card-sign-in.js). The Sign in button asks the Web eID browser extension, by its
// window message protocol (as web-eid.js 2.x speaks it), to have the card sign the page's
// challenge after PIN1; the token goes to the issuer, whose answer is the redirect to the wallet.
// Without JavaScript the page's <noscript> says what else the person can do.

interface WebEidToken {
  unverifiedCertificate: string;
  algorithm: string;
  signature: string;
  format: string;
  appVersion?: string;
}

/** Why the card did not sign: the page shows the message it names (data-msg-*). */
class CardSignInFailed extends Error {
  readonly key: 'noExtension' | 'cancelled' | 'failed';
  constructor(key: CardSignInFailed['key'], detail: string) {
    super(detail);
    this.key = key;
  }
}

/** The extension acknowledges a request at once; no answer this soon means it is not installed. */
const ACK_MS = 2000;

function authenticateWithCard(challengeNonce: string, lang: string): Promise<WebEidToken> {
  return new Promise((resolve, reject) => {
    let acknowledged = false;
    const done = () => {
      window.removeEventListener('message', listen);
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      if (acknowledged) return;
      done();
      reject(new CardSignInFailed('noExtension', 'The Web eID extension did not answer.'));
    }, ACK_MS);
    const listen = (event: MessageEvent) => {
      if (event.source !== window || typeof event.data !== 'object' || event.data === null) return;
      const message = event.data as { action?: string; error?: { code?: string; message?: string } } & Partial<WebEidToken>;
      if (message.action === 'web-eid:authenticate-ack') acknowledged = true;
      else if (message.action === 'web-eid:authenticate-success') {
        done();
        resolve({ unverifiedCertificate: String(message.unverifiedCertificate), algorithm: String(message.algorithm), signature: String(message.signature), format: String(message.format), ...(message.appVersion ? { appVersion: message.appVersion } : {}) });
      } else if (message.action === 'web-eid:authenticate-failure') {
        done();
        const code = message.error?.code ?? '';
        reject(new CardSignInFailed(code === 'ERR_WEBEID_USER_CANCELLED' ? 'cancelled' : 'failed', message.error?.message ?? code));
      }
    };
    window.addEventListener('message', listen);
    window.postMessage({ action: 'web-eid:authenticate', libraryVersion: '2.0.0', challengeNonce, options: { lang } }, location.origin);
  });
}

const section = document.querySelector<HTMLElement>('[data-web-eid-challenge]');
const button = document.querySelector<HTMLButtonElement>('#card-sign-in');
const status = document.querySelector<HTMLElement>('#card-sign-in-status');
if (section && button && status) {
  const text = (key: string) => section.dataset[`msg${key[0]!.toUpperCase()}${key.slice(1)}`] ?? '';
  button.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = text('waiting');
    try {
      const token = await authenticateWithCard(section.dataset.webEidChallenge!, document.documentElement.lang);
      const response = await fetch(section.dataset.webEidEndpoint!, {
        method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ client_id: section.dataset.clientId, request_uri: section.dataset.requestUri, token }),
      });
      const answer = (await response.json().catch(() => ({}))) as { redirect_to?: string; error_description?: string };
      if (!response.ok || !answer.redirect_to) throw new CardSignInFailed('failed', answer.error_description ?? `HTTP ${response.status}`);
      status.textContent = text('redirecting');
      location.assign(answer.redirect_to);
    } catch (error) {
      const failure = error instanceof CardSignInFailed ? error : new CardSignInFailed('failed', String(error));
      status.textContent = `${text(failure.key)} ${failure.key === 'failed' ? failure.message : ''}`.trim();
      button.disabled = false;
      button.focus();
    }
  });
}

export {};
