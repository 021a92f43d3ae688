// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { count, eq, sql } from 'drizzle-orm';
import { buildServer, deliverPendingMail, logEntries } from '@tessera/platform';
import { signPaymentWebhook } from '../payment/payment-port.ts';
import { specimenPassportScan, specimenPortrait } from '../specimen/specimen-files.ts';
import { applications, personalDataAccess } from '../store/schema.ts';
import { sampleForm } from '../testing/authority-fixture.ts';
import { registerAuthorityApi } from './api-routes.ts';
import { registerPortalPages } from './portal-routes.ts';
import { openAuthorityServer, WEBHOOK_SECRET, type AuthorityServer } from '../testing/authority-server.ts';

let a: AuthorityServer;
before(async () => {
  a = await openAuthorityServer();
});
after(() => a.close());

const rows = async () => (await a.storage.db.select({ n: count() }).from(applications))[0]!.n;
const logSize = async () => (await a.storage.db.select({ n: count() }).from(logEntries))[0]!.n;

function applicationForm(overrides: Record<string, string> = {}, files: { photo?: Uint8Array; passportScan?: Uint8Array } = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...sampleForm(), ...overrides })) form.append(k, String(v));
  form.append('photo', new Blob([new Uint8Array(files.photo ?? specimenPortrait())], { type: 'image/png' }), 'photo.png');
  form.append('passportScan', new Blob([new Uint8Array(files.passportScan ?? specimenPassportScan("M1"))], { type: 'application/pdf' }), 'scan.pdf');
  return form;
}
const apply = (form: FormData, headers: Record<string, string> = {}) => a.server.inject({ method: 'POST', url: '/api/v1/applications', payload: form, headers });

test('an application posted to the API is stored, priced and sent to payment', async () => {
  const response = await apply(applicationForm({ surname: 'Baek', documentNumber: 'M81000001' }));
  assert.equal(response.statusCode, 201, response.body);
  const body = response.json();
  assert.match(body.reference, /^ER-2026-\d{6}$/);
  assert.match(body.statusUrl, /\/applications\/status\/[A-Za-z0-9_-]{43}$/);
  assert.equal(body.paymentUrl, `https://pay.example/pay/${a.payments.payments.at(-1)!.paymentId}`);
  assert.equal(a.payments.payments.at(-1)!.amountMinor, 18000);
});

test('a replayed Idempotency-Key returns the first answer and stores nothing new', async () => {
  const before = await rows();
  const headers = { 'idempotency-key': 'apply-once-0001' };
  const first = await apply(applicationForm({ surname: 'Moon', documentNumber: 'M81000002' }), headers);
  const replay = await apply(applicationForm({ surname: 'Moon', documentNumber: 'M81000002' }), headers);
  assert.equal(first.statusCode, 201);
  assert.equal(replay.statusCode, 201);
  assert.equal(replay.json().reference, first.json().reference);
  assert.equal(replay.headers['idempotency-replayed'], 'true');
  assert.equal(await rows(), before + 1);
  // The answer carried the private status link; what is stored to replay it must not, and the
  // applicant's mail holds it only until it is sent.
  const token = new URL(first.json().statusUrl).pathname.split('/').at(-1)!;
  assert.deepEqual(await tablesHolding(token), ['platform_mail.outbox']);
  const sent: string[] = [];
  await deliverPendingMail({ db: a.storage.db, clock: a.clock, transport: { send: async (m) => void sent.push(m.text) }, batchSize: 100 });
  assert.ok(sent.some((text) => text.includes(token)));
  assert.deepEqual(await tablesHolding(token), []);
});

/** Every table of the database whose rows, read as text, contain `needle`. */
async function tablesHolding(needle: string): Promise<string[]> {
  const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
  const tables = rowsOf<{ name: string }>(await a.storage.db.execute(sql`select quote_ident(table_schema) || '.' || quote_ident(table_name) as name from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`));
  const found: string[] = [];
  for (const { name } of tables) {
    const hit = rowsOf(await a.storage.db.execute(sql`select 1 from ${sql.raw(name)} t where t::text like ${`%${needle}%`} limit 1`));
    if (hit.length > 0) found.push(name);
  }
  return found;
}

