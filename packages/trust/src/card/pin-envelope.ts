// SPDX-License-Identifier: Apache-2.0
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { PinEnvelopeUnreadable } from '../trust-errors.ts';
import { randomPin } from './pin-rules.ts';

export interface Pins {
  PIN1: string;
  PIN2: string;
  PUK: string;
}

/** The digital counterpart of the sealed paper PIN envelope: only the opening code reveals the PINs. */
export interface SealedPinEnvelope {
  envelopeId: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * Chooses the card's PINs and seals them. The authority keeps only the sealed envelope; the
 * opening code (80 bits, printed on the card carrier handed over in person) goes to the holder,
 * so nobody along the way — bureau, courier, partner centre — can read the PINs.
 */
export function issuePinEnvelope(envelopeId: string, randomBytes: (n: number) => Uint8Array): { pins: Pins; sealed: SealedPinEnvelope; openingCode: string } {
  const pins: Pins = { PIN1: randomPin(4, randomBytes), PIN2: randomPin(5, randomBytes), PUK: randomPin(8, randomBytes) };
  const openingCode = [...randomBytes(16)].map((b) => ALPHABET[b % 32]).join('').replace(/(.{4})(?=.)/g, '$1-');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', envelopeKey(openingCode, envelopeId), iv);
  cipher.setAAD(Buffer.from(envelopeId));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(pins), 'utf8'), cipher.final()]);
  return {
    pins,
    openingCode,
    sealed: { envelopeId, iv: Buffer.from(iv).toString('base64url'), ciphertext: ciphertext.toString('base64url'), tag: cipher.getAuthTag().toString('base64url') },
  };
}

export function openPinEnvelope(sealed: SealedPinEnvelope, openingCode: string): Pins {
  try {
    const decipher = createDecipheriv('aes-256-gcm', envelopeKey(openingCode.toUpperCase(), sealed.envelopeId), Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(sealed.envelopeId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Pins;
  } catch {
    throw new PinEnvelopeUnreadable();
  }
}

function envelopeKey(openingCode: string, envelopeId: string): Buffer {
  // The code already has 80 bits of entropy, so HKDF (not a slow password hash) is the right tool.
  return Buffer.from(hkdfSync('sha256', openingCode.replace(/-/g, ''), envelopeId, 'tessera pin envelope v1', 32));
}
