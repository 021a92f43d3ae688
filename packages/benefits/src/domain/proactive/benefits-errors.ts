// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from '@tessera/platform';

/** Base of the proactive service's errors; each has a stable code and an HTTP status. */
export class BenefitsError extends TesseraError {
  static override code = 'ERR_BENEFITS';
  override code: string = BenefitsError.code;
}

/** The person has not opted in (or withdrew): nothing of theirs is fetched or evaluated. */
export class ConsentRequired extends BenefitsError {
  static override code = 'ERR_CONSENT_REQUIRED';
  override code = ConsentRequired.code;
  override status = 409;
}

/** No offer with this id belongs to the signed-in person. */
export class OfferNotFound extends BenefitsError {
  static override code = 'ERR_OFFER_NOT_FOUND';
  override code = OfferNotFound.code;
  override status = 404;
}

/** Only an offer the rules found eligible can be applied for in one step. */
export class OfferNotEligible extends BenefitsError {
  static override code = 'ERR_OFFER_NOT_ELIGIBLE';
  override code = OfferNotEligible.code;
  override status = 409;
}

/** This offer was already applied for. */
export class ApplicationExists extends BenefitsError {
  static override code = 'ERR_APPLICATION_EXISTS';
  override code = ApplicationExists.code;
  override status = 409;
}

/** An agency's answer did not have the shape or types its inputs need: nothing of it is used. */
export class AgencyAnswerInvalid extends BenefitsError {
  static override code = 'ERR_AGENCY_ANSWER_INVALID';
  override code = AgencyAnswerInvalid.code;
  override status = 502;
}
