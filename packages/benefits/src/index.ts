// SPDX-License-Identifier: Apache-2.0
// @tessera/benefits: every public export by name.
export type {
  Entity, ValueType, Periodicity, ConsentTier, DataSource, InputVariable, Variable, Parameter, ParameterValue, TableValue, Expr, Num, Bool, Programme,
} from './domain/engine/types.ts';
export { CONSENT_TIERS } from './domain/engine/types.ts';
export {
  defineInput, defineVariable, defineParameter, value, param, lookup, periodMonth, add, sub, mul, div, min, max, floor, floorTo,
  lt, le, gt, ge, eq, ne, and, or, not, when, onlyIf, between, sumMembers, countMembers, anyMember, allMembers, household,
} from './domain/engine/dsl.ts';
export { monthIndex, monthOf } from './domain/engine/period.ts';
export type { Graph, GraphNode } from './domain/engine/graph.ts';
export { programmeVariables } from './domain/engine/graph.ts';
export { compileRules } from './domain/engine/compile-rules.ts';
export type { HouseholdCase, MemberCase, InputValues, InputValue, EvaluationOptions } from './domain/engine/case.ts';
export { evaluatePerson, renderExplanation, type Outcome, type Explanation, type MissingInput, type Status } from './domain/engine/evaluate-person.ts';
export { evaluatePopulation } from './domain/engine/evaluate-population.ts';
export { buildColumnarKernel, type ColumnarKernel } from './domain/engine/columnar-kernel.ts';
export { checkPopulation, type Population, type PopulationResult } from './domain/engine/population.ts';
export { populationFromCases } from './domain/engine/population-from-cases.ts';
export { graphToSql, type SqlTables } from './domain/engine/to-sql.ts';
export { writePopulationTables } from './store/population-tables.ts';
export { evaluateInSql } from './store/evaluate-in-sql.ts';
export { startPopulationWorkers, type PopulationWorkers } from './runtime/population-workers.ts';
export { PROGRAMMES, ALL_PROGRAMMES, type ProgrammeId } from './domain/programmes/catalogue.ts';
export { type ProgrammeTestCase, member } from './domain/programmes/test-case.ts';
export { KOREAN_CASES } from './domain/programmes/kr/korean.cases.ts';
export { ESTONIAN_CASES } from './domain/programmes/ee/estonian.cases.ts';
export { runProgrammeTests, type TestCaseResult } from './store/run-programme-tests.ts';
export { tiersUpTo, isConsentTier } from './domain/proactive/consent-tiers.ts';
export type { AgencyPort, AgencyRequest, AgencyAnswer } from './domain/proactive/agency-data.ts';
export {
  BenefitsError, benefitsErrors,
  RuleError, RuleCycle, RuleTypeError, RuleEntityError, RulePeriodError, ParameterMissing, RuleDivisor, RuleDuplicate, GraphNodeUnsupported, PeerEngineUnsupported,
  InvalidPeriod, PopulationInvalid, InputInvalid,
  ConsentRequired, OfferNotFound, OfferNotEligible, ApplicationExists, PushSubscriptionInvalid, NotificationPreferencesInvalid, CertificateRefused, CertificateNotExpected,
  CitizenAssertionRefused, CitizenAssertionReplayed,
  AgencyAnswerInvalid, AgencyUnavailable, PushSubscriptionGone, NotificationUndeliverable, NotificationDeliveryFailed, PushMessageMalformed, VerifierAnswerInvalid,
} from './benefits-errors.ts';
export type { BenefitsDeps, ApplicationPort, ApplicationToSend } from './store/benefits-deps.ts';
export { benefitsMigrations } from './store/migrations.ts';
export { chooseConsent, type ConsentReceipt } from './store/choose-consent.ts';
export { reevaluatePerson, type Reevaluation } from './store/reevaluate-person.ts';
export { recordLifeEvent, processLifeEvents, LIFE_EVENT_TYPES, type LifeEventType } from './store/life-events.ts';
export { runPeriodicEvaluation, type PeriodicRunReport } from './store/run-periodic-evaluation.ts';
export { periodicRunDue } from './store/periodic-run-due.ts';
export { applyForOffer, sendPendingApplications } from './store/apply-for-offer.ts';
export { declareHousePrice } from './store/declare-house-price.ts';
export { personOverview, type PersonOverview } from './store/person-overview.ts';
export { registerBenefitsPages, type BenefitsRouteOptions } from './http/benefits-routes.ts';
export { registerBenefitsSignIn, BENEFITS_SESSION_COOKIE, BENEFITS_SIGN_IN_PATH, type BenefitsSignInOptions } from './http/citizen-sign-in.ts';
export { registerLifeEventService } from './http/life-event-route.ts';
export { syntheticPopulation } from './domain/population/synthetic-population.ts';
export { previewProgramme, type ProgrammePreview } from './domain/proactive/preview-programme.ts';
export { registerPolicyConsole, BENEFITS_PERMISSIONS, BENEFITS_ROLES } from './http/policy-console.ts';
export { CHANNELS, DEFAULT_PREFERENCES, KNOWN_PUSH_SERVICES, readPreferences, checkPushSubscription, type Channel, type NotificationPreferences } from './domain/proactive/notification-preferences.ts';
export { releaseAt, isTimeZone, type QuietHours } from './domain/proactive/quiet-hours.ts';
export type { PushSender, PushMessage, SmsOperator, NotificationChannels } from './store/notification-ports.ts';
export { setNotificationPreferences, preferencesOf } from './store/set-notification-preferences.ts';
export { subscribePush, unsubscribePush } from './store/subscribe-push.ts';
export { deliverPendingNotifications, type NotificationDeliveryReport } from './store/deliver-notifications.ts';
export { webPushSender, generateVapidKeys, type VapidKeys } from './http/web-push-sender.ts';
export { smsOperatorClient } from './http/sms-operator-client.ts';
export { acceptHouseholdCertificate, type HouseholdCertificate, type CertificateOutcome, type VerifiedCredential } from './domain/proactive/household-certificate.ts';
export type { CertificateVerifier } from './store/certificate-port.ts';
export { requestCertificate, recordPresentedCertificate } from './store/present-certificate.ts';
export { verifierClient } from './http/verifier-client.ts';
export { checkDraft, draftValues, programmeParameters, type DraftChange, type ProgrammeParameter } from './domain/proactive/programme-draft.ts';
export { saveProgrammeDraft, discardProgrammeDraft, programmeDraft } from './store/programme-drafts.ts';
