// SPDX-License-Identifier: Apache-2.0
import {
  CertID, CertStatus, KeyHash, OCSPRequest, OCSPResponse, OCSPResponseStatus, ResponderID,
  RevokedInfo, id_kp_OCSPSigning, id_pkix_ocsp_basic, id_pkix_ocsp_nonce,
  type Request,
} from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Enumerated, ObjectIdentifier } from 'asn1js';
import {
  AlgorithmIdentifier, CRLReason, Certificate, ExtendedKeyUsage, id_ce_extKeyUsage,
} from '@peculiar/asn1-x509';
import {
  REVOCATION_REASON_CODES, normalizeSerialHex, type CertificateStatus, type CertificateStatusSource,
} from './certificate-status.ts';
import { derElement, generalizedTimeDer } from '../crypto/der-bytes.ts';
import { signEcdsaDer, type EcCurve as ResponderCurve } from '../crypto/ecdsa-signature.ts';
import { OcspIssuerUnknown, OcspResponderKeyMismatch, OcspResponderNotForOcsp, OcspResponderNotIssued, OptionInvalid } from '../trust-errors.ts';
import { SHA1_OID, digest, issuerIdentity, sameBytes, toHex, type IssuerIdentity } from './issuer-identity.ts';
import { PreProducedResponses } from './pre-produced-responses.ts';
import { readCommonRequest, type CommonRequest, type RequestedCertId } from './common-request-reader.ts';

type Der = Uint8Array;

export interface OcspResponderOptions {
  /** The CAs whose certificates we answer for; CertIDs naming any other issuer get 'unknown'. */
  issuers: Array<{ certificate: Der }>;
  responder: {
    /** Delegated responder certificate: EKU id-kp-OCSPSigning, issued by one of `issuers`. */
    certificate: Der;
    /**
     * Signs with the responder key: ECDSA with SHA-256 for P-256, SHA-384 for P-384. Must
     * return IEEE P1363 r‖s (what WebCrypto `subtle.sign` returns); it is converted to DER here.
     */
    sign(data: Uint8Array): Promise<Uint8Array>;
    /** The same signature as DER ECDSA-Sig-Value, used instead of `sign` when given (key-store signers have it). */
    signDer?(data: Uint8Array): Promise<Uint8Array>;
    algorithm: ResponderCurve;
  };
  source: CertificateStatusSource;
  clock: { now(): Date };
  /** thisUpdate → nextUpdate; default 15 minutes. */
  validityMinutes?: number;
  /** Bound on pre-produced responses kept; default 100 000. */
  maxPreProduced?: number;
  /** Told about failures that became an internalError response (the protocol forbids throwing). */
  onError?: (error: unknown) => void;
}

/** A response plus what HTTP caching needs to know about it. */
export interface OcspAnswer {
  der: Uint8Array;
  status: 'successful' | 'malformedRequest' | 'internalError';
  /** Successful responses only. */
  producedAt?: Date;
  /** Successful responses only: after this clients must ask again. */
  nextUpdate?: Date;
  /** Successful responses only: seconds from now (responder clock) until nextUpdate, for HTTP caching. */
  maxAgeSeconds?: number;
  /** The response echoes the client's nonce, so it belongs to one request and must not be shared. */
  hasNonce: boolean;
}

export interface AnswerOptions {
  /**
   * Asked only for a request that carries a nonce, before signing it: false answers with the
   * pre-produced response instead, ignoring the nonce (RFC 8954 §2.1 lets a responder do so).
   * The route uses it as a per-client budget of fresh signatures.
   */
  mayEchoNonce?: () => Promise<boolean>;
}

export interface OcspResponder {
  respond(requestDer: Uint8Array): Promise<Uint8Array>;
  /** respond() with the metadata the HTTP route uses for Cache-Control. */
  answer(requestDer: Uint8Array, options?: AnswerOptions): Promise<OcspAnswer>;
  /** Drops pre-produced responses for one serial (a status changed), or all of them. */
  invalidate(serialHex?: string): void;
  /** Signs responses ahead of demand (SHA-1 CertIDs, as openssl and most clients ask). */
  preProduce(serials: Array<{ issuerKeyHash: Uint8Array; serialHex: string }>): Promise<void>;
  /** Unsubscribes from the source's change feed. */
  close(): void;
}

