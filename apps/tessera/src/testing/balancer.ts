// SPDX-License-Identifier: Apache-2.0
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { freePort } from './free-port.ts';

/** A round-robin load balancer in front of processes of one part; remembers which backend got each request or connection. */
export interface Balancer {
  url: string;
  /** The backend's origin (HTTP) or host:port (TCP), per request or connection, in order. */
  served: string[];
  close(): Promise<void>;
}

/** An HTTP balancer: each request to the next backend, as a reverse proxy does. */
export async function balanceHttp(backends: string[]): Promise<Balancer> {
  const served: string[] = [];
  let next = 0;
  const server = createHttpServer((req, res) => {
    const backend = new URL(backends[next++ % backends.length]!);
    served.push(backend.origin);
    const upstream = httpRequest({ host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end());
    req.pipe(upstream);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * A TCP balancer: each connection to the next backend, bytes passed through unread, as a layer-4
 * balancer in front of TLS servers does (mutual TLS ends at the backend, not here).
 */
export async function balanceTcp(backends: Array<{ host: string; port: number }>): Promise<Balancer> {
  const served: string[] = [];
  const sockets = new Set<Socket>();
  let next = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createTcpServer((client) => {
    const backend = backends[next++ % backends.length]!;
    served.push(`${backend.host}:${backend.port}`);
    const upstream = connect(backend.port, backend.host);
    track(client);
    track(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${port}`,
    served,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
