// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from '@tessera/platform';

/** The calling exchange subsystem is not a partner centre of the authority. */
export class NotACentre extends TesseraError {
  static override code = 'ERR_NOT_A_CENTRE';
  override code = NotACentre.code;
  override status = 403;
}

/** The partner centre is suspended by the authority: none of its calls are served. */
export class CentreSuspended extends TesseraError {
  static override code = 'ERR_CENTRE_SUSPENDED';
  override code = CentreSuspended.code;
  override status = 403;
}

/** The card is not at this centre in a state that allows the step (not arrived, missing, handed over…). */
export class CardNotAtCentre extends TesseraError {
  static override code = 'ERR_CARD_NOT_AT_CENTRE';
  override code = CardNotAtCentre.code;
  override status = 404;
}

/** A custody report does not follow the card's chain of custody. */
export class CustodyOutOfOrder extends TesseraError {
  static override code = 'ERR_CUSTODY_OUT_OF_ORDER';
  override code = CustodyOutOfOrder.code;
  override status = 409;
}
