// SPDX-License-Identifier: Apache-2.0
// Small byte-level helpers the ASN.1 schema classes do not cover.

/** Content octets of a positive DER INTEGER: minimal, with a leading 0x00 when the high bit is set. */
export function positiveIntegerBytes(value: bigint): Uint8Array<ArrayBuffer> {
  if (value <= 0n) throw new RangeError('integer must be positive');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Reads INTEGER content octets as two's complement, the way X.690 defines them. */
export function integerBytesToBigInt(bytes: ArrayBuffer | Uint8Array): bigint {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (view.length === 0) return 0n;
  let value = BigInt(`0x${Buffer.from(view).toString('hex')}`);
  if ((view[0] ?? 0) >= 0x80) value -= 1n << BigInt(view.length * 8);
  return value;
}

/**
 * True when `bytes` is exactly one BER/DER element. The schema parser happily ignores bytes after
 * the first element, and a request with trailing garbage is not the request the client hashed.
 */
export function isSingleElement(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  let offset = 1;
  if (((bytes[0] ?? 0) & 0x1f) === 0x1f) {
    // high-tag-number form: continuation octets have the top bit set
    while (offset < bytes.length && ((bytes[offset] ?? 0) & 0x80) !== 0) offset += 1;
    offset += 1;
  }
  const first = bytes[offset];
  if (first === undefined) return false;
  offset += 1;
  if (first < 0x80) return offset + first === bytes.length;
  const count = first & 0x7f;
  // 0x80 is the indefinite form, which DER forbids; more than 4 length octets is not a real message
  if (count === 0 || count > 4) return false;
  let length = 0;
  for (let i = 0; i < count; i += 1) {
    const octet = bytes[offset + i];
    if (octet === undefined) return false;
    length = length * 256 + octet;
  }
  return offset + count + length === bytes.length;
}

export function bytesEqual(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  const x = a instanceof Uint8Array ? a : new Uint8Array(a);
  const y = b instanceof Uint8Array ? b : new Uint8Array(b);
  return x.length === y.length && Buffer.compare(Buffer.from(x.buffer, x.byteOffset, x.byteLength), Buffer.from(y.buffer, y.byteOffset, y.byteLength)) === 0;
}

/** A fresh ArrayBuffer holding exactly the view's bytes (WebCrypto and the schema classes want one). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}