const SIGNATURE_OIDS: Record<ResponderCurve, string> = {
  'P-256': '1.2.840.10045.4.3.2', // ecdsa-with-SHA256
  'P-384': '1.2.840.10045.4.3.3', // ecdsa-with-SHA384
};
const CURVE_PARAMETERS_HEX: Record<ResponderCurve, string> = {
  'P-256': '06082a8648ce3d030107',
  'P-384': '06052b81040022',
};
const EC_PUBLIC_KEY_OID = '1.2.840.10045.2.1';
/** RFC 8954 §2.1: nonces are at most 32 octets (plus the inner OCTET STRING header here). */
const MAX_NONCE_EXTN_VALUE = 32 + 2;
/** Each CertID costs a status lookup; the 64 KiB body limit alone would allow ~700 of them. */
const MAX_CERT_IDS = 64;

const statusOnly = (status: OCSPResponseStatus) => new Uint8Array(AsnConvert.serialize(new OCSPResponse({ responseStatus: status })));
const MALFORMED: OcspAnswer = { der: statusOnly(OCSPResponseStatus.malformedRequest), status: 'malformedRequest', hasNonce: false };
const INTERNAL_ERROR: OcspAnswer = { der: statusOnly(OCSPResponseStatus.internalError), status: 'internalError', hasNonce: false };

/** The CertIDs asked about, each with its bytes as sent, and the nonce extension. */
type ParsedRequest = CommonRequest;

/** DER tags used to assemble a response around parts that are already encoded. */
const SEQUENCE = 0x30;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const EXPLICIT_0 = 0xa0;
const EXPLICIT_1 = 0xa1;
const GOOD_DER = new Uint8Array(AsnConvert.serialize(new CertStatus({ good: null })));
const UNKNOWN_DER = new Uint8Array(AsnConvert.serialize(new CertStatus({ unknown: null })));
const statusDer = (status: CertificateStatus) => status.kind === 'good' ? GOOD_DER : status.kind === 'unknown' ? UNKNOWN_DER : new Uint8Array(AsnConvert.serialize(certStatus(status)));
/** GeneralizedTime as the schema classes write it for whole seconds (YYYYMMDDHHMMSSZ), encoded directly: twice an answer. */
const generalizedTime = generalizedTimeDer;
/** Most distinct nonce-less requests whose parse is remembered (their bytes repeat: clients ask for the same CertIDs). */
const MAX_REMEMBERED_REQUESTS = 10_000;

