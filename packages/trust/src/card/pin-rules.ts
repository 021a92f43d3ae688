// SPDX-License-Identifier: Apache-2.0

export type PinReference = 'PIN1' | 'PIN2' | 'PUK';

/** Lengths as on the Estonian ID card: PIN1 4–12, PIN2 5–12, PUK 8–12 digits. */
export const PIN_LENGTHS: Record<PinReference, { min: number; max: number }> = {
  PIN1: { min: 4, max: 12 },
  PIN2: { min: 5, max: 12 },
  PUK: { min: 8, max: 12 },
};

/** Three wrong tries block a PIN (DOMAIN.md: the PUK unblocks a PIN after 3 wrong tries). */
export const MAX_TRIES = 3;

export function pinFormatProblem(which: PinReference, pin: string): string | null {
  const { min, max } = PIN_LENGTHS[which];
  if (!/^\d+$/.test(pin)) return `${which} must be digits only.`;
  if (pin.length < min || pin.length > max) return `${which} must be ${min}–${max} digits.`;
  return null;
}

/** Random PINs for the envelope, digits drawn without modulo bias. */
export function randomPin(length: number, randomBytes: (n: number) => Uint8Array): string {
  let pin = '';
  while (pin.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 250 && pin.length < length) pin += String(b % 10);
    }
  }
  return pin;
}
