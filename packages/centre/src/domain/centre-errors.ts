// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from '@tessera/platform';

/** Base of the centre's own errors; each has a stable code and an HTTP status for `http/`. */
export class CentreError extends TesseraError {
  static override code = 'ERR_CENTRE';
  override code = CentreError.code;
}

/** The authority suspended this centre: none of its staff is served until it is reinstated. */
export class CentreSuspendedByAuthority extends CentreError {
  static override code = 'ERR_CENTRE_SUSPENDED';
  override code = CentreSuspendedByAuthority.code;
  override status = 403;
}

/** The operator typed or scanned a document number that no shipment to their centre announced. */
export class CardNotExpected extends CentreError {
  static override code = 'ERR_CARD_NOT_EXPECTED';
  override code = CardNotExpected.code;
  override status = 404;
}

/** The card was already received (or reported missing or damaged): a second scan changes nothing. */
export class CardAlreadyReceived extends CentreError {
  static override code = 'ERR_CARD_ALREADY_RECEIVED';
  override code = CardAlreadyReceived.code;
  override status = 409;
}

/** The card is not in this centre's stock in a state that allows the step. */
export class CardNotInStock extends CentreError {
  static override code = 'ERR_CARD_NOT_IN_STOCK';
  override code = CardNotInStock.code;
  override status = 409;
}

/** The slot is not one the centre offers, is in the past, or is full. */
export class SlotUnavailable extends CentreError {
  static override code = 'ERR_SLOT_UNAVAILABLE';
  override code = SlotUnavailable.code;
  override status = 409;
}

/** The handover needs an appointment of this centre that is open now. */
export class NoOpenAppointment extends CentreError {
  static override code = 'ERR_NO_OPEN_APPOINTMENT';
  override code = NoOpenAppointment.code;
  override status = 403;
}

/** A handover step was attempted out of order, or after the handover stopped or completed. */
export class HandoverStepRefused extends CentreError {
  static override code = 'ERR_HANDOVER_STEP_REFUSED';
  override code = HandoverStepRefused.code;
  override status = 409;
}

/** A manifest names another centre, or a card already announced under another shipment. */
export class ManifestRejected extends CentreError {
  static override code = 'ERR_MANIFEST_REJECTED';
  override code = ManifestRejected.code;
  override status = 422;
}

/** An uncollected card may be returned or destroyed only once its collection deadline has passed. */
export class CollectionPeriodOpen extends CentreError {
  static override code = 'ERR_COLLECTION_PERIOD_OPEN';
  override code = CollectionPeriodOpen.code;
  override status = 409;
}

/** A return or destruction needs a second person of the same centre as witness, not the supervisor themself. */
export class WitnessRequired extends CentreError {
  static override code = 'ERR_WITNESS_REQUIRED';
  override code = WitnessRequired.code;
  override status = 400;
}
