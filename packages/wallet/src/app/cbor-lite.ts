// SPDX-License-Identifier: Apache-2.0
// The CBOR (RFC 8949) the wallet's mdoc work needs, in the browser: a strict decoder that keeps
// the bytes of every array, map and tag as received (what the issuer signed is passed on as it
// came, never re-encoded) and an encoder of the wallet's own structures with preferred
// (shortest) argument encoding. No library: the page ships only its own code under a CSP
// without eval, where the usual CBOR libraries need eval or a bundler.

export class CborError extends Error {}

/** A tagged data item (major type 6), e.g. tag 24 (encoded CBOR data item) or 1004 (full-date). */
export class Tagged {
  tag: number;
  value: unknown;
  constructor(tag: number, value: unknown) {
    this.tag = tag;
    this.value = value;
  }
}

/** Bytes that are already CBOR, written as they are. */
export class Encoded {
  bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
}

export interface DecodedCbor {
  value: unknown;
  /** The bytes an array, map or tag of `value` had in the input. */
  rawOf(item: object): Uint8Array;
}

const MAX_DEPTH = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function halfFloat(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Decodes one CBOR data item filling all of `bytes`. Refused (CborError): truncated input,
 * trailing bytes, indefinite lengths, reserved values, invalid UTF-8, repeated map keys, nesting
 * deeper than the mdoc structures have. Maps become Map, byte strings Uint8Array, tags Tagged.
 */
export function decodeCbor(bytes: Uint8Array): DecodedCbor {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const spans = new WeakMap<object, Uint8Array>();
  let at = 0;
  const need = (n: number) => {
    if (n > bytes.length - at) throw new CborError('The CBOR ends early.');
  };
  const argument = (info: number): number => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (!size) throw new CborError('Indefinite lengths and reserved values are not accepted.');
    need(size);
    const value = size === 1 ? view.getUint8(at) : size === 2 ? view.getUint16(at) : size === 4 ? view.getUint32(at) : view.getBigUint64(at);
    at += size;
    if (typeof value === 'bigint') {
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new CborError('An integer is larger than this wallet reads.');
      return Number(value);
    }
    return value;
  };
  const item = (depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new CborError('The CBOR is nested too deeply.');
    const start = at;
    need(1);
    const head = view.getUint8(at++);
    const major = head >> 5;
    const info = head & 0x1f;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      if (info === 23) return undefined;
      if (info === 25 || info === 26 || info === 27) {
        const size = info === 25 ? 2 : info === 26 ? 4 : 8;
        need(size);
        const value = info === 25 ? halfFloat(view.getUint16(at)) : info === 26 ? view.getFloat32(at) : view.getFloat64(at);
        at += size;
        return value;
      }
      throw new CborError('A reserved simple value is not accepted.');
    }
    const n = argument(info);
    switch (major) {
      case 0: return n;
      case 1: return -1 - n;
      case 2:
      case 3: {
        need(n);
        const content = bytes.subarray(at, at + n);
        at += n;
        try {
          return major === 2 ? content.slice() : utf8.decode(content);
        } catch {
          throw new CborError('A text string is not UTF-8.');
        }
      }
      case 4: {
        need(n); // each element takes a byte at least: a claimed length past the input is refused at once
        const array: unknown[] = [];
        for (let i = 0; i < n; i++) array.push(item(depth + 1));
        spans.set(array, bytes.slice(start, at));
        return array;
      }
      case 5: {
        need(n * 2);
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) {
          const key = item(depth + 1);
          if (map.has(key)) throw new CborError('A map repeats a key.');
          map.set(key, item(depth + 1));
        }
        spans.set(map, bytes.slice(start, at));
        return map;
      }
      default: {
        const tagged = new Tagged(n, item(depth + 1));
        spans.set(tagged, bytes.slice(start, at));
        return tagged;
      }
    }
  };
  const value = item(0);
  if (at !== bytes.length) throw new CborError('The CBOR has trailing bytes.');
  return {
    value,
    rawOf(x: object) {
      const raw = spans.get(x);
      if (!raw) throw new CborError('The item was not decoded here.');
      return raw;
    },
  };
}

/**
 * Encodes null, booleans, safe integers, text, byte strings, arrays, Maps, Tagged and Encoded
 * values, each argument in its shortest form (RFC 8949 §4.2.1). Anything else is refused: the
 * wallet never encodes a value it did not build itself.
 */
export function encodeCbor(value: unknown): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  let length = 0;
  const push = (bytes: Uint8Array) => {
    parts.push(bytes);
    length += bytes.length;
  };
  const head = (major: number, n: number) => {
    const m = major << 5;
    if (n < 24) push(new Uint8Array([m | n]));
    else if (n < 0x100) push(new Uint8Array([m | 24, n]));
    else if (n < 0x10000) push(new Uint8Array([m | 25, n >> 8, n & 0xff]));
    else if (n < 0x100000000) push(new Uint8Array([m | 26, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]));
    else {
      const out = new Uint8Array(9);
      out[0] = m | 27;
      new DataView(out.buffer).setBigUint64(1, BigInt(n));
      push(out);
    }
  };
  const write = (v: unknown, depth: number) => {
    if (depth > MAX_DEPTH) throw new CborError('The value is nested too deeply.');
    if (v instanceof Encoded) push(v.bytes);
    else if (v === null) push(new Uint8Array([0xf6]));
    else if (typeof v === 'boolean') push(new Uint8Array([v ? 0xf5 : 0xf4]));
    else if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) throw new CborError('Only integers are encoded.');
      if (v >= 0) head(0, v);
      else head(1, -1 - v);
    } else if (typeof v === 'string') {
      const text = new TextEncoder().encode(v);
      head(3, text.length);
      push(text);
    } else if (v instanceof Uint8Array) {
      head(2, v.length);
      push(v);
    } else if (Array.isArray(v)) {
      head(4, v.length);
      for (const x of v) write(x, depth + 1);
    } else if (v instanceof Map) {
      head(5, v.size);
      for (const [k, x] of v) {
        write(k, depth + 1);
        write(x, depth + 1);
      }
    } else if (v instanceof Tagged) {
      head(6, v.tag);
      write(v.value, depth + 1);
    } else throw new CborError('The value cannot be encoded.');
  };
  write(value, 0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
