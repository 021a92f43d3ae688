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

/** A push subscription that is not a browser's: an endpoint off the allowed push services, or keys of the wrong shape (RFC 8291 §3). */
export class PushSubscriptionInvalid extends BenefitsError {
  static override code = 'ERR_PUSH_SUBSCRIPTION_INVALID';
  override code = PushSubscriptionInvalid.code;
  override status = 400;
}

/** Notification choices that cannot be kept: an unknown time zone, a malformed time, SMS without a phone number. */
export class NotificationPreferencesInvalid extends BenefitsError {
  static override code = 'ERR_NOTIFICATION_PREFERENCES_INVALID';
  override code = NotificationPreferencesInvalid.code;
  override status = 400;
}

/** The push service says the subscription no longer exists (404 or 410, RFC 8030 §7.3). */
export class PushSubscriptionGone extends BenefitsError {
  static override code = 'ERR_PUSH_SUBSCRIPTION_GONE';
  override code = PushSubscriptionGone.code;
  override status = 410;
}

/** A push service or SMS operator refused a message for good (e.g. 400, 401, 413): it is not retried. */
export class NotificationUndeliverable extends BenefitsError {
  static override code = 'ERR_NOTIFICATION_UNDELIVERABLE';
  override code = NotificationUndeliverable.code;
  override status = 502;
}

/** The certificate presented is not the applicant's household register (another person, another type or issuer, refused by the verifier). */
export class CertificateRefused extends BenefitsError {
  static override code = 'ERR_CERTIFICATE_REFUSED';
  override code = CertificateRefused.code;
  override status = 409;
}

/** This application does not wait for a certificate (none needed, already presented, or not the person's). */
export class CertificateNotExpected extends BenefitsError {
  static override code = 'ERR_CERTIFICATE_NOT_EXPECTED';
  override code = CertificateNotExpected.code;
  override status = 409;
}

/** The portal's citizen assertion is not good here: forged, of another key or type, for another part, expired, or not for this browser's sign-in. */
export class CitizenAssertionRefused extends BenefitsError {
  static override code = 'ERR_CITIZEN_ASSERTION_REFUSED';
  override code = CitizenAssertionRefused.code;
  override status = 401;
}

/** The portal's citizen assertion was already redeemed: each starts at most one session. */
export class CitizenAssertionReplayed extends BenefitsError {
  static override code = 'ERR_CITIZEN_ASSERTION_REPLAYED';
  override code = CitizenAssertionReplayed.code;
  override status = 401;
}
