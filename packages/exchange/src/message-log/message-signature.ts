// SPDX-License-Identifier: Apache-2.0
// What a gateway signs for each message, and how anyone holding the trusted CAs checks it.
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { createHash, type KeyObject } from 'node:crypto';
import { KeyUsageFlags, KeyUsagesExtension, X509Certificate } from '@peculiar/x509';
import { canonicalJson } from '@tessera/platform';
import { CertificatePathCache } from '@tessera/trust';
import { InvalidSignature, MessageDigestInvalid, SigningKeyUnsupported } from '../exchange-errors.ts';

/**
 * The facts a gateway signs for one message. Headers and body enter as hashes so the signature
 * is computed without buffering the body (the gateway hashes it while streaming it on) and so the
 * log can drop large bodies yet still prove what they were.
 */
export interface MessageDigest {
  /** The X-Road-Id, shared by a request and its response. */
  messageId: string;
  direction: 'request' | 'response';
  /** The client subsystem's identifier, e.g. `TS/GOV/70000001/registry`. */
  client: string;
  /** The service identifier, e.g. `TS/GOV/70000002/population/persons`. */
  service: string;
  method: string;
  /** Path with query string, as forwarded. */
  path: string;
  /** Base64 SHA-512 of the canonical headers. */
  headersHash: string;
  /** Base64 SHA-512 of the body bytes. */
  bodyHash: string;
  /** On a response: `digestHash` of the request's digest, binding the answer to its question. */
  requestHash?: string;
  /** ISO 8601 instant the gateway signed at. */
  at: string;
}

/** A trust anchor for time-stamp tokens, as `verifyTimeStampToken` takes it (DER or parsed). */
export type CertificateInput = X509Certificate | Uint8Array;

export interface MessageSigningKey {
  /** The member's ECDSA signing key (P-256, P-384 or P-521). */
  privateKey: CryptoKey;
  /** The DER certificate for that key, carried in `x5c` so a verifier needs only the CA. */
  certificateDer: Uint8Array;
}

export interface VerifyMessageOptions {
  /** When given, the signed digest must equal it exactly (compared canonically). */
  expected?: MessageDigest;
  /**
   * The CAs whose members may sign, as DER or parsed: the signing certificate must be issued by one
   * of them directly (certificates the signature brings along never complete the path).
   */
  trustedCaDer?: Uint8Array[];
  trustedCas?: X509Certificate[];
  /** Keeps validated paths between messages; without it every call validates afresh. */
  paths?: CertificatePathCache;
  /**
   * The instant certificates must be valid at. Defaults to the digest's own `at`: a logged message
   * stays verifiable after the signing certificate expires, and the batch time-stamp bounds `at`.
   */
  at?: Date;
}

export type MessageSignatureVerification =
  | { ok: true; signer: string; digest: MessageDigest; certificate: X509Certificate; issuer: X509Certificate; payload: string }
  | { ok: false; reason: string; digest?: MessageDigest };

/** The JWS algorithm and hash each ECDSA curve implies (RFC 7518 §3.4). */
const JWS_ALGORITHMS: Readonly<Record<string, { alg: string; hash: string }>> = {
  'P-256': { alg: 'ES256', hash: 'SHA-256' }, 'P-384': { alg: 'ES384', hash: 'SHA-384' }, 'P-521': { alg: 'ES512', hash: 'SHA-512' },
};
const DIRECTIONS = new Set(['request', 'response']);
const STRING_FIELDS = ['messageId', 'client', 'service', 'method', 'path', 'headersHash', 'bodyHash', 'at'] as const;

/** Base64 SHA-512, the hash X-Road uses for headers, bodies and request hashes. */
export function sha512Base64(data: Uint8Array | string): string {
  return createHash('sha512').update(data).digest('base64');
}

/** Hash of a digest, for a response's `requestHash`. */
export function digestHash(digest: MessageDigest): string {
  return sha512Base64(canonicalJson(digest));
}

/**
 * A signing key made ready once: its algorithm and the encoded protected header, which is the
 * same for every message the key signs (it carries the certificate), so it is built once.
 */
interface PreparedKey {
  alg: string;
  hash: string;
  /** base64url of `{"alg":…,"x5c":[…]}`, the first part of every compact JWS this key makes. */
  header: string;
}
const prepared = new WeakMap<MessageSigningKey, PreparedKey>();

function prepare(key: MessageSigningKey): PreparedKey {
  const known = prepared.get(key);
  if (known) return known;
  const algorithm = key.privateKey.algorithm as EcKeyAlgorithm;
  const jws = algorithm.name === 'ECDSA' ? JWS_ALGORITHMS[algorithm.namedCurve] : undefined;
  if (!jws) throw new SigningKeyUnsupported(`Message signing needs an ECDSA P-256/P-384/P-521 key, got ${algorithm.name}.`);
  // a certificate for another curve would yield signatures nobody can verify; catch it here
  const certificateKey = new X509Certificate(new Uint8Array(key.certificateDer)).publicKey.algorithm as EcKeyAlgorithm;
  if (certificateKey.name !== 'ECDSA' || certificateKey.namedCurve !== algorithm.namedCurve) {
    throw new SigningKeyUnsupported('The signing certificate is not for this key.');
  }
  const header = Buffer.from(JSON.stringify({ alg: jws.alg, x5c: [Buffer.from(key.certificateDer).toString('base64')] })).toString('base64url');
  const ready = { ...jws, header };
  prepared.set(key, ready);
  return ready;
}

