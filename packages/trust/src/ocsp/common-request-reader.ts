// SPDX-License-Identifier: Apache-2.0
import { CertID, id_pkix_ocsp_nonce } from '@peculiar/asn1-ocsp';
import { OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Extension } from '@peculiar/asn1-x509';

/** One CertID of a request, with its bytes exactly as the client sent them (echoed in the answer). */
export interface RequestedCertId {
  certId: CertID;
  der: Uint8Array;
}

export interface CommonRequest {
  certIds: RequestedCertId[];
  /** The nonce extension and its bytes as sent, when the request has one. */
  nonce: { extension: Extension; der: Uint8Array } | undefined;
}

const NONCE_OID_DER = Buffer.from('2b0601050507300102', 'hex');
const NULL_DER = Uint8Array.of(0x05, 0x00);

/** An element: its tag, where it begins (`at`, the tag octet), where its content starts and ends. */
interface Tlv { tag: number; at: number; start: number; end: number; next: number }

/** One DER element at `at` inside `[.., limit)`; undefined unless its length is definite and minimal. */
function tlv(der: Uint8Array, at: number, limit: number): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = der[at]!;
  const first = der[at + 1]!;
  let length: number;
  let start: number;
  if (first < 0x80) {
    length = first;
    start = at + 2;
  } else {
    const count = first & 0x7f;
    if (count === 0 || count > 3 || at + 2 + count > limit || der[at + 2] === 0) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[at + 2 + i]!;
    if (length < 0x80) return undefined;
    start = at + 2 + count;
  }
  const end = start + length;
  return end > limit ? undefined : { tag, at, start, end, next: end };
}

function oidString(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0 || (bytes[bytes.length - 1]! & 0x80) !== 0) return undefined;
  const arcs: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    if (value === 0 && byte === 0x80) return undefined;
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) return undefined;
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

const arrayBufferOf = (bytes: Uint8Array) => bytes.slice().buffer;

function readCertId(der: Uint8Array, element: Tlv): RequestedCertId | undefined {
  if (element.tag !== 0x30) return undefined;
  const algorithm = tlv(der, element.start, element.end);
  if (!algorithm || algorithm.tag !== 0x30) return undefined;
  const oid = tlv(der, algorithm.start, algorithm.end);
  if (!oid || oid.tag !== 0x06) return undefined;
  const oidText = oidString(der.subarray(oid.start, oid.end));
  if (!oidText) return undefined;
  // parameters: absent, or NULL as openssl writes them; anything else is left to the full parser
  let parameters: ArrayBuffer | undefined;
  if (oid.next !== algorithm.end) {
    const bytes = der.subarray(oid.next, algorithm.end);
    if (bytes.length !== 2 || bytes[0] !== NULL_DER[0] || bytes[1] !== NULL_DER[1]) return undefined;
    parameters = arrayBufferOf(bytes);
  }
  const nameHash = tlv(der, algorithm.next, element.end);
  if (!nameHash || nameHash.tag !== 0x04) return undefined;
  const keyHash = tlv(der, nameHash.next, element.end);
  if (!keyHash || keyHash.tag !== 0x04) return undefined;
  const serial = tlv(der, keyHash.next, element.end);
  if (!serial || serial.tag !== 0x02 || serial.end === serial.start || serial.next !== element.end) return undefined;
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: oidText, ...(parameters ? { parameters } : {}) }),
    issuerNameHash: new OctetString(der.slice(nameHash.start, nameHash.end)),
    issuerKeyHash: new OctetString(der.slice(keyHash.start, keyHash.end)),
    serialNumber: arrayBufferOf(der.subarray(serial.start, serial.end)),
  });
  return { certId, der: der.slice(element.at, element.end) };
}

/**
 * The request most clients send, read without the schema parser: an unsigned OCSPRequest with no
 * version or requestor name, one or more Requests of a bare CertID (no per-request extensions),
 * and request extensions whose nonce, if any, is taken. Anything else — another shape, BER
 * lengths, critical flags, parameters other than NULL — is undefined: the caller then reads it
 * with the full parser, which also decides whether it is malformed. The result equals what the
 * full parser yields (tested in common-request-reader.test.ts), at a fraction of its cost.
 */
export function readCommonRequest(der: Uint8Array): CommonRequest | undefined {
  const outer = tlv(der, 0, der.length);
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) return undefined;
  const tbs = tlv(der, outer.start, outer.end);
  if (!tbs || tbs.tag !== 0x30 || tbs.next !== outer.end) return undefined;
  const list = tlv(der, tbs.start, tbs.end);
  if (!list || list.tag !== 0x30) return undefined;
  const certIds: RequestedCertId[] = [];
  for (let at = list.start; at < list.end;) {
    const request = tlv(der, at, list.end);
    if (!request || request.tag !== 0x30) return undefined;
    const certIdElement = tlv(der, request.start, request.end);
    if (!certIdElement || certIdElement.next !== request.end) return undefined;
    const read = readCertId(der, certIdElement);
    if (!read) return undefined;
    certIds.push(read);
    at = request.next;
  }
  let nonce: CommonRequest['nonce'];
  if (list.next !== tbs.end) {
    const extensions = tlv(der, list.next, tbs.end);
    if (!extensions || extensions.tag !== 0xa2 || extensions.next !== tbs.end) return undefined;
    const sequence = tlv(der, extensions.start, extensions.end);
    if (!sequence || sequence.tag !== 0x30 || sequence.next !== extensions.end) return undefined;
    for (let at = sequence.start; at < sequence.end;) {
      const extension = tlv(der, at, sequence.end);
      if (!extension || extension.tag !== 0x30) return undefined;
      const id = tlv(der, extension.start, extension.end);
      if (!id || id.tag !== 0x06) return undefined;
      const value = tlv(der, id.next, extension.end);
      if (!value || value.tag !== 0x04 || value.next !== extension.end) return undefined;
      const isNonce = Buffer.from(der.buffer, der.byteOffset + id.start, id.end - id.start).equals(NONCE_OID_DER);
      if (isNonce && !nonce) {
        nonce = {
          extension: new Extension({ extnID: id_pkix_ocsp_nonce, critical: false, extnValue: new OctetString(der.slice(value.start, value.end)) }),
          der: der.slice(extension.at, extension.end),
        };
      }
      at = extension.next;
    }
  }
  return { certIds, nonce };
}
