// SPDX-License-Identifier: Apache-2.0
// What a gateway signs for each message, and how anyone holding the trusted CAs checks it.
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { createHash } from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, X509Certificate } from '@peculiar/x509';
import { canonicalJson } from '@tessera/platform';
import { InvalidSignature } from './message-log-errors.ts';

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
  /** DER certificates of the CAs whose members may sign; the x5c chain must end at one of them. */
  trustedCaDer: Uint8Array[];
  /**
   * The instant certificates must be valid at. Defaults to the digest's own `at`: a logged message
   * stays verifiable after the signing certificate expires, and the batch time-stamp bounds `at`.
   */
  at?: Date;
}

export type MessageSignatureVerification =
  | { ok: true; signer: string; digest: MessageDigest; certificate: X509Certificate }
  | { ok: false; reason: string; digest?: MessageDigest };

const JWS_ALGORITHMS: Readonly<Record<string, string>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
const MAX_CHAIN = 8;
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

/** Compact JWS over `canonicalJson(digest)`, signed with the member key, its certificate in `x5c`. */
export async function signMessage(digest: MessageDigest, key: MessageSigningKey): Promise<string> {
  const problem = digestProblem(digest);
  if (problem) throw new TypeError(`not a message digest: ${problem}`);
  const algorithm = key.privateKey.algorithm as EcKeyAlgorithm;
  const alg = algorithm.name === 'ECDSA' ? JWS_ALGORITHMS[algorithm.namedCurve] : undefined;
  if (!alg) throw new TypeError(`message signing needs an ECDSA P-256/P-384/P-521 key, got ${algorithm.name}`);
  // a certificate for another curve would yield signatures nobody can verify; catch it here
  const certificateKey = new X509Certificate(new Uint8Array(key.certificateDer)).publicKey.algorithm as EcKeyAlgorithm;
  if (certificateKey.name !== 'ECDSA' || certificateKey.namedCurve !== algorithm.namedCurve) {
    throw new TypeError('the signing certificate is not for this key');
  }
  return new CompactSign(new TextEncoder().encode(canonicalJson(digest)))
    .setProtectedHeader({ alg, x5c: [Buffer.from(key.certificateDer).toString('base64')] })
    .sign(key.privateKey);
}

/**
 * Never throws for bad input: any failure is `{ ok: false, reason }`. `ok` means the JWS verifies
 * with the x5c leaf's key under the algorithm that key's curve implies, the leaf chains (through
 * any further x5c certificates) to a trusted CA with every certificate valid at the signing time,
 * and the payload is a canonical digest equal to `expected` when given. Revocation is not checked.
 */
export async function verifyMessageSignature(jws: string, options: VerifyMessageOptions): Promise<MessageSignatureVerification> {
  let digest: MessageDigest | undefined;
  try {
    const header = decodeProtectedHeader(jws);
    if (!Array.isArray(header.x5c) || header.x5c.length === 0) return { ok: false, reason: 'the signature carries no x5c certificate' };
    const chain = header.x5c.map((b64) => new X509Certificate(new Uint8Array(Buffer.from(b64, 'base64'))));
    const leaf = chain[0]!;
    const leafKey = leaf.publicKey.algorithm as EcKeyAlgorithm;
    const alg = leafKey.name === 'ECDSA' ? JWS_ALGORITHMS[leafKey.namedCurve] : undefined;
    if (!alg) return { ok: false, reason: `the signing certificate has an unsupported key (${leafKey.name})` };
    const publicKey = await leaf.publicKey.export({ name: 'ECDSA', namedCurve: leafKey.namedCurve }, ['verify']);

    let payload: Uint8Array;
    try {
      // pinning the algorithm to the key's curve leaves no room for algorithm substitution
      ({ payload } = await compactVerify(jws, publicKey, { algorithms: [alg] }));
    } catch {
      return { ok: false, reason: 'the signature does not verify with the certificate key' };
    }

    const text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    const parsed: unknown = JSON.parse(text);
    const problem = digestProblem(parsed);
    if (problem) return { ok: false, reason: `the signed payload is not a message digest: ${problem}` };
    digest = parsed as MessageDigest;
    // only the canonical form is ever signed; anything else was not produced by a gateway
    if (canonicalJson(digest) !== text) return { ok: false, reason: 'the signed payload is not canonical JSON', digest };

    const at = options.at ?? new Date(digest.at);
    const chainProblem = await chainToTrusted(chain, options.trustedCaDer, at);
    if (chainProblem) return { ok: false, reason: chainProblem, digest };
    if (options.expected && canonicalJson(options.expected) !== text) {
      return { ok: false, reason: 'the signed digest differs from the expected one', digest };
    }
    return { ok: true, signer: leaf.subject, digest, certificate: leaf };
  } catch (error) {
    return { ok: false, reason: `the signature could not be read (${error instanceof Error ? error.message : String(error)})`, ...(digest ? { digest } : {}) };
  }
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

/**
 * Walks issuer links from the leaf: each step must be signed by the next certificate, which must
 * be a CA; the walk ends at a trusted CA. Trusted CAs are matched by signature, not just by name,
 * so a look-alike issuer name gets nowhere.
 */
async function chainToTrusted(chain: X509Certificate[], trustedCaDer: Uint8Array[], at: Date): Promise<string | undefined> {
  const trusted = trustedCaDer.map((der) => new X509Certificate(new Uint8Array(der)));
  const intermediates = chain.slice(1);
  const leaf = chain[0]!;
  const usage = leaf.getExtension(KeyUsagesExtension);
  if (usage && (usage.usages & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation)) === 0) {
    return 'the signing certificate is not for digital signatures';
  }
  let current = leaf;
  for (let depth = 0; depth <= MAX_CHAIN; depth++) {
    if (!validAt(current, at)) return `certificate ${current.subject} was not valid at ${at.toISOString()}`;
    for (const anchor of trusted) {
      if (anchor.subject === current.issuer && await signedBy(current, anchor)) {
        return validAt(anchor, at) ? undefined : `trusted CA ${anchor.subject} was not valid at ${at.toISOString()}`;
      }
    }
    let next: X509Certificate | undefined;
    for (const candidate of intermediates) {
      if (candidate.subject === current.issuer && isCa(candidate) && await signedBy(current, candidate)) {
        next = candidate;
        break;
      }
    }
    if (!next) return 'the signing certificate does not chain to a trusted CA';
    current = next;
  }
  return 'the certificate chain is too long';
}

async function signedBy(certificate: X509Certificate, issuer: X509Certificate): Promise<boolean> {
  try {
    return await certificate.verify({ publicKey: issuer, signatureOnly: true });
  } catch {
    return false;
  }
}

function isCa(certificate: X509Certificate): boolean {
  return certificate.getExtension(BasicConstraintsExtension)?.ca === true;
}

function validAt(certificate: X509Certificate, at: Date): boolean {
  return certificate.notBefore.getTime() <= at.getTime() && at.getTime() <= certificate.notAfter.getTime();
}