export function createOcspResponder(options: OcspResponderOptions): OcspResponder {
  const validityMs = (options.validityMinutes ?? 15) * 60_000;
  if (!(validityMs > 0)) throw new OptionInvalid('validityMinutes must be positive.');
  const issuers = options.issuers.map((issuer) => issuerIdentity(issuer.certificate));
  const responderCertificate = checkResponderCertificate(options.responder.certificate, issuers, options.responder.algorithm);
  const responderKeyHash = digest('sha1', new Uint8Array(responderCertificate.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey));
  const cache = new PreProducedResponses(options.maxPreProduced ?? 100_000);
  // The parts of every response that never change, encoded once: the signature algorithm, the
  // responder certificate as [0] EXPLICIT SEQUENCE OF Certificate (its bytes as given, not re-encoded),
  // and the head of ResponseBytes. A response then costs one TBS encoding and one signature.
  const signatureAlgorithmDer = new Uint8Array(AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: SIGNATURE_OIDS[options.responder.algorithm] })));
  const certsDer = derElement(EXPLICIT_0, derElement(SEQUENCE, new Uint8Array(options.responder.certificate)));
  const basicOidDer = new Uint8Array(new ObjectIdentifier({ value: id_pkix_ocsp_basic }).toBER());
  const successfulDer = new Uint8Array(new Enumerated({ value: OCSPResponseStatus.successful }).toBER());
  // Nonce-less requests are the same bytes every time a client asks about the same certificates:
  // their parse and cache key are remembered, so a pre-produced answer costs a lookup, not a parse.
  const remembered = new Map<string, { certIds: RequestedCertId[]; key: string }>();
  const responderIdDer = new Uint8Array(AsnConvert.serialize(new ResponderID({ byKey: new KeyHash(responderKeyHash) })));
  const unsubscribe = options.source.onChange?.((serial) => cache.invalidate(normalizeSerialHex(serial)));

  function findIssuer(certId: CertID): IssuerIdentity | undefined {
    const nameHash = new Uint8Array(certId.issuerNameHash.buffer);
    const keyHash = new Uint8Array(certId.issuerKeyHash.buffer);
    return issuers.find((issuer) => {
      const hashes = issuer.hashes.get(certId.hashAlgorithm.algorithm);
      return hashes !== undefined && sameBytes(hashes.nameHash, nameHash) && sameBytes(hashes.keyHash, keyHash);
    });
  }

  async function lookUp(certId: CertID): Promise<CertificateStatus> {
    const issuer = findIssuer(certId);
    // RFC 6960 §2.2: a CertID we are not authoritative for (other issuer, unsupported hash) is "unknown".
    if (!issuer) return { kind: 'unknown' };
    return options.source.status(issuer.sha1KeyHash, serialOf(certId));
  }

  async function produce(requested: RequestedCertId[], nonceDer: Uint8Array | undefined, now: Date): Promise<OcspAnswer> {
    const certIds = requested.map((r) => r.certId);
    const statuses = await Promise.all(certIds.map(lookUp));
    // A "good" answer is never valid past the certificate's notAfter, however long it is cached.
    const until = (status: CertificateStatus | undefined) => new Date(Math.min(now.getTime() + validityMs, status?.kind === 'good' && status.notAfter ? status.notAfter.getTime() : Infinity));
    const nextUpdates = certIds.map((_, i) => until(statuses[i]));
    const nextUpdate = new Date(Math.min(...nextUpdates.map((d) => d.getTime())));
    // ResponseData (v1, so no version), from parts: the responder's ID and the two fixed statuses
    // are encoded once; per answer only the times, the echoed CertIDs, revocations and the nonce.
    const producedAt = generalizedTime(now);
    const tbs = derElement(SEQUENCE,
      responderIdDer,
      producedAt,
      // each CertID echoed as the client's bytes, not re-encoded (RFC 6960 §4.2.2.3: the same CertID)
      derElement(SEQUENCE, ...requested.map((r, i) => derElement(SEQUENCE,
        r.der,
        statusDer(statuses[i] ?? { kind: 'unknown' }),
        producedAt,
        derElement(EXPLICIT_0, generalizedTime(nextUpdates[i]!)),
      ))),
      ...(nonceDer ? [derElement(EXPLICIT_1, derElement(SEQUENCE, nonceDer))] : []),
    );
    const signature = await signEcdsaDer(options.responder, options.responder.algorithm, tbs);
    // BasicOCSPResponse: tbsResponseData, signatureAlgorithm (RFC 5758 §3.2: no parameters),
    // signature, and the delegated certificate clients need to verify (they cannot fetch it elsewhere).
    const basic = derElement(SEQUENCE, tbs, signatureAlgorithmDer, derElement(BIT_STRING, Uint8Array.of(0), signature), certsDer);
    // OCSPResponse: responseStatus successful, [0] EXPLICIT ResponseBytes { id-pkix-ocsp-basic, OCTET STRING basic }.
    const response = derElement(SEQUENCE, successfulDer, derElement(EXPLICIT_0, derElement(SEQUENCE, basicOidDer, derElement(OCTET_STRING, basic))));
    return {
      der: response, status: 'successful', producedAt: now, nextUpdate,
      maxAgeSeconds: maxAge(nextUpdate, now), hasNonce: nonceDer !== undefined,
    };
  }

  /**
   * Requests without a nonce get a pre-produced response (RFC 5019 §2.2.1/§6.1): identical bytes
   * for everyone until half-life or invalidation, so the hot path never touches the signing key.
   * A nonce proves freshness but makes each response unique, so those are signed per request —
   * the RFC 6960 §4.4.1 / RFC 5019 trade-off between replay protection and signing cost.
   */
  async function produceCached(requested: RequestedCertId[], now: Date, key = requested.map((r) => cacheKey(r.certId)).join('+')): Promise<OcspAnswer> {
    const cached = cache.get(key, now);
    if (cached) {
      return {
        der: cached.der, status: 'successful', producedAt: cached.producedAt, nextUpdate: cached.nextUpdate,
        maxAgeSeconds: maxAge(cached.nextUpdate, now), hasNonce: false,
      };
    }
    const generation = cache.generation;
    const answer = await produce(requested, undefined, now);
    if (answer.producedAt && answer.nextUpdate) {
      cache.put(key, {
        der: answer.der, producedAt: answer.producedAt, thisUpdate: answer.producedAt, nextUpdate: answer.nextUpdate,
        serials: [...new Set(requested.map((r) => serialOf(r.certId)))],
      }, generation);
    }
    return answer;
  }

  async function answer(requestDer: Uint8Array, answerOptions: AnswerOptions = {}): Promise<OcspAnswer> {
    const bytes = Buffer.from(requestDer.buffer, requestDer.byteOffset, requestDer.byteLength).toString('base64');
    const known = remembered.get(bytes);
    if (known) {
      try {
        return await produceCached(known.certIds, wholeSeconds(options.clock.now()), known.key);
      } catch (error) {
        options.onError?.(error);
        return INTERNAL_ERROR;
      }
    }
    const parsed = parseRequest(requestDer);
    if (!parsed) return MALFORMED;
    try {
      const now = wholeSeconds(options.clock.now());
      if (parsed.nonce) {
        // A fresh answer is never cached, so it needs no cache key.
        if (!answerOptions.mayEchoNonce || await answerOptions.mayEchoNonce()) return await produce(parsed.certIds, parsed.nonce.der, now);
        return await produceCached(parsed.certIds, now);
      }
      const key = parsed.certIds.map((r) => cacheKey(r.certId)).join('+');
      if (remembered.size >= MAX_REMEMBERED_REQUESTS) remembered.delete(remembered.keys().next().value!);
      remembered.set(bytes, { certIds: parsed.certIds, key });
      return await produceCached(parsed.certIds, now, key);
    } catch (error) {
      options.onError?.(error);
      return INTERNAL_ERROR;
    }
  }

  return {
    answer,
    respond: async (requestDer) => (await answer(requestDer)).der,
    invalidate: (serialHex) => cache.invalidate(serialHex === undefined ? undefined : normalizeSerialHex(serialHex)),
    async preProduce(serials) {
      for (const { issuerKeyHash, serialHex } of serials) {
        const issuer = issuers.find((candidate) => sameBytes(candidate.sha1KeyHash, issuerKeyHash));
        if (!issuer) throw new OcspIssuerUnknown(toHex(issuerKeyHash));
        const sha1 = issuer.hashes.get(SHA1_OID)!;
        const certId = new CertID({
          // NULL parameters, byte for byte what openssl puts in its CertIDs, so the cache keys match.
          hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1_OID, parameters: null }),
          issuerNameHash: new OctetString(sha1.nameHash),
          issuerKeyHash: new OctetString(sha1.keyHash),
          serialNumber: serialBytes(serialHex),
        });
        // Round-trip so the CertID is the same object shape a parsed request yields.
        const der = new Uint8Array(AsnConvert.serialize(certId));
        await produceCached([{ certId: AsnConvert.parse(der, CertID), der }], wholeSeconds(options.clock.now()));
      }
    },
    close: () => unsubscribe?.(),
  };
}

