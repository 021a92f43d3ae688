// SPDX-License-Identifier: Apache-2.0
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { remoteMatcher } from './remote-matcher.ts';

// The matcher vendor's service is a party outside the system: a small stand-in answers here.
let answer: { status: number; body: string } = { status: 200, body: '{"score":0.97,"decision":"match"}' };
const received: Array<{ enrolled: string; probe: string }> = [];
let server: Server;
let url: string;
before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body) as { enrolled: string; probe: string });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/compare`;
});
after(() => new Promise<void>((done) => server.close(() => done())));

const samples = [new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])] as const;

test('the samples go to the matcher service and its score and decision come back', async () => {
  answer = { status: 200, body: '{"score":0.97,"decision":"match"}' };
  assert.deepEqual(await remoteMatcher({ url, fetch }).compare(...samples), { score: 0.97, decision: 'match' });
  assert.deepEqual(received.at(-1), { enrolled: 'AQID', probe: 'AQIE' });
});

test('an answer that is not a valid score and decision is refused, never taken as a match', async () => {
  for (const body of ['{"score":1.5,"decision":"match"}', '{"score":0.99,"decision":"yes"}', '{"decision":"match"}', 'not json']) {
    answer = { status: 200, body };
    await assert.rejects(remoteMatcher({ url, fetch }).compare(...samples), { code: 'ERR_BIOMETRIC_MATCHER_UNAVAILABLE', status: 503 }, body);
  }
  answer = { status: 500, body: '{"score":1,"decision":"match"}' };
  await assert.rejects(remoteMatcher({ url, fetch }).compare(...samples), { code: 'ERR_BIOMETRIC_MATCHER_UNAVAILABLE' });
});

test('a matcher that cannot be reached refuses the comparison', async () => {
  await assert.rejects(remoteMatcher({ url: 'http://127.0.0.1:9/v1/compare', fetch }).compare(...samples), { code: 'ERR_BIOMETRIC_MATCHER_UNAVAILABLE' });
});
