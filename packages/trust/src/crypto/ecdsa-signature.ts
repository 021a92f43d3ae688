// SPDX-License-Identifier: Apache-2.0
// CMS carries ECDSA signatures as DER ECDSA-Sig-Value (RFC 5753 §7.2); WebCrypto and most key
// stores produce and consume IEEE P1363 (r || s, each padded to the curve size).
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { AsnEcSignatureFormatter } from '@peculiar/x509';
import { SignatureMalformed } from '../trust-errors.ts';

export type EcCurve = 'P-256' | 'P-384';

const COORDINATE_BYTES: Record<EcCurve, number> = { 'P-256': 32, 'P-384': 48 };
const formatter = new AsnEcSignatureFormatter();

export function p1363ToDer(curve: EcCurve, signature: Uint8Array): Uint8Array<ArrayBuffer> {
  // the formatter slices blindly, so a wrong-length signature would be silently truncated
  if (signature.length !== 2 * COORDINATE_BYTES[curve]) {
    throw new SignatureMalformed(`The signer returned ${signature.length} bytes; an IEEE P1363 ${curve} signature is ${2 * COORDINATE_BYTES[curve]}.`);
  }
  const der = formatter.toAsnSignature({ name: 'ECDSA', namedCurve: curve } as Algorithm, new Uint8Array(signature));
  if (!der) throw new SignatureMalformed();
  return new Uint8Array(der);
}

export function derToP1363(namedCurve: string, signature: Uint8Array): Uint8Array<ArrayBuffer> {
  const raw = formatter.toWebSignature({ name: 'ECDSA', namedCurve } as Algorithm, new Uint8Array(signature));
  if (!raw) throw new SignatureMalformed();
  return new Uint8Array(raw);
}

/**
 * A DER ECDSA-Sig-Value from a signer: asked for directly when the signer can give it (node:crypto
 * encodes it for free), converted from its P1363 answer otherwise.
 */
export async function signEcdsaDer(
  signer: { sign(data: Uint8Array): Promise<Uint8Array>; signDer?(data: Uint8Array): Promise<Uint8Array> }, curve: EcCurve, data: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  if (signer.signDer) return new Uint8Array(await signer.signDer(data));
  return p1363ToDer(curve, await signer.sign(data));
}
