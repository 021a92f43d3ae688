// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestFederation } from '../benefits/test-federation.ts';
import { DEMO_BENEFIT_PEOPLE } from './benefits-world.ts';

let federation: Awaited<ReturnType<typeof startTestFederation>>;

before(async () => {
  // The demo world, as `npm start` loads it.
  federation = await startTestFederation({ TESSERA_DEMO: 'true' });
});
after(async () => {
  await federation?.dispose();
});

/**
 * A browser's cookie jar over fetch, following redirects by hand so every cookie set on the way is
 * kept, and posting the portal's self-submitting assertion form as the page's script would.
 */
function browser() {
  const jar = new Map<string, string>();
  return async (url: string, init: RequestInit = {}): Promise<Response> => {
    let at = url;
    let request = init;
    for (let hops = 0; hops < 10; hops++) {
      const res = await fetch(at, { ...request, redirect: 'manual', headers: { accept: 'text/html', ...(request.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair!.indexOf('=');
        if (/max-age=0|expires=thu, 01 jan 1970/i.test(c)) jar.delete(pair!.slice(0, i));
        else jar.set(pair!.slice(0, i), pair!.slice(i + 1));
      }
      if (res.status < 300 || res.status >= 400) {
        const text = await res.text();
        const form = /<form method="post" action="([^"]+)">\s*<input type="hidden" name="assertion" value="([^"]+)">/.exec(text);
        if (res.status !== 200 || !form) return new Response(text, { status: res.status, headers: res.headers });
        at = new URL(form[1]!, at).toString();
        request = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ assertion: form[2]! }).toString() };
        continue;
      }
      at = new URL(res.headers.get('location')!, at).toString();
      request = {};
    }
    throw new Error('too many redirects');
  };
}

test('without a card, a demo person signs in by hand in development and reaches their benefits inbox', { timeout: 240_000 }, async () => {
  const open = browser();
  const person = DEMO_BENEFIT_PEOPLE[0]!;
  const list = await open(new URL('/citizen/sign-in/demo', federation.urls.portal).toString());
  assert.equal(list.status, 200);
  const form = await list.text();
  for (const p of DEMO_BENEFIT_PEOPLE) assert.ok(form.includes(`value="${p.subject.slice(2)}"`), `${p.name} can sign in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
  assert.ok(csrf);
  const post = (code: string) => open(new URL('/citizen/sign-in/demo', federation.urls.portal).toString(), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code, _csrf: csrf }).toString(),
  });
  // No one outside the demo's people.
  assert.equal((await post('38001085718')).status, 400);
  // Signed in at the portal, then at the benefits service by the portal's assertion, the inbox opens.
  const deadline = Date.now() + 180_000;
  let inbox: string;
  for (;;) {
    const res = await post(person.subject.slice(2));
    assert.equal(res.status, 200);
    inbox = await res.text();
    assert.match(inbox, /You share: Extended\./, 'the person’s own benefits page');
    // The tax board's assessments are evaluated by the life-event job shortly after the start.
    if (inbox.includes('What we told you about, newest first') || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  assert.ok(inbox.includes('What we told you about, newest first'), 'offers in the inbox');
});
