// SPDX-License-Identifier: Apache-2.0
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { freePort } from './free-port.ts';

/**
 * An HTTP proxy between a part and the server it calls (its gateway), passing everything on,
 * except one request a test names: that one is held at a chosen moment, so the test can kill the
 * caller exactly there — `before` the request goes on (the server never sees it) or `after` the
 * server answered (the caller never learns the answer).
 */
export interface Interposer {
  url: string;
  /** Resolves once the next request whose method and path match has reached that moment; it is then held for good. */
  holdNext(match: { method: string; path: RegExp }, moment: 'before' | 'after'): Promise<void>;
  close(): Promise<void>;
}

export async function interposer(target: string): Promise<Interposer> {
  const backend = new URL(target);
  let rule: { method: string; path: RegExp; moment: 'before' | 'after'; reached: () => void } | null = null;
  const forward = (req: IncomingMessage, onAnswer: (answer: IncomingMessage) => void, res: ServerResponse) => {
    const upstream = httpRequest({ host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers: req.headers }, onAnswer);
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(upstream);
  };
  const server = createServer((req, res) => {
    const held = rule && req.method === rule.method && rule.path.test(req.url ?? '') ? rule : null;
    if (!held) {
      forward(req, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      }, res);
      return;
    }
    rule = null;
    if (held.moment === 'before') {
      req.resume();
      held.reached();
      return;
    }
    // The whole answer is read from the server, and never passed on.
    forward(req, (answer) => {
      answer.resume();
      answer.once('end', held.reached);
    }, res);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    holdNext: (match, moment) => new Promise<void>((reached) => {
      rule = { ...match, moment, reached };
    }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