test('fields of the wrong type or shape are all reported as problem details and nothing is stored', async () => {
  const before = await rows();
  const response = await apply(applicationForm({ dateOfBirth: 'yesterday', email: 'not-an-address', citizenship: 'XX', motivation: 'fun' }));
  assert.equal(response.statusCode, 400);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = response.json();
  assert.equal(problem.code, 'ERR_VALIDATION');
  const paths = problem.errors.map((e: { path: string }) => e.path).sort();
  for (const field of ['dateOfBirth', 'email', 'citizenship', 'motivation']) assert.ok(paths.some((p: string) => p.endsWith(field)), `${field} reported in ${paths}`);
  assert.equal(await rows(), before);
});

test('an unknown field is refused rather than ignored', async () => {
  const response = await apply(applicationForm({ isAdmin: 'true' }));
  assert.equal(response.statusCode, 400);
  assert.equal(response.json().code, 'ERR_VALIDATION');
});

test('an upload larger than the limit is refused with 413 and nothing is stored', async () => {
  const before = await rows();
  const response = await apply(applicationForm({}, { passportScan: new Uint8Array(5 * 1024 * 1024) }));
  assert.equal(response.statusCode, 413);
  assert.equal(response.json().code, 'ERR_PAYLOAD_TOO_LARGE');
  assert.equal(await rows(), before);
});

test('a photo that is not an image is refused with a clear reason', async () => {
  const response = await apply(applicationForm({ documentNumber: 'M81000003' }, { photo: new TextEncoder().encode('<svg onload=alert(1)>') }));
  assert.equal(response.statusCode, 400);
  assert.ok(response.json().errors.some((e: { path: string }) => e.path === 'body/photo'));
});

test('a status link that does not exist is a 404 problem; a malformed one is a 400', async () => {
  const unknown = await a.server.inject({ method: 'GET', url: `/api/v1/applications/status/${'A'.repeat(43)}` });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().code, 'ERR_NOT_FOUND');
  const malformed = await a.server.inject({ method: 'GET', url: '/api/v1/applications/status/short' });
  assert.equal(malformed.statusCode, 400);
});

test('the officer API needs a signed-in officer: 401 without a session, 403 for staff without the permission', async () => {
  const anonymous = await a.server.inject({ method: 'GET', url: '/api/v1/officer/applications', headers: { accept: 'application/json' } });
  assert.equal(anonymous.statusCode, 401);
  const partner = await a.staffBrowser([]);
  const denied = await partner.get('/api/v1/officer/applications', { accept: 'application/json' });
  assert.equal(denied.statusCode, 403);
  assert.equal(denied.json().code, 'ERR_FORBIDDEN');
});

test('an auditor may read the queue but not decide', async () => {
  const auditor = await a.staffBrowser(['auditor']);
  const queue = await auditor.get('/api/v1/officer/applications?size=5', { accept: 'application/json' });
  assert.equal(queue.statusCode, 200);
  assert.ok(queue.json().total >= 1);
  assert.equal(queue.json().items[0].givenNames, undefined, 'the queue carries no names');
  const id = queue.json().items[0].id;
  const decide = await auditor.send({ method: 'POST', url: `/api/v1/officer/applications/${id}/decision`, payload: { decision: 'approve' }, headers: { 'x-csrf-token': await auditor.csrfToken('/officer') } });
  assert.equal(decide.statusCode, 403);
});

test('an unknown application id is a 404 and a malformed one a 400', async () => {
  const officer = await a.staffBrowser(['officer']);
  const unknown = await officer.get('/api/v1/officer/applications/00000000-0000-4000-8000-000000000000', { accept: 'application/json' });
  assert.equal(unknown.statusCode, 404);
  const malformed = await officer.get('/api/v1/officer/applications/not-a-uuid', { accept: 'application/json' });
  assert.equal(malformed.statusCode, 400);
});