/** The common shape read directly (common-request-reader.ts), any other with the schema parser. */
function parseRequest(der: Uint8Array): ParsedRequest | undefined {
  const common = readCommonRequest(der);
  if (common) return checked(common);
  return parseFully(der);
}

/** The limits both readers' results must keep: CertIDs 1…64, a nonce of 1…32 octets. */
function checked(request: ParsedRequest): ParsedRequest | undefined {
  if (request.certIds.length === 0 || request.certIds.length > MAX_CERT_IDS) return undefined;
  const nonce = request.nonce?.extension;
  if (nonce && (nonce.extnValue.byteLength === 0 || nonce.extnValue.byteLength > MAX_NONCE_EXTN_VALUE)) return undefined;
  return request;
}

/** The schema parser's reading of any OCSPRequest; exported for the common reader's tests. */
export function parseFully(der: Uint8Array): ParsedRequest | undefined {
  try {
    // The schema parser ignores bytes after the SEQUENCE; a request with trailing garbage is malformed.
    if (outerLength(der) !== der.byteLength) return undefined;
    const request = AsnConvert.parse(der, OCSPRequest);
    const { version, requestList, requestExtensions } = request.tbsRequest;
    if (version !== 0) return undefined;
    const nonce = requestExtensions?.find((extension) => extension.extnID === id_pkix_ocsp_nonce);
    // optionalSignature is accepted and not checked: the responder serves public status to anyone.
    return checked({
      certIds: requestList.map((entry: Request) => ({ certId: entry.reqCert, der: new Uint8Array(AsnConvert.serialize(entry.reqCert)) })),
      nonce: nonce ? { extension: nonce, der: new Uint8Array(AsnConvert.serialize(nonce)) } : undefined,
    });
  } catch {
    return undefined;
  }
}

