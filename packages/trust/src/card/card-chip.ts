// SPDX-License-Identifier: Apache-2.0
import { generateKeyPair as generateNodeKeyPair, sign as nodeSign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { ConditionsNotSatisfied, PinBlocked, PinFormat, PinWrong, PukBlocked, SecurityStatusNotSatisfied } from '../trust-errors.ts';
import { MAX_TRIES, pinFormatProblem, type PinReference } from './pin-rules.ts';

export type KeySlot = 'authentication' | 'signing';

/** Which PIN guards which key: PIN1 authentication, PIN2 the qualified signature. */
const PIN_FOR: Record<KeySlot, 'PIN1' | 'PIN2'> = { authentication: 'PIN1', signing: 'PIN2' };

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-384' } as const;
const newKeyPair = promisify(generateNodeKeyPair);
const signWith = promisify(nodeSign);

interface PinState {
  value: string;
  triesLeft: number;
}

/**
 * An emulated ID-card chip with the behaviour of the real applet: key pairs generated on the
 * chip (the private keys never leave it: no command returns them), PIN1 for authentication,
 * PIN2 for signing, a PUK to unblock; three wrong tries block a PIN; a signature needs PIN2
 * every time while authentication stays open for the session after PIN1. Personalisation
 * commands work only until the chip is locked, as on a card leaving the printer bureau.
 */
export class CardChip {
  readonly chipId: string;
  #locked = false;
  #keys = new Map<KeySlot, { privateKey: KeyObject; publicKey: KeyObject }>();
  #certificates = new Map<KeySlot, Uint8Array>();
  #pins = new Map<PinReference, PinState>();
  #verified = new Set<PinReference>();
  #documentNumber: string | null = null;

  private constructor(chipId: string) {
    this.chipId = chipId;
  }

  /** A blank chip as delivered to the personalisation bureau. */
  static blank(chipId: string): CardChip {
    return new CardChip(chipId);
  }

  get locked(): boolean {
    return this.#locked;
  }

  get documentNumber(): string | null {
    return this.#documentNumber;
  }

  // --- personalisation (before lock) ---

  /** Generates a P-384 key pair on the chip and returns only the public key. */
  async generateKeyPair(slot: KeySlot): Promise<CryptoKey> {
    return crypto.subtle.importKey('spki', await this.generateKeyPairInfo(slot), EC_KEY, true, ['verify']);
  }

  /**
   * {@link generateKeyPair}, answering with the public key as DER SubjectPublicKeyInfo, the bytes
   * a certificate carries (as a real chip answers GENERATE KEY PAIR with the key's bytes): the
   * bureau puts them straight into the certificates, with no CryptoKey to make and export.
   */
  async generateKeyPairInfo(slot: KeySlot): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array((await this.#generate(slot)).export({ type: 'spki', format: 'der' }));
  }

  async #generate(slot: KeySlot): Promise<KeyObject> {
    this.#requireUnlocked();
    // node:crypto on the thread pool: the same key generation as WebCrypto's, without its per-call wrapping on the main thread
    const pair = await newKeyPair('ec', { namedCurve: 'secp384r1' });
    this.#keys.set(slot, pair);
    return pair.publicKey;
  }

  writeCertificate(slot: KeySlot, der: Uint8Array): void {
    this.#requireUnlocked();
    if (!this.#keys.has(slot)) throw new ConditionsNotSatisfied(`No ${slot} key on the chip yet.`);
    this.#certificates.set(slot, new Uint8Array(der));
  }

  writeDocumentNumber(documentNumber: string): void {
    this.#requireUnlocked();
    this.#documentNumber = documentNumber;
  }

  setPins(pins: { PIN1: string; PIN2: string; PUK: string }): void {
    this.#requireUnlocked();
    for (const ref of ['PIN1', 'PIN2', 'PUK'] as const) {
      const problem = pinFormatProblem(ref, pins[ref]);
      if (problem) throw new PinFormat(problem);
    }
    for (const ref of ['PIN1', 'PIN2', 'PUK'] as const) this.#pins.set(ref, { value: pins[ref], triesLeft: MAX_TRIES });
  }

  /** Ends personalisation; from now on only the holder's commands work. */
  lock(): void {
    this.#requireUnlocked();
    if (this.#keys.size !== 2 || this.#certificates.size !== 2 || this.#pins.size !== 3 || !this.#documentNumber) {
      throw new ConditionsNotSatisfied('Personalisation is incomplete: two keys, two certificates, three PINs and a document number are needed.');
    }
    this.#locked = true;
  }

  // --- the holder's commands (after lock) ---

  readCertificate(slot: KeySlot): Uint8Array {
    const der = this.#certificates.get(slot);
    if (!der) throw new ConditionsNotSatisfied(`No ${slot} certificate on the chip.`);
    return new Uint8Array(der);
  }

  triesLeft(ref: PinReference): number {
    return this.#pin(ref).triesLeft;
  }

  /** VERIFY: a right PIN resets the counter; a wrong one counts down and blocks at zero. */
  verifyPin(ref: 'PIN1' | 'PIN2', pin: string): void {
    this.#requireLocked();
    this.#check(ref, pin);
    this.#verified.add(ref);
  }

  /** INTERNAL AUTHENTICATE: signs a challenge with the authentication key; needs PIN1 in this session. */
  async authenticate(challenge: Uint8Array): Promise<Uint8Array> {
    return this.#sign('authentication', challenge);
  }

  /** COMPUTE DIGITAL SIGNATURE: needs PIN2, which is used up by the signature. */
  async sign(data: Uint8Array): Promise<Uint8Array> {
    try {
      return await this.#sign('signing', data);
    } finally {
      this.#verified.delete('PIN2');
    }
  }

  changePin(ref: PinReference, current: string, next: string): void {
    this.#requireLocked();
    const problem = pinFormatProblem(ref, next);
    if (problem) throw new PinFormat(problem);
    this.#check(ref, current);
    this.#pin(ref).value = next;
  }

  /** RESET RETRY COUNTER with the PUK: sets a new PIN and unblocks it. */
  unblockPin(ref: 'PIN1' | 'PIN2', puk: string, next: string): void {
    this.#requireLocked();
    const problem = pinFormatProblem(ref, next);
    if (problem) throw new PinFormat(problem);
    this.#check('PUK', puk);
    const pin = this.#pin(ref);
    pin.value = next;
    pin.triesLeft = MAX_TRIES;
  }

  /** The card left the reader: verified PINs are forgotten. */
  reset(): void {
    this.#verified.clear();
  }

  async #sign(slot: KeySlot, data: Uint8Array): Promise<Uint8Array> {
    this.#requireLocked();
    const ref = PIN_FOR[slot];
    if (this.#pin(ref).triesLeft === 0) throw new PinBlocked(ref);
    if (!this.#verified.has(ref)) throw new SecurityStatusNotSatisfied(ref);
    const key = this.#keys.get(slot)!.privateKey;
    // IEEE P1363 (r ‖ s), as WebCrypto answers and the callers expect
    return new Uint8Array(await signWith('sha384', new Uint8Array(data), { key, dsaEncoding: 'ieee-p1363' }));
  }

  #check(ref: PinReference, pin: string): void {
    const state = this.#pin(ref);
    if (state.triesLeft === 0) throw ref === 'PUK' ? new PukBlocked() : new PinBlocked(ref);
    if (!constantTimeEqual(state.value, pin)) {
      state.triesLeft -= 1;
      this.#verified.delete(ref);
      if (state.triesLeft === 0) throw ref === 'PUK' ? new PukBlocked() : new PinBlocked(ref);
      throw new PinWrong(state.triesLeft);
    }
    state.triesLeft = MAX_TRIES;
  }

  #pin(ref: PinReference): PinState {
    const state = this.#pins.get(ref);
    if (!state) throw new ConditionsNotSatisfied('The chip has no PINs yet.');
    return state;
  }

  #requireUnlocked(): void {
    if (this.#locked) throw new ConditionsNotSatisfied('The chip is personalised; personalisation commands are closed.');
  }

  #requireLocked(): void {
    if (!this.#locked) throw new ConditionsNotSatisfied('The chip is not personalised yet.');
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