test('a malformed JSON decision is a 400 problem and changes nothing', async () => {
  const officer = await a.staffBrowser(['officer']);
  const queue = (await officer.get('/api/v1/officer/applications', { accept: 'application/json' })).json();
  const logBefore = await logSize();
  const response = await officer.send({
    method: 'POST', url: `/api/v1/officer/applications/${queue.items[0].id}/decision`, payload: '{"decision": "approve"',
    headers: { 'content-type': 'application/json', 'x-csrf-token': await officer.csrfToken('/officer') },
  });
  assert.equal(response.statusCode, 400);
  assert.equal(response.json().code, 'ERR_MALFORMED_BODY');
  assert.equal(await logSize(), logBefore);
});

test('a payment webhook with a bad signature is refused and changes nothing; a signed one submits the application', async () => {
  const submitted = (await apply(applicationForm({ surname: 'Yang', documentNumber: 'M81000009' }))).json();
  const payment = a.payments.payments.at(-1)!;
  const event = JSON.stringify({ type: 'payment.succeeded', paymentId: payment.paymentId, reference: payment.reference, amountMinor: payment.amountMinor, currency: payment.currency });
  const logBefore = await logSize();
  const forged = await a.server.inject({ method: 'POST', url: '/api/v1/payments/webhook', payload: event, headers: { 'content-type': 'application/json', 'tessera-pay-signature': signPaymentWebhook(event, 'guessed-secret', a.clock.now()) } });
  assert.equal(forged.statusCode, 400);
  assert.doesNotMatch(forged.body, /name="reason"/, 'a forged choice never reaches the decision');
  assert.equal(forged.json().code, 'ERR_PAYMENT_WEBHOOK_REJECTED');
  assert.equal(await logSize(), logBefore);
  const signed = await a.server.inject({ method: 'POST', url: '/api/v1/payments/webhook', payload: event, headers: { 'content-type': 'application/json', 'tessera-pay-signature': signPaymentWebhook(event, WEBHOOK_SECRET, a.clock.now()) } });
  assert.deepEqual(signed.json(), { applied: true });
  const token = submitted.statusUrl.split('/').pop();
  const status = await a.server.inject({ method: 'GET', url: `/api/v1/applications/status/${token}` });
  assert.equal(status.json().status, 'in_review');
});

async function paidApplication(surname: string, documentNumber: string): Promise<string> {
  const submitted = (await apply(applicationForm({ surname, documentNumber }))).json();
  const payment = a.payments.payments.at(-1)!;
  const event = JSON.stringify({ type: 'payment.succeeded', paymentId: payment.paymentId, reference: payment.reference, amountMinor: payment.amountMinor, currency: payment.currency });
  await a.server.inject({ method: 'POST', url: '/api/v1/payments/webhook', payload: event, headers: { 'content-type': 'application/json', 'tessera-pay-signature': signPaymentWebhook(event, WEBHOOK_SECRET, a.clock.now()) } });
  return submitted.id;
}