/** Total length of the first TLV (definite-length forms only, as DER requires), or -1. */
function outerLength(der: Uint8Array): number {
  const first = der[1];
  if (der[0] !== 0x30 || first === undefined) return -1;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || der.length < 2 + count) return -1;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (der[2 + i] ?? 0);
  return 2 + count + length;
}

function checkResponderCertificate(der: Der, issuers: IssuerIdentity[], curve: ResponderCurve): Certificate {
  const certificate = AsnConvert.parse(der, Certificate);
  const tbs = certificate.tbsCertificate;
  const eku = tbs.extensions?.find((extension) => extension.extnID === id_ce_extKeyUsage);
  const purposes = eku ? AsnConvert.parse(eku.extnValue, ExtendedKeyUsage) : [];
  // RFC 6960 §4.2.2.2: clients accept a delegated signer only with id-kp-OCSPSigning.
  if (!purposes.includes(id_kp_OCSPSigning)) throw new OcspResponderNotForOcsp();
  const issuerDer = new Uint8Array(AsnConvert.serialize(tbs.issuer));
  if (!issuers.some((issuer) => sameBytes(issuer.subjectDer, issuerDer))) {
    throw new OcspResponderNotIssued();
  }
  const key = tbs.subjectPublicKeyInfo.algorithm;
  const parameters = key.parameters instanceof ArrayBuffer ? toHex(key.parameters) : '';
  if (key.algorithm !== EC_PUBLIC_KEY_OID || parameters !== CURVE_PARAMETERS_HEX[curve]) {
    throw new OcspResponderKeyMismatch(curve);
  }
  return certificate;
}

function certStatus(status: CertificateStatus): CertStatus {
  switch (status.kind) {
    case 'good':
      return new CertStatus({ good: null });
    case 'revoked':
      return new CertStatus({
        revoked: new RevokedInfo({
          revocationTime: wholeSeconds(status.revokedAt),
          // RFC 5280 §5.3.1: the reason code should be absent rather than 'unspecified'.
          revocationReason: status.reason === 'unspecified' ? undefined : new CRLReason(REVOCATION_REASON_CODES[status.reason]),
        }),
      });
    case 'unknown':
      return new CertStatus({ unknown: null });
  }
}

/** Cache key: the CertID as the client spelled it (algorithm incl. parameters), so echoing it is exact. */
function cacheKey(certId: CertID): string {
  return [
    toHex(AsnConvert.serialize(certId.hashAlgorithm)), toHex(certId.issuerNameHash.buffer),
    toHex(certId.issuerKeyHash.buffer), toHex(certId.serialNumber),
  ].join(':');
}

function serialOf(certId: CertID): string {
  return normalizeSerialHex(toHex(certId.serialNumber));
}

/** DER INTEGER content octets of a positive serial: a 0x00 pad when the top bit is set. */
function serialBytes(serialHex: string): ArrayBuffer {
  const hex = normalizeSerialHex(serialHex);
  const even = hex.length % 2 ? `0${hex}` : hex;
  const bytes = Buffer.from(/^[89a-f]/.test(even) ? `00${even}` : even, 'hex');
  return new Uint8Array(bytes).buffer;
}

function maxAge(nextUpdate: Date, now: Date): number {
  return Math.max(0, Math.floor((nextUpdate.getTime() - now.getTime()) / 1000));
}

/** GeneralizedTime in RFC 5280 profile has no fractional seconds; signing millis would add them. */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
