// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TesseraError, toProblem } from '@tessera/platform';
import { BenefitsError, benefitsErrors, NotificationDeliveryFailed, RuleCycle, RuleError, PushMessageMalformed } from './benefits-errors.ts';
import { smsOperatorClient } from './http/sms-operator-client.ts';
import { verifierClient } from './http/verifier-client.ts';
import { browserKeys, decryptWebPush } from './testing/test-push-service.ts';

test('every benefits error is a BenefitsError and a TesseraError with its own code, named by its row', () => {
  for (const [name, made] of Object.entries(benefitsErrors)) {
    assert.ok(made.prototype instanceof BenefitsError && made.prototype instanceof TesseraError, name);
    assert.equal(made.name, name);
  }
  assert.equal(new Set(Object.values(benefitsErrors).map((e) => e.code)).size, Object.keys(benefitsErrors).length);
});

test('a rule refused at compile time is a RuleError, 422, and says where, as a member and in the problem', () => {
  const error = new RuleCycle('pension reads itself', 'kr.basic-pension → amount');
  assert.ok(error instanceof RuleError);
  assert.equal(error.where, 'kr.basic-pension → amount');
  const problem = toProblem(error);
  assert.deepEqual([problem.status, problem.code, problem.where], [422, 'ERR_RULE_CYCLE', 'kr.basic-pension → amount']);
});

test('an SMS operator failing for now is a delivery failure (tried again), one refusing for good undeliverable', async () => {
  const answering = (status: number) => smsOperatorClient({ url: 'https://sms.test/messages', token: 't', fetch: async () => new Response(null, { status }) });
  await assert.rejects(answering(503).send({ to: '+821012345678', text: 'x', reference: 'r1' }), { code: NotificationDeliveryFailed.code });
  await assert.rejects(answering(429).send({ to: '+821012345678', text: 'x', reference: 'r2' }), { code: 'ERR_NOTIFICATION_DELIVERY_FAILED' });
  await assert.rejects(answering(400).send({ to: '+821012345678', text: 'x', reference: 'r3' }), { code: 'ERR_NOTIFICATION_UNDELIVERABLE' });
});

test('a verifier that fails or answers off its API’s shape is refused with one code, nothing read from it', async () => {
  const answering = (status: number, body: unknown) => verifierClient({ url: 'https://verifier.test', apiKey: 'k', vct: 'v', issuers: [], subjectOf: (x) => x, fetch: async () => Response.json(body, { status }) });
  await assert.rejects(answering(500, { error: 'x' }).open({ template: 'household-register' }), { code: 'ERR_VERIFIER_ANSWER_INVALID' });
  await assert.rejects(answering(201, { id: 1 }).open({ template: 'household-register' }), { code: 'ERR_VERIFIER_ANSWER_INVALID' });
  await assert.rejects(answering(200, { status: 'lost' }).outcome('r'), { code: 'ERR_VERIFIER_ANSWER_INVALID' });
  await assert.rejects(answering(200, { status: 'verified', answers: [{ vct: 1 }] }).outcome('r'), { code: 'ERR_VERIFIER_ANSWER_INVALID' });
});

test('a push message that is not one aes128gcm record is refused by the test decryptor with its code', () => {
  assert.throws(() => decryptWebPush(Buffer.alloc(30), browserKeys()), { code: PushMessageMalformed.code });
});
