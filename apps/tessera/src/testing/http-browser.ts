// SPDX-License-Identifier: Apache-2.0

/** A browser over fetch for tests of servers on real ports: keeps cookies, reads CSRF tokens from forms, never follows redirects. */
export class HttpBrowser {
  readonly jar = new Map<string, string>();
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  async send(path: string, init: RequestInit = {}): Promise<{ status: number; body: string; location: string | null }> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(new URL(path, this.base), { ...init, redirect: 'manual', headers: { accept: 'text/html', ...(cookie ? { cookie } : {}), ...init.headers } });
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const [name, ...value] = pair!.split('=');
      if (attributes.some((a) => /max-age=0/i.test(a.trim()))) this.jar.delete(name!.trim());
      else this.jar.set(name!.trim(), value.join('='));
    }
    return { status: response.status, body: await response.text(), location: response.headers.get('location') };
  }

  get(path: string) {
    return this.send(path);
  }

  /** Loads `page` for its CSRF token, then posts the form to `action`. */
  async submit(page: string, action: string, fields: Record<string, string>) {
    const form = await this.get(page);
    const _csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    if (!_csrf) throw new Error(`no CSRF token on ${page} (status ${form.status})`);
    return this.send(action, { method: 'POST', body: new URLSearchParams({ _csrf, ...fields }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** Signs in on the server's staff sign-in page. */
  static async signedIn(base: string, username: string, password: string): Promise<HttpBrowser> {
    const browser = new HttpBrowser(base);
    const response = await browser.submit('/auth/sign-in', '/auth/sign-in', { username, password });
    if (response.status !== 303) {
      // A rate-limited sign-in says when to try again (a test waits that long rather than a whole window).
      const wait = /Try again in (\d+) seconds/.exec(response.body)?.[1];
      throw new Error(`sign-in of ${username} failed with ${response.status}${wait ? `; try again in ${wait} s` : ''}`);
    }
    return browser;
  }
}