/**
 * Compact JWS (RFC 7515) over `canonicalJson(digest)`, signed with the member key, its
 * certificate in `x5c`. Written directly on WebCrypto rather than through a JOSE library: the
 * header is fixed per key, so a message costs one base64url encoding and one signature.
 */
export async function signMessage(digest: MessageDigest, key: MessageSigningKey): Promise<string> {
  const problem = digestProblem(digest);
  if (problem) throw new MessageDigestInvalid(problem);
  const ready = prepare(key);
  const signingInput = `${ready.header}.${Buffer.from(canonicalJson(digest), 'utf8').toString('base64url')}`;
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: ready.hash }, key.privateKey, Buffer.from(signingInput, 'latin1'));
  return `${signingInput}.${Buffer.from(signature).toString('base64url')}`;
}

const oneShot = new WeakMap<object, CertificatePathCache>();
const parsedCas = new WeakMap<Uint8Array[], X509Certificate[]>();

/**
 * Never throws for bad input: any failure is `{ ok: false, reason }`. `ok` means the x5c leaf is
 * issued directly by one of the trusted CAs with every certificate valid at the signing time, the
 * JWS verifies with the leaf's key under the algorithm that key's curve implies, and the payload
 * is a canonical digest equal to `expected` when given. Revocation is the caller's: it gets the
 * certificate and its issuer for OCSP.
 */
export async function verifyMessageSignature(jws: string, options: VerifyMessageOptions): Promise<MessageSignatureVerification> {
  let digest: MessageDigest | undefined;
  try {
    const parts = jws.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'the signature is not a compact JWS' };
    const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
    const header = protectedHeaderOf(encodedHeader);
    if (typeof header === 'string') return { ok: false, reason: header };
    const paths = options.paths ?? cacheFor(options);
    const leaf = paths.certificate(header.x5c);
    const signer = signerKeyOf(leaf);
    if (typeof signer === 'string') return { ok: false, reason: signer };
    // pinning the algorithm to the key's curve leaves no room for algorithm substitution
    if (header.alg !== signer.alg) return { ok: false, reason: `the signature algorithm ${header.alg} is not the one of the signing key (${signer.alg})` };

    const text = Buffer.from(encodedPayload, 'base64url').toString('utf8');
    const parsed: unknown = JSON.parse(text);
    const problem = digestProblem(parsed);
    if (problem) return { ok: false, reason: `the signed payload is not a message digest: ${problem}` };
    digest = parsed as MessageDigest;

    const trusted = trustedOf(options);
    const at = options.at ?? new Date(digest.at);
    const path = paths.validate(leaf, { roots: trusted, intermediates: [] }, { at, issuers: trusted });
    if (!path.ok) {
      const reason = path.reason.includes('not valid at') ? `the signing certificate was not valid at ${at.toISOString()}: ${path.reason}` : `the signing certificate does not chain to a trusted CA: ${path.reason}`;
      return { ok: false, reason, digest };
    }
    const signature = Buffer.from(encodedSignature, 'base64url');
    const valid = await crypto.subtle.verify(
      { name: 'ECDSA', hash: signer.hash }, verifyingKeyOf(path.publicKey, signer.curve), signature, Buffer.from(`${encodedHeader}.${encodedPayload}`, 'latin1'),
    );
    if (!valid) return { ok: false, reason: 'the signature does not verify with the certificate key', digest };
    // only the canonical form is ever signed; anything else was not produced by a gateway
    if (canonicalJson(digest) !== text) return { ok: false, reason: 'the signed payload is not canonical JSON', digest };
    if (options.expected && canonicalJson(options.expected) !== text) {
      return { ok: false, reason: 'the signed digest differs from the expected one', digest };
    }
    return { ok: true, signer: leaf.subject, digest, certificate: leaf, issuer: path.issuer, payload: text };
  } catch (error) {
    return { ok: false, reason: `the signature could not be read (${error instanceof Error ? error.message : String(error)})`, ...(digest ? { digest } : {}) };
  }
}

/**
 * The protected header of a gateway's JWS: `alg` and the signing certificate in `x5c`, nothing
 * that changes how it is processed (`crit`, `b64`: refused, as a verifier that ignored them would
 * read another message than the signer meant). Read once per distinct header: every message of a
 * gateway carries the same one. A string is the reason it is refused.
 */
const headers = new Map<string, { alg: string; x5c: string } | string>();
const MAX_HEADERS = 256;

