// SPDX-License-Identifier: Apache-2.0
import type { ServerResponse } from 'node:http';
import type { X509Certificate } from '@peculiar/x509';
import type { Clock, Server } from '@tessera/platform';
import type { CertificateStatus, CertificateStatusSource } from '../ocsp/certificate-status.ts';
import { checkOcspSerial } from '../ocsp/ocsp-client.ts';
import { sameBytes } from '../ocsp/issuer-identity.ts';
import { OcspCheckFailed } from '../trust-errors.ts';
import type { StatusChanges } from '../register/status-changes.ts';

export const STATUS_FEED_PATH = '/status/v1/changes';

const HEARTBEAT_MS = 15_000;

/**
 * The change feed of the certificate register as Server-Sent Events: the serial of every
 * certificate whose status changed, as soon as this process hears it (from its own changes or,
 * by pg_notify, another process's). Public, as the CRLs are: a serial says nothing the CRL does
 * not. An `event: resync` says changes may have been missed (the listening connection was
 * re-opened): a follower then asks again about everything it follows.
 */
export function registerStatusFeed(server: Server, changes: StatusChanges): void {
  const open = new Set<ServerResponse>();
  server.addHook('preClose', (done) => {
    for (const response of open) response.end();
    done();
  });
  server.get(STATUS_FEED_PATH, { schema: { hide: true } }, (request, reply) => {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    response.write('event: ready\ndata: \n\n');
    open.add(response);
    const unChange = changes.onChange((serial) => response.write(`data: ${serial}\n\n`));
    const unResync = changes.onResync(() => response.write('event: resync\ndata: \n\n'));
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    request.raw.socket.on('close', () => {
      clearInterval(heartbeat);
      unChange();
      unResync();
      open.delete(response);
    });
  });
}

/**
 * Follows a trust services' change feed: each changed serial goes to `onChange`; every
 * (re)connection calls `onResync` first, since changes made while not connected are unknown.
 * Reconnects after a dropped or refused connection, a second later and then up to every ten.
 * Returns a function that stops.
 */
export function followStatusFeed(o: {
  url: string; fetch: typeof fetch; onChange(serial: string): void; onResync(): void; onError(error: unknown): void;
}): () => void {
  const stop = new AbortController();
  let delay = 1000;
  const run = async () => {
    while (!stop.signal.aborted) {
      try {
        const response = await o.fetch(o.url, { headers: { accept: 'text/event-stream' }, signal: stop.signal });
        if (!response.ok || !response.body) throw new OcspCheckFailed(`The status feed answered HTTP ${response.status}.`);
        delay = 1000;
        o.onResync();
        let buffer = '';
        const decoder = new TextDecoder();
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = message.split('\n');
            const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
            const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
            if (event === 'resync') o.onResync();
            else if (event === 'message' && /^[0-9a-f]{1,64}$/.test(data)) o.onChange(data);
          }
        }
      } catch (error) {
        if (stop.signal.aborted) return;
        o.onError(error);
      }
      if (stop.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void run();
  return () => stop.abort();
}

/**
 * The status of one issuer's certificates as a relying party elsewhere learns it: each question
 * answered by the issuer's OCSP responder (nonce, signature under the pinned issuer checked by
 * checkOcspSerial), changes heard from the trust services' feed. A status the responder cannot
 * give (unreachable, refused, badly signed) throws: the caller keeps what it had (fail closed).
 */
export function remoteStatusSource(o: {
  issuer: X509Certificate; issuerKeyHash: Uint8Array; ocspUrl: string; feedUrl: string; fetch: typeof fetch; clock: Clock; onError(error: unknown): void;
}): CertificateStatusSource & { onChange(listener: (serial: string) => void): () => void; onResync(listener: () => void): () => void; close(): void } {
  const listeners = new Set<(serial: string) => void>();
  const resyncs = new Set<() => void>();
  // The feed is followed from the first subscription on, so no follower misses the first (re)sync.
  let stop: (() => void) | null = null;
  const follow = () => {
    stop ??= followStatusFeed({
      url: o.feedUrl, fetch: o.fetch, onError: o.onError,
      onChange: (serial) => { for (const l of listeners) l(serial); },
      onResync: () => { for (const l of resyncs) l(); },
    });
  };
  return {
    async status(issuerKeyHash, serialHex): Promise<CertificateStatus> {
      if (!sameBytes(issuerKeyHash, o.issuerKeyHash)) return { kind: 'unknown' };
      const answer = await checkOcspSerial(serialHex, o.issuer, { fetch: o.fetch, now: o.clock.now(), url: o.ocspUrl });
      if (answer.status === 'good') return { kind: 'good' };
      if (answer.status === 'revoked') return { kind: 'revoked', revokedAt: answer.revokedAt!, reason: answer.reason ?? 'unspecified' };
      return { kind: 'unknown' };
    },
    onChange(listener) {
      listeners.add(listener);
      follow();
      return () => listeners.delete(listener);
    },
    onResync(listener) {
      resyncs.add(listener);
      follow();
      return () => resyncs.delete(listener);
    },
    close: () => stop?.(),
  };
}
