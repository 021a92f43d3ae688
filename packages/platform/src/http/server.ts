// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawServerDefault } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toProblem, type ProblemDetails } from '../errors/problem-details.ts';
import { PayloadTooLarge, TesseraError, TooManyRequests, UnsupportedMediaType, ValidationFailed } from '../errors/tessera-error.ts';
import { CsrfRejected, MalformedBody, NotFoundRoute, UriTooLong } from '../errors/platform-errors.ts';
import { loggerOptions } from '../log/logger-options.ts';
import type { Database, Storage } from '../storage/database.ts';
import type { Clock } from '../time/clock.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import { sql } from 'drizzle-orm';
import { validationIssues } from './validation-issues.ts';

export type Server = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface ServerOptions {
  /** Shown in the OpenAPI document. */
  title: string;
  version?: string;
  logLevel?: string;
  /** Signs cookies (sessions, CSRF secret). At least 32 characters. */
  cookieSecret: string;
  /** Pages are served over HTTPS in production: cookies get the Secure flag. */
  secureCookies?: boolean;
  /** Largest accepted request body, uploads included. */
  bodyLimitBytes?: number;
  storage?: Storage;
  /**
   * Keeps rate-limit counters in this database instead of the process's memory: needed when
   * several processes of one part serve behind a load balancer (the table comes with
   * idempotencyMigrations).
   */
  sharedRateLimits?: { db: Database; clock: Clock };
  /** Renders problems for browsers (Accept: text/html); JSON otherwise. */
  htmlErrorPage?: (problem: ProblemDetails, request: FastifyRequest) => string;
}

/**
 * The one way Tessera builds an HTTP server: request ids, structured logs without personal data,
 * security headers, cookies, CSRF for forms, rate limits where a route asks, OpenAPI at
 * /openapi.json, health probes, and every error as RFC 9457 problem details.
 */
export async function buildServer(options: ServerOptions): Promise<Server> {
  const bodyLimit = options.bodyLimitBytes ?? 12 * 1024 * 1024;
  const server = Fastify({
    logger: loggerOptions(options.logLevel ?? 'info'),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    routerOptions: { maxParamLength: 200 },
    // The router's own refusals (over-long parameter, malformed escape) as problem details too.
    frameworkErrors: (error, request, reply) => sendProblem(reply, request, toProblem(classify(error), request.url.split('?')[0]), options.htmlErrorPage),
  }).withTypeProvider<TypeBoxTypeProvider>();

  server.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await server.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], formAction: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: null },
    },
    crossOriginEmbedderPolicy: false,
  });
  await server.register(cookie, { secret: options.cookieSecret });
  await server.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: options.secureCookies ?? false },
    getToken: (req) => (req.body as Record<string, string> | undefined)?._csrf ?? (req.headers['x-csrf-token'] as string | undefined),
  });
  await server.register(formbody, { bodyLimit });
  // busboy reads multipart bodies straight from the socket, past Fastify's bodyLimit, so the
  // whole request is capped here: by its declared length at once, and by the bytes of all its
  // files together as they arrive (a chunked upload declares none).
  server.addHook('onRequest', async (request) => {
    if (!/^multipart\//i.test(request.headers['content-type'] ?? '')) return;
    const declared = request.headers['content-length'];
    if (declared !== undefined && (!/^\d{1,15}$/.test(declared) || Number(declared) > bodyLimit)) throw new PayloadTooLarge('The request body is larger than allowed.');
  });
  const uploaded = new WeakMap<object, number>();
  // Fields and files land in request.body (files as Buffers) so one JSON schema validates both.
  await server.register(multipart, {
    attachFieldsToBody: 'keyValues',
    async onFile(part) {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        const total = (uploaded.get(this) ?? 0) + chunk.length;
        if (total > bodyLimit) throw new PayloadTooLarge('The request body is larger than allowed.');
        uploaded.set(this, total);
        chunks.push(chunk);
      }
      (part as unknown as { value: Buffer }).value = Buffer.concat(chunks);
    },
    limits: { fileSize: bodyLimit, files: 4, fields: 60, fieldSize: 64 * 1024 },
    throwFileSizeLimit: true,
  });
  await server.register(rateLimit, {
    global: false,
    ...(options.sharedRateLimits ? { store: databaseRateLimitStore(options.sharedRateLimits.db, options.sharedRateLimits.clock) } : {}),
    errorResponseBuilder: (_req, context) => new TooManyRequests(`Too many attempts. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`),
  });
  await server.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.title, version: options.version ?? '0.1.0' },
    },
  });

  server.setErrorHandler((error: FastifyError | TesseraError, request, reply) => {
    const mapped = classify(error);
    if (!(mapped instanceof TesseraError) || mapped.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    }
    return sendProblem(reply, request, toProblem(mapped, request.url.split('?')[0]), options.htmlErrorPage);
  });
  server.setNotFoundHandler((request, reply) => {
    const problem = toProblem(new NotFoundRoute(`No resource at ${request.method} ${request.url.split('?')[0]}.`));
    return sendProblem(reply, request, problem, options.htmlErrorPage);
  });

  server.get('/openapi.json', { schema: { hide: true } }, async () => server.swagger());
  server.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  server.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (options.storage) {
      try {
        await options.storage.db.execute(sql`select 1`);
      } catch {
        return reply.code(503).send({ status: 'unavailable', storage: 'down' });
      }
    }
    return { status: 'ready' };
  });
  return server;
}

/** Turns framework errors into Tessera errors with stable codes; leaves unknown ones as 500. */
function classify(error: FastifyError | TesseraError): unknown {
  if (error instanceof TesseraError) return error;
  if (error.validation) return new ValidationFailed(validationIssues(error.validation, error.validationContext));
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new PayloadTooLarge('The request body is larger than allowed.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new UnsupportedMediaType('This content type is not accepted here.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new MalformedBody('The request body is not valid JSON.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new UriTooLong('A part of this address is longer than allowed.');
    case 'FST_ERR_BAD_URL':
      return new MalformedBody('The address is not valid.');
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return new CsrfRejected('The form has expired or was not sent from this site. Reload the page and try again.');
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return new MalformedBody('The request body is not valid JSON.');
  return error;
}

function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: ProblemDetails, html: ServerOptions['htmlErrorPage']) {
  reply.code(problem.status);
  const accept = request.headers.accept ?? '';
  if (html && accept.includes('text/html')) {
    return reply.type('text/html; charset=utf-8').send(html(problem, request));
  }
  return reply.type('application/problem+json').send(problem);
}
