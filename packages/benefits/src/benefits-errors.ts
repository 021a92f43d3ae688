// SPDX-License-Identifier: Apache-2.0
// Every error the proactive benefits service raises on purpose, from one table (see platform's
// defineErrors): the rules engine's compile-time refusals, the service's own refusals, and the
// failures of the parties it calls (agencies, push services, SMS operators, the verifier).
import { TesseraError, defineErrors, type TesseraErrorOptions } from '@tessera/platform';

/** Base of the benefits service's errors; each has a stable code and an HTTP status. */
export class BenefitsError extends TesseraError {
  static override code = 'ERR_BENEFITS';
  /** For a rule refused at compile time: the variable (and path) at fault. */
  readonly where: string | undefined;
  constructor(message: string, options?: TesseraErrorOptions) {
    super(message, options);
    const where = options?.extensions?.where;
    this.where = typeof where === 'string' ? where : undefined;
  }
}

// A rule refused at compile time: the message and where it is, kept as the `where` member.
const rule = { status: 422, parent: 'RuleError', message: (message: string, _where: string) => message, extensions: (_message: string, where: string) => ({ where }) } as const;

export const benefitsErrors = defineErrors(BenefitsError, {
  // the rules engine
  RuleError: { code: 'ERR_RULE', status: 422, message: (message: string, _where: string) => message, extensions: (_message: string, where: string) => ({ where }) },
  /** Variables that depend on themselves, directly or through others. */
  RuleCycle: { code: 'ERR_RULE_CYCLE', ...rule },
  /** A value of the wrong type (a number where a condition is needed, and so on). */
  RuleTypeError: { code: 'ERR_RULE_TYPE', ...rule },
  /** A person value used in a household rule, or the reverse, without aggregation or `household()`. */
  RuleEntityError: { code: 'ERR_RULE_ENTITY', ...rule },
  /** A yearly rule reading a monthly value, or a negative lag. */
  RulePeriodError: { code: 'ERR_RULE_PERIOD', ...rule },
  /** A parameter with no value in force for the evaluated period. */
  ParameterMissing: { code: 'ERR_PARAMETER_MISSING', ...rule },
  /** Division by something other than a non-zero constant or parameter. */
  RuleDivisor: { code: 'ERR_RULE_DIVISOR', ...rule },
  /** Two different rules under one id. */
  RuleDuplicate: { code: 'ERR_RULE_DUPLICATE', ...rule },
  /** A node of the compiled graph a runner has no case for: a runner lagging behind the graph's node kinds. */
  GraphNodeUnsupported: { code: 'ERR_GRAPH_NODE_UNSUPPORTED', status: 500, message: (runner: string, kind: string) => `The ${runner} cannot run a ${kind} node.` },
  /** What the peer engines the bench compares with (publicodes, json-logic-js) cannot be given as they are written for it. */
  PeerEngineUnsupported: { code: 'ERR_PEER_ENGINE_UNSUPPORTED', status: 500, message: (what: string) => `The peer engines cannot run ${what}.` },
  /** A period that is not YYYY-MM. */
  InvalidPeriod: { code: 'ERR_PERIOD_INVALID', status: 400, message: 'Not a month period (YYYY-MM).' },
  /** Population data that does not fit the graph (a column missing or of the wrong length). */
  PopulationInvalid: { code: 'ERR_POPULATION_INVALID', status: 400, message: 'The population does not fit the rules.' },
  /** An input value of the wrong type (a string for a number, a bad month). */
  InputInvalid: { code: 'ERR_INPUT_INVALID', status: 400, message: 'An input value is of the wrong type.' },
  // the service's refusals
  /** The person has not opted in (or withdrew): nothing of theirs is fetched or evaluated. */
  ConsentRequired: { code: 'ERR_CONSENT_REQUIRED', status: 409, message: 'Opt in to proactive benefits first.' },
  /** No offer with this id belongs to the signed-in person. */
  OfferNotFound: { code: 'ERR_OFFER_NOT_FOUND', status: 404, message: 'No such offer.' },
  /** Only an offer the rules found eligible can be applied for in one step. */
  OfferNotEligible: { code: 'ERR_OFFER_NOT_ELIGIBLE', status: 409, message: 'Only an eligible offer can be applied for.' },
  /** This offer was already applied for. */
  ApplicationExists: { code: 'ERR_APPLICATION_EXISTS', status: 409, message: 'This offer was already applied for.' },
  /** A push subscription that is not a browser's: an endpoint off the allowed push services, or keys of the wrong shape (RFC 8291 §3). */
  PushSubscriptionInvalid: { code: 'ERR_PUSH_SUBSCRIPTION_INVALID', status: 400, message: 'The push subscription is not valid.' },
  /** Notification choices that cannot be kept: an unknown time zone, a malformed time, SMS without a phone number. */
  NotificationPreferencesInvalid: { code: 'ERR_NOTIFICATION_PREFERENCES_INVALID', status: 400, message: 'These notification choices cannot be kept.' },
  /** The certificate presented is not the applicant's household register (another person, another type or issuer, refused by the verifier). */
  CertificateRefused: { code: 'ERR_CERTIFICATE_REFUSED', status: 409, message: 'The certificate presented is not the applicant’s household register.' },
  /** This application does not wait for a certificate (none needed, already presented, or not the person's). */
  CertificateNotExpected: { code: 'ERR_CERTIFICATE_NOT_EXPECTED', status: 409, message: 'This application does not wait for a certificate.' },
  /** The portal's citizen assertion is not good here: forged, of another key or type, for another part, expired, or not for this browser's sign-in. */
  CitizenAssertionRefused: { code: 'ERR_CITIZEN_ASSERTION_REFUSED', status: 401, message: 'The citizen portal’s sign-in could not be checked. Sign in again.' },
  /** The portal's citizen assertion was already redeemed: each starts at most one session. */
  CitizenAssertionReplayed: { code: 'ERR_CITIZEN_ASSERTION_REPLAYED', status: 401, message: 'This sign-in was already used. Sign in again.' },
  // the parties the service calls
  /** An agency's answer did not have the shape or types its inputs need: nothing of it is used. */
  AgencyAnswerInvalid: { code: 'ERR_AGENCY_ANSWER_INVALID', status: 502, message: 'An agency’s answer does not have the expected shape.' },
  /** An agency or its application intake could not answer now: the evaluation or application is tried again later. */
  AgencyUnavailable: { code: 'ERR_AGENCY_UNAVAILABLE', status: 503, message: (what: string) => `The ${what} is unavailable.` },
  /** The push service says the subscription no longer exists (404 or 410, RFC 8030 §7.3). */
  PushSubscriptionGone: { code: 'ERR_PUSH_SUBSCRIPTION_GONE', status: 410, message: 'The push subscription is gone.' },
  /** A push service or SMS operator refused a message for good (e.g. 400, 401, 413): it is not retried. */
  NotificationUndeliverable: { code: 'ERR_NOTIFICATION_UNDELIVERABLE', status: 502, message: 'The message was refused for good.' },
  /** A push service or SMS operator failed for now (5xx, 408, 429): the message is tried again. */
  NotificationDeliveryFailed: { code: 'ERR_NOTIFICATION_DELIVERY_FAILED', status: 502, message: (channel: string, status: number) => `The ${channel} answered ${status}; the message is tried again.` },
  /** A Web Push message that is not one aes128gcm record for a P-256 key (RFC 8188 §2, RFC 8291 §4). */
  PushMessageMalformed: { code: 'ERR_PUSH_MESSAGE_MALFORMED', status: 400, message: 'The push message is not one aes128gcm record for a P-256 key.' },
  /** The verifier failed or answered something that is not its API's shape: nothing is read from it. */
  VerifierAnswerInvalid: { code: 'ERR_VERIFIER_ANSWER_INVALID', status: 502, message: 'The verifier’s answer is not of its API’s shape.' },
});

export const {
  RuleError, RuleCycle, RuleTypeError, RuleEntityError, RulePeriodError, ParameterMissing, RuleDivisor, RuleDuplicate, GraphNodeUnsupported, PeerEngineUnsupported,
  InvalidPeriod, PopulationInvalid, InputInvalid,
  ConsentRequired, OfferNotFound, OfferNotEligible, ApplicationExists, PushSubscriptionInvalid, NotificationPreferencesInvalid, CertificateRefused, CertificateNotExpected,
  CitizenAssertionRefused, CitizenAssertionReplayed,
  AgencyAnswerInvalid, AgencyUnavailable, PushSubscriptionGone, NotificationUndeliverable, NotificationDeliveryFailed, PushMessageMalformed, VerifierAnswerInvalid,
} = benefitsErrors;
