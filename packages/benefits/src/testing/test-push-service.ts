// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import { createECDH, createHash, createPublicKey, hkdfSync, randomBytes, createDecipheriv } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import { importJWK, jwtVerify } from 'jose';
import { PushMessageMalformed } from '../benefits-errors.ts';

/**
 * The receiving side of RFC 8291 (Message Encryption for Web Push), written from the RFC with
 * node:crypto alone — independent of the `web-push` library the service sends with: ECDH
 * between the browser's key and the sender's one-time key, HKDF-SHA-256 with the browser's auth
 * secret (§3.3, §3.4), then the `aes128gcm` content coding of RFC 8188 (§2: salt, record size,
 * key id = the sender's public key; §2.2, §2.3: CEK and nonce; the padding delimiter 0x02).
 */
export function decryptWebPush(body: Buffer, ua: { privateKey: Buffer; publicKey: Buffer; auth: Buffer }): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  if (idlen !== 65 || record.length > rs) throw new PushMessageMalformed();
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(ua.privateKey);
  const ecdhSecret = ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ua.publicKey, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, ua.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 0x02) throw new PushMessageMalformed('The last record has no 0x02 padding delimiter.');
  return padded.subarray(0, end);
}

/** A browser's side of a push subscription: its P-256 key pair and auth secret, as `PushSubscription.toJSON()` gives them. */
export function browserKeys() {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  const auth = randomBytes(16);
  return { privateKey: ecdh.getPrivateKey(), publicKey, auth, json: { p256dh: publicKey.toString('base64url'), auth: auth.toString('base64url') } };
}

export interface ReceivedPush {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
  /** The VAPID JWT's claims, after its signature verified with the `k` the request carries (RFC 8292 §2, §3). */
  readonly vapid: { aud: string; sub: string; exp: number; key: string };
}

/**
 * A push service for tests, standing for the browser vendor's (a party outside the system):
 * HTTPS on 127.0.0.1 with its own certificate (the sender is given an agent trusting it), checks
 * the VAPID authorization, keeps each message, and answers 201, or as told for an endpoint.
 */
export async function startTestPushService() {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'), name: 'CN=push.test', notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])],
  });
  const cert = certificate.toString('pem');
  const key = x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  const received: ReceivedPush[] = [];
  const answers = new Map<string, number>();
  const server: Server = createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = req.url ?? '/';
        const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(req.headers.authorization ?? '');
        if (req.method !== 'POST' || !m) return res.writeHead(401).end();
        const point = Buffer.from(m[2]!, 'base64url');
        const jwk = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' }).export({ format: 'jwk' });
        try {
          const { payload } = await jwtVerify(m[1]!, await importJWK(jwk, 'ES256'), { algorithms: ['ES256'], audience: `https://127.0.0.1:${port}` });
          received.push({ path, headers: req.headers, body: Buffer.concat(chunks), vapid: { aud: String(payload.aud), sub: String(payload.sub), exp: Number(payload.exp), key: m[2]! } });
        } catch {
          return res.writeHead(403).end();
        }
        const status = answers.get(path) ?? 201;
        res.writeHead(status, status === 201 ? { location: `/messages/${createHash('sha256').update(String(received.length)).digest('hex').slice(0, 12)}` } : {}).end();
      })();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    origin: `https://127.0.0.1:${port}`,
    endpoint: (id: string) => `https://127.0.0.1:${port}/push/${id}`,
    /** Answer this status for the endpoint from now on (410: the subscription expired). */
    answer: (id: string, status: number) => answers.set(`/push/${id}`, status),
    agent: new Agent({ ca: cert }),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** An SMS operator for tests (outside the system): records each request and answers as told, 202 by default. */
export async function startTestSmsOperator(token: string) {
  const received: Array<{ idempotencyKey: string | undefined; body: { to: string; text: string; reference: string } }> = [];
  const statuses: number[] = [];
  const server: HttpServer = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${token}`) return res.writeHead(401).end();
      const idempotencyKey = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
      received.push({ idempotencyKey, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(statuses.shift() ?? 202, { 'content-type': 'application/json' }).end('{"id":"op-1"}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return { received, url: `http://127.0.0.1:${port}/messages`, failNext: (...s: number[]) => statuses.push(...s), close: () => new Promise<void>((done) => server.close(() => done())) };
}