test('a cookie-authenticated decision needs the CSRF token and a JSON body: a cross-site form post changes nothing', async () => {
  const id = await paidApplication('Seo', 'M81000031');
  const officer = await a.staffBrowser(['officer']);
  const logBefore = await logSize();
  const decide = (options: { payload: string | Record<string, string>; headers: Record<string, string> }) =>
    officer.send({ method: 'POST', url: `/api/v1/officer/applications/${id}/decision`, ...options });
  const noToken = await decide({ payload: { decision: 'approve' }, headers: { 'content-type': 'application/json' } });
  assert.equal(noToken.statusCode, 403);
  assert.equal(noToken.json().code, 'ERR_CSRF');
  const formPost = await decide({ payload: 'decision=approve', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(formPost.statusCode, 415);
  const formWithToken = await decide({ payload: `decision=approve&_csrf=${encodeURIComponent(await officer.csrfToken('/officer'))}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(formWithToken.statusCode, 415, 'form-encoded bodies are not accepted by the JSON API at all');
  const textPost = await decide({ payload: '{"decision":"approve"}', headers: { 'content-type': 'text/plain' } });
  assert.ok([403, 415].includes(textPost.statusCode));
  assert.equal(await logSize(), logBefore, 'no refused request changed anything');
  const status = (await officer.get(`/api/v1/officer/applications/${id}`, { accept: 'application/json' })).json().application.status;
  assert.equal(status, 'in_review');
  const withToken = await decide({ payload: { decision: 'approve' }, headers: { 'x-csrf-token': await officer.csrfToken('/officer') } });
  assert.equal(withToken.json().status, 'approved');
});

test('the whole multipart request is capped, not only each file: two uploads under the file limit but over the body limit are refused with 413', async () => {
  const before = await rows();
  const threeMiB = new Uint8Array(3 * 1024 * 1024);
  const response = await apply(applicationForm({ documentNumber: 'M81000041' }, { photo: threeMiB, passportScan: threeMiB }));
  assert.equal(response.statusCode, 413);
  assert.equal(response.json().code, 'ERR_PAYLOAD_TOO_LARGE');
  assert.equal(await rows(), before);
});

test('applying is rate-limited per client address, on the API and on the portal form', async () => {
  const server = await buildServer({ title: 'apply limit', cookieSecret: 'c'.repeat(32), logLevel: 'silent', storage: a.storage });
  try {
    const deps = { ...a.deps, applyRateLimit: { max: 1, timeWindow: '1 minute' } };
    const open = { requirePermission: () => async () => undefined, requireSignedIn: () => async () => undefined };
    registerAuthorityApi(server, deps, open);
    registerPortalPages(server, deps);
    await server.ready();
    for (const url of ['/api/v1/applications', '/apply']) {
      const post = () => server.inject({ method: 'POST', url, payload: new FormData() });
      assert.notEqual((await post()).statusCode, 429, `${url}: the first one is let through`);
      const second = await post();
      assert.equal(second.statusCode, 429, url);
      assert.equal(second.json().code, 'ERR_TOO_MANY_REQUESTS');
    }
  } finally {
    await server.close();
  }
});

test('opening a passport scan or photo records an access to personal data, like opening the application', async () => {
  const id = await paidApplication('Ha', 'M81000051');
  const officer = await a.staffBrowser(['officer']);
  const accesses = async () => (await a.storage.db.select().from(personalDataAccess).where(eq(personalDataAccess.applicationId, id))).map((r) => r.purpose);
  const before = (await accesses()).length;
  for (const kind of ['passport_scan', 'photo']) {
    const file = await officer.get(`/officer/applications/${id}/files/${kind}`, {});
    assert.equal(file.statusCode, 200, kind);
  }
  const after = await accesses();
  assert.equal(after.length, before + 2);
  assert.ok(after.some((p) => /passport scan/.test(p)));
  assert.ok(after.some((p) => /photo/.test(p)));
  const missing = await officer.get(`/officer/applications/00000000-0000-4000-8000-000000000000/files/photo`, {});
  assert.equal(missing.statusCode, 404);
});

test('the console decision form is checked by its schema: a forged choice is refused, a missing reason shows the form again, a valid one decides', async () => {
  const id = await paidApplication('Moon', 'M81000032');
  const officer = await a.staffBrowser(['officer']);
  const page = `/officer/applications/${id}`;
  const logBefore = await logSize();
  const forged = await officer.submit(page, `${page}/decision`, { decision: 'delete' });
  assert.equal(forged.statusCode, 400);
  assert.doesNotMatch(forged.body, /name="reason"/, 'a forged choice never reaches the decision');
  const unknownReason = await officer.submit(page, `${page}/decision`, { decision: 'reject', reason: 'dislike', note: 'No reason in the list fits.' });
  assert.equal(unknownReason.statusCode, 400);
  const noReason = await officer.submit(page, `${page}/decision`, { decision: 'reject', reason: '', note: 'short' });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.headers['content-type'] as string, /text\/html/);
  assert.match(noReason.body, /name="reason"/, 'the decision form is shown again');
  assert.equal(await logSize(), logBefore, 'no refused decision changed anything');
  const approved = await officer.submit(page, `${page}/decision`, { decision: 'approve' });
  assert.equal(approved.statusCode, 303);
  // a flagged application (the checks see the earlier tests' applicants) waits for a second officer
  const status = (await officer.get(`/api/v1/officer/applications/${id}`, { accept: 'application/json' })).json().application.status;
  assert.ok(['approved', 'awaiting_second_approval'].includes(status), status);
});
