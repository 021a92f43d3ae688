// SPDX-License-Identifier: Apache-2.0
// Every error the authority raises on purpose, from one table (see platform's defineErrors). The
// codes are stable: partner centres and the console branch on them.
import { TesseraError, defineErrors } from '@tessera/platform';

/** Base of the authority's errors. */
export class AuthorityError extends TesseraError {
  static override code = 'ERR_AUTHORITY';
}

export const authorityErrors = defineErrors(AuthorityError, {
  // applications
  /** The second approval of a flagged application must come from a different officer. */
  FourEyesRequired: { code: 'ERR_FOUR_EYES_REQUIRED', status: 409, message: () => 'A flagged application needs a second officer: you gave the first approval.' },
  // payments: the provider is outside the state's systems
  /** A webhook that is not provably from the provider, or not an event we know. */
  PaymentWebhookRejected: { code: 'ERR_PAYMENT_WEBHOOK_REJECTED', status: 400, message: 'The payment webhook is rejected.' },
  /** The provider refused or could not be reached; the caller keeps its state for a retry. */
  PaymentProviderUnavailable: { code: 'ERR_PAYMENT_PROVIDER_UNAVAILABLE', status: 502, message: 'The payment provider is unavailable.' },
  /** The matcher could not give a usable answer: the handover cannot go on without one. */
  BiometricMatcherUnavailable: { code: 'ERR_BIOMETRIC_MATCHER_UNAVAILABLE', status: 503, message: 'The biometric matcher is unavailable.' },
  // partner centres
  /** The calling exchange subsystem is not a partner centre of the authority. */
  NotACentre: { code: 'ERR_NOT_A_CENTRE', status: 403, message: 'The caller is not a collection centre.' },
  /** The partner centre is suspended by the authority: none of its calls are served. */
  CentreSuspended: { code: 'ERR_CENTRE_SUSPENDED', status: 403, message: 'This centre is suspended by the authority.' },
  /** The card is not at this centre in a state that allows the step (not arrived, missing, handed over…). */
  CardNotAtCentre: { code: 'ERR_CARD_NOT_AT_CENTRE', status: 404, message: 'No card for this reference waits at this centre.' },
  /** A custody report does not follow the card's chain of custody. */
  CustodyOutOfOrder: { code: 'ERR_CUSTODY_OUT_OF_ORDER', status: 409, message: 'The report does not follow the card\'s chain of custody.' },
  /** A centre's gateway did not take a notice or a manifest; the caller keeps it for the next attempt. */
  CentreCallFailed: {
    code: 'ERR_CENTRE_CALL_FAILED', status: 502,
    message: (what: string, status: number, fault: string | null) => `The centre did not accept ${what}: ${status}${fault ? ` ${fault}` : ''}.`,
  },
  // the centres' transparency logs
  /** No transparency-log key is registered for the centre: none of its tree heads can be checked, so none is accepted. */
  CentreLogKeyUnknown: { code: 'ERR_CENTRE_LOG_KEY_UNKNOWN', status: 409, message: 'No transparency-log key is registered for this centre.' },
  /** A new log key for a centre is taken only from a statement signed by its pinned key and the new one. */
  CentreLogKeyRotationRefused: { code: 'ERR_CENTRE_LOG_KEY_ROTATION_REFUSED', status: 422, message: 'The log key rotation is refused.' },
  /** A reset of a lost log key needs a public Ed25519 key other than the pinned one, and a reason. */
  CentreLogKeyResetRefused: { code: 'ERR_CENTRE_LOG_KEY_RESET_REFUSED', status: 422, message: 'The log key reset is refused.' },
  /** A reset of a centre's lost log key is approved only by an overseer other than the one who proposed it; nothing changes. */
  CentreLogKeyResetFourEyes: { code: 'ERR_CENTRE_LOG_KEY_RESET_FOUR_EYES', status: 409, message: () => 'A second overseer must approve this reset: you proposed it.' },
  /** The tree head is not signed by the centre's registered log key. */
  CentreTreeHeadSignatureInvalid: { code: 'ERR_CENTRE_TREE_HEAD_SIGNATURE', status: 400, message: () => 'The tree head is not signed by the centre’s registered log key.' },
  /**
   * The tree head is not an extension of the head the authority accepted last (a fork, a rollback
   * or a rewritten history); it is refused and an alert is raised.
   */
  CentreLogForked: { code: 'ERR_CENTRE_LOG_FORKED', status: 409, message: 'The tree head does not extend the head accepted last.' },
  /** The consistency proof starts from a size other than the head accepted last; the answer names that size. */
  TreeHeadBaseMismatch: {
    code: 'ERR_TREE_HEAD_BASE_MISMATCH', status: 409,
    message: (acceptedSize: number) => `The proof must start from the head accepted last (size ${acceptedSize}).`,
    extensions: (acceptedSize: number) => ({ acceptedSize }),
  },
  /** A reported action came without the centre's log entry for it, or with one that records something else; the report is refused. */
  ReportedEntryMismatch: { code: 'ERR_CENTRE_LOG_ENTRY_MISMATCH', status: 400, message: 'The log entry sent with the report does not record the reported action.' },
  // sanctions screening
  /** The file given as the UN consolidated list is not one: screening against it would pass everyone. */
  SanctionsListInvalid: { code: 'ERR_SANCTIONS_LIST_INVALID', status: 500, message: (problem: string) => `Not a UN consolidated sanctions list: ${problem}.` },
});

export const {
  FourEyesRequired, PaymentWebhookRejected, PaymentProviderUnavailable, BiometricMatcherUnavailable,
  NotACentre, CentreSuspended, CardNotAtCentre, CustodyOutOfOrder, CentreCallFailed,
  CentreLogKeyUnknown, CentreLogKeyRotationRefused, CentreLogKeyResetRefused, CentreLogKeyResetFourEyes, CentreTreeHeadSignatureInvalid, CentreLogForked, TreeHeadBaseMismatch, ReportedEntryMismatch,
  SanctionsListInvalid,
} = authorityErrors;