function protectedHeaderOf(encoded: string): { alg: string; x5c: string } | string {
  const known = headers.get(encoded);
  if (known !== undefined) return known;
  let read: { alg: string; x5c: string } | string;
  try {
    const header = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof header !== 'object' || header === null || Array.isArray(header)) read = 'the signature header is not a JSON object';
    else if (!Array.isArray(header.x5c) || header.x5c.length === 0 || typeof header.x5c[0] !== 'string') read = 'the signature carries no x5c certificate';
    else if (typeof header.alg !== 'string') read = 'the signature header names no algorithm';
    else if ('crit' in header || 'b64' in header) read = 'the signature header has parameters a gateway never sets (crit, b64)';
    else read = { alg: header.alg, x5c: header.x5c[0] };
  } catch {
    read = 'the signature header is not base64url JSON';
  }
  if (headers.size >= MAX_HEADERS) headers.delete(headers.keys().next().value!);
  headers.set(encoded, read);
  return read;
}

/** What a signing certificate allows: its curve's algorithm, or why it may not sign messages. Read once per certificate. */
const signerKeys = new WeakMap<X509Certificate, { alg: string; hash: string; curve: string } | string>();

function signerKeyOf(leaf: X509Certificate): { alg: string; hash: string; curve: string } | string {
  const known = signerKeys.get(leaf);
  if (known !== undefined) return known;
  const key = leaf.publicKey.algorithm as EcKeyAlgorithm;
  const jws = key.name === 'ECDSA' ? JWS_ALGORITHMS[key.namedCurve] : undefined;
  const usage = leaf.getExtension(KeyUsagesExtension);
  const read = !jws
    ? `the signing certificate has an unsupported key (${key.name})`
    : usage && (usage.usages & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation)) === 0
      ? 'the signing certificate is not for digital signatures'
      : { ...jws, curve: key.namedCurve };
  signerKeys.set(leaf, read);
  return read;
}

/** The WebCrypto form of a validated path's key, made once per key. */
const verifyingKeys = new WeakMap<KeyObject, CryptoKey>();

function verifyingKeyOf(key: KeyObject, namedCurve: string): CryptoKey {
  let cryptoKey = verifyingKeys.get(key);
  if (!cryptoKey) {
    // node's own webcrypto CryptoKey type differs from the DOM one only in usages this key never has
    cryptoKey = key.toCryptoKey({ name: 'ECDSA', namedCurve }, true, ['verify']) as unknown as CryptoKey;
    verifyingKeys.set(key, cryptoKey);
  }
  return cryptoKey;
}

/** The trusted CAs of the options, parsed once per array the caller holds. */
function trustedOf(options: VerifyMessageOptions): X509Certificate[] {
  if (options.trustedCas) return options.trustedCas;
  const ders = options.trustedCaDer ?? [];
  let parsed = parsedCas.get(ders);
  if (!parsed) {
    parsed = ders.map((der) => new X509Certificate(new Uint8Array(der)));
    parsedCas.set(ders, parsed);
  }
  return parsed;
}

/** Without a cache from the caller: one per trusted set, so a log verification reuses paths across its rows. */
function cacheFor(options: VerifyMessageOptions): CertificatePathCache {
  const owner: object = options.trustedCas ?? options.trustedCaDer ?? options;
  let cache = oneShot.get(owner);
  if (!cache) {
    cache = new CertificatePathCache({ maxEntries: 64 });
    oneShot.set(owner, cache);
  }
  return cache;
}

/** `verifyMessageSignature`, throwing X-Road's InvalidSignature fault instead of returning a reason. */
export async function requireValidSignature(jws: string, options: VerifyMessageOptions): Promise<{ signer: string; digest: MessageDigest }> {
  const result = await verifyMessageSignature(jws, options);
  if (!result.ok) throw new InvalidSignature(`Invalid message signature: ${result.reason}`);
  return { signer: result.signer, digest: result.digest };
}

/** The payload bytes of a compact JWS, without verifying it: to check a signature belongs to a digest. */
export function signedPayload(jws: string): string | undefined {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  return Buffer.from(parts[1], 'base64url').toString('utf8');
}

/** The one common name of a certificate's subject, or undefined when it has none or several. */
export function commonNameOf(certificate: X509Certificate): string | undefined {
  if (commonNames.has(certificate)) return commonNames.get(certificate);
  const names = certificate.subjectName.getField('CN');
  const name = names.length === 1 ? names[0] : undefined;
  commonNames.set(certificate, name);
  return name;
}
/** Read once per certificate: the gateway checks the signer's name on every message. */
const commonNames = new WeakMap<X509Certificate, string | undefined>();

function digestProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const record = value as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    if (typeof record[field] !== 'string' || record[field] === '') return `${field} must be a non-empty string`;
  }
  if (!DIRECTIONS.has(record.direction as string)) return 'direction must be request or response';
  if (record.requestHash !== undefined && typeof record.requestHash !== 'string') return 'requestHash must be a string';
  if (Number.isNaN(Date.parse(record.at as string))) return 'at must be an ISO 8601 instant';
  const known = new Set<string>([...STRING_FIELDS, 'direction', 'requestHash']);
  const extra = Object.keys(record).find((key) => !known.has(key));
  if (extra) return `unknown field ${extra}`;
  return undefined;
}
