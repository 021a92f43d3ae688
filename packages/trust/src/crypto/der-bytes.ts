// SPDX-License-Identifier: Apache-2.0
// What the ASN.1 schema classes leave to the caller, done with asn1js (the BER/DER codec under @peculiar/asn1-schema).
import { fromBER, Integer } from 'asn1js';
import { DerInputInvalid } from '../trust-errors.ts';

/** Content octets of a positive DER INTEGER: minimal, with a leading 0x00 when the high bit is set. */
export function positiveIntegerBytes(value: bigint): Uint8Array<ArrayBuffer> {
  if (value <= 0n) throw new DerInputInvalid('The integer must be positive.');
  return new Uint8Array(Integer.fromBigInt(value).valueBlock.valueHexView);
}

/** Reads INTEGER content octets as two's complement, the way X.690 defines them. */
export function integerBytesToBigInt(bytes: ArrayBuffer | Uint8Array): bigint {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (view.length === 0) return 0n;
  return new Integer({ valueHex: view }).toBigInt();
}

/**
 * True when `bytes` is exactly one DER element (definite length, nothing after it). The schema
 * parser happily ignores bytes after the first element, and a request with trailing garbage is
 * not the request the client hashed.
 */
export function isSingleElement(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  const decoded = fromBER(bytes);
  return decoded.offset === bytes.length && decoded.result.error === '' && !decoded.result.lenBlock.isIndefiniteForm;
}

/** The encoded bytes of each element inside a DER SEQUENCE, exactly as they are in `der` (no re-encoding). */
export function sequenceElements(der: Uint8Array): Uint8Array[] | undefined {
  if (!isSingleElement(der)) return undefined;
  const { result } = fromBER(der);
  const value = (result.valueBlock as { value?: unknown }).value;
  if (!Array.isArray(value)) return undefined;
  return value.map((element: { valueBeforeDecodeView: Uint8Array }) => new Uint8Array(element.valueBeforeDecodeView));
}

/**
 * One DER element: `tag` (a single identifier octet, as every tag below 31 is) around the
 * concatenated `contents`, with a definite, minimal length. For assembling structures from parts
 * that are already DER (a certificate, a signed TBS) without parsing and re-encoding them.
 */
export function derElement(tag: number, ...contents: Uint8Array[]): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xff || (tag & 0x1f) === 0x1f) throw new DerInputInvalid('The tag must be a single identifier octet.');
  let length = 0;
  for (const part of contents) length += part.length;
  // definite, minimal length: short form below 128, else 0x80 | n and n big-endian octets
  let octets = 0;
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets++;
  const headerLength = length < 0x80 ? 2 : 2 + octets;
  const out = new Uint8Array(headerLength + length);
  out[0] = tag;
  if (length < 0x80) out[1] = length;
  else {
    out[1] = 0x80 | octets;
    for (let i = octets, rest = length; i > 0; i--, rest = Math.floor(rest / 256)) out[1 + i] = rest % 256;
  }
  let offset = headerLength;
  for (const part of contents) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The header of the DER element at `offset`: its content's start and the element's end, checked
 * to be `tag` with a definite length inside `der`. For reading one known field without a parser.
 */
export function derHeader(der: Uint8Array, offset: number, tag: number): { contentStart: number; end: number } {
  if (der[offset] !== tag) throw new DerInputInvalid(`Expected the DER tag 0x${tag.toString(16)} at ${offset}.`);
  const first = der[offset + 1];
  if (first === undefined || first === 0x80 || first > 0x84) throw new DerInputInvalid('The DER length is missing or not definite.');
  let length = first;
  let contentStart = offset + 2;
  if (first > 0x80) {
    length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + (der[contentStart++] ?? Number.NaN);
  }
  const end = contentStart + length;
  if (!Number.isInteger(end) || end > der.length) throw new DerInputInvalid('The DER element runs past its end.');
  return { contentStart, end };
}

/** DER GeneralizedTime YYYYMMDDHHMMSSZ, fractions of a second dropped (RFC 5280 §4.1.2.5.2 allows none). */
export function generalizedTimeDer(date: Date): Uint8Array<ArrayBuffer> {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) throw new DerInputInvalid('A GeneralizedTime is of the years 0 to 9999.');
  const two = (n: number) => String(n).padStart(2, '0');
  const text = `${String(year).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  return derElement(0x18, new TextEncoder().encode(text));
}
