// SPDX-License-Identifier: Apache-2.0
// X-Road-Request-Hash (PR-REST §4.3): base64(SHA-512(SHA-512(headers) ‖ SHA-512(body))), or
// base64(SHA-512(SHA-512(headers))) when the request has no body. The provider gateway puts it
// on the response; the client gateway recomputes it and compares, binding response to request.
//
// How "headers" become bytes is internal to X-Road's security servers, so this is Tessera's
// own canonical serialisation, used by both Tessera gateways:
//   1. each [name, value] pair: name lower-cased; value with leading and trailing spaces and
//      tabs removed (HTTP stacks strip them, so the two sides could otherwise differ);
//   2. pairs stably sorted by name, comparing UTF-16 code units: the order of different
//      headers does not matter, while repeats of one header keep their order (it can carry
//      meaning, e.g. in a list-valued header);
//   3. each pair written as `${name}: ${value}\n` and the whole encoded as UTF-8.
// Names must be HTTP tokens (or ':'-prefixed pseudo-headers) and values free of CR, LF and NUL,
// which keeps the serialisation unambiguous; anything else is a programming error (TypeError).
//
// The request line is not a header, but a hash without it could not prove which record was
// asked for (the query names it), so callers add it as the pseudo-headers `:method` and
// `:path` (the `/r1/...` target exactly as the calling system sent it): see requestLineHeaders.
import { type Hash, createHash } from 'node:crypto';
import { BodyDigestFinished, HeaderInvalid, OptionInvalid } from '../exchange-errors.ts';

export type HeaderPair = readonly [name: string, value: string];

const TOKEN = /^:?[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const UNSAFE_IN_VALUE = /[\r\n\0]/;
const SHA512_LENGTH = 64;

/** Tessera's canonical header serialisation (see the file comment). */
export function canonicalRequestHeaders(headers: Iterable<HeaderPair>): string {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of headers) {
    if (!TOKEN.test(name)) throw new HeaderInvalid(`Not an HTTP header name: ${JSON.stringify(name)}`);
    if (UNSAFE_IN_VALUE.test(value)) throw new HeaderInvalid(`Header ${name} has CR, LF or NUL in its value`);
    pairs.push([name.toLowerCase(), value.replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return pairs.map(([name, value]) => `${name}: ${value}\n`).join('');
}

/** The request line as the pseudo-headers the hash covers. */
export function requestLineHeaders(method: string, pathAndQuery: string): HeaderPair[] {
  return [[':method', method.toUpperCase()], [':path', pathAndQuery]];
}

/** Flattens a header record (as forwardableRequestHeaders gives it) into pairs, repeats in order. */
export function headerPairs(headers: Readonly<Record<string, string | readonly string[]>>): HeaderPair[] {
  return Object.entries(headers).flatMap(([name, value]) =>
    (typeof value === 'string' ? [value] : value).map((v): HeaderPair => [name, v]));
}

const sha512 = (data: Uint8Array | string): Buffer => createHash('sha512').update(data).digest();

/**
 * X-Road-Request-Hash for headers as sent to the provider (plus requestLineHeaders) and the
 * SHA-512 of the body, taken while it streamed (createBodyDigest); no digest means no body.
 */
export function requestHash(headers: Iterable<HeaderPair>, bodyDigest?: Uint8Array): string {
  const headersDigest = sha512(canonicalRequestHeaders(headers));
  if (bodyDigest === undefined) return sha512(headersDigest).toString('base64');
  if (bodyDigest.length !== SHA512_LENGTH) throw new OptionInvalid('bodyDigest must be a SHA-512 digest (64 bytes)');
  return sha512(Buffer.concat([headersDigest, bodyDigest])).toString('base64');
}

/** SHA-512 over a body fed chunk by chunk, so large bodies are never held whole. */
export type BodyDigest = {
  update(chunk: Uint8Array | string): void;
  /** Bytes seen so far. */
  readonly bytes: number;
  /**
   * The digest, or undefined when no byte was seen: an empty body counts as no body, so both
   * gateways agree however the HTTP layer framed it. Can be called once.
   */
  digest(): Uint8Array | undefined;
};

export function createBodyDigest(): BodyDigest {
  const hash: Hash = createHash('sha512');
  let bytes = 0;
  let done = false;
  return {
    update(chunk) {
      if (done) throw new BodyDigestFinished();
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      hash.update(chunk);
    },
    get bytes() {
      return bytes;
    },
    digest() {
      if (done) throw new BodyDigestFinished();
      done = true;
      const value = hash.digest();
      return bytes === 0 ? undefined : value;
    },
  };
}
