// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from '@tessera/platform';

/** Errors a card applet answers with; the codes mirror the ISO 7816-4 status words they stand for. */
export class CardError extends TesseraError {
  static override code = 'ERR_CARD';
  override code = CardError.code;
  override status = 400;
}

/** Wrong PIN; `triesLeft` as in SW 63Cx. */
export class PinWrong extends CardError {
  static override code = 'ERR_PIN_WRONG';
  override code = PinWrong.code;
  readonly triesLeft: number;
  constructor(triesLeft: number) {
    super(`Wrong PIN. ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left.`, { extensions: { triesLeft } });
    this.triesLeft = triesLeft;
  }
}

/** PIN blocked after three wrong tries (SW 6983); unblock with the PUK. */
export class PinBlocked extends CardError {
  static override code = 'ERR_PIN_BLOCKED';
  override code = PinBlocked.code;
  override status = 423;
  constructor(which: string) {
    super(`${which} is blocked. Unblock it with the PUK.`);
  }
}

/** PUK blocked: the card cannot be unblocked any more; the holder needs a new card. */
export class PukBlocked extends CardError {
  static override code = 'ERR_PUK_BLOCKED';
  override code = PukBlocked.code;
  override status = 423;
  constructor() {
    super('The PUK is blocked. A new card is needed.');
  }
}

/** The operation needs a PIN that has not been verified (SW 6982). */
export class SecurityStatusNotSatisfied extends CardError {
  static override code = 'ERR_SECURITY_STATUS_NOT_SATISFIED';
  override code = SecurityStatusNotSatisfied.code;
  override status = 403;
  constructor(which: string) {
    super(`Enter ${which} first.`);
  }
}

/** Personalisation commands after the card was locked, or use before it was (SW 6985). */
export class ConditionsNotSatisfied extends CardError {
  static override code = 'ERR_CARD_LIFECYCLE';
  override code = ConditionsNotSatisfied.code;
  override status = 409;
}

export class PinFormat extends CardError {
  static override code = 'ERR_PIN_FORMAT';
  override code = PinFormat.code;
}
