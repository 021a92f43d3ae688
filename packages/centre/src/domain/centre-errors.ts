// SPDX-License-Identifier: Apache-2.0
// Every error the centre raises on purpose, from one table (see platform's defineErrors).
import { TesseraError, defineErrors, type ErrorRow, type TesseraErrorOptions } from '@tessera/platform';

export interface CentreErrorRow extends ErrorRow {
  /** The error passes on the authority's answer: its arguments are that status and code. */
  readonly upstream?: true;
}

/** Base of the centre's own errors; each has a stable code and an HTTP status for `http/`. */
export class CentreError extends TesseraError {
  static override code = 'ERR_CENTRE';
  /** For an answer of the authority passed on: its status (0 when no call could be made) and its code. */
  readonly upstreamStatus: number | undefined;
  readonly upstreamCode: string | undefined;
  constructor(message: string, options: TesseraErrorOptions | undefined, row: CentreErrorRow, args: readonly unknown[]) {
    super(message, options);
    const [status, code] = row.upstream ? args : [];
    this.upstreamStatus = typeof status === 'number' ? status : undefined;
    this.upstreamCode = typeof code === 'string' ? code : undefined;
  }
}

export const centreErrors = defineErrors(CentreError, {
  /** A step the centre refuses: the page shows the reason beside the field and nothing changes. */
  CentreStepRefused: { code: 'ERR_CENTRE_STEP_REFUSED', status: 409, message: 'The centre cannot take this step.' },
  /** The authority suspended this centre: none of its staff is served until it is reinstated. */
  CentreSuspendedByAuthority: { code: 'ERR_CENTRE_SUSPENDED', status: 403, parent: 'CentreStepRefused', message: 'This centre is suspended by the authority.' },
  /** The operator typed or scanned a document number that no shipment to their centre announced. */
  CardNotExpected: { code: 'ERR_CARD_NOT_EXPECTED', status: 404, parent: 'CentreStepRefused', message: 'No shipment to this centre announced this card.' },
  /** The card was already received (or reported missing or damaged): a second scan changes nothing. */
  CardAlreadyReceived: { code: 'ERR_CARD_ALREADY_RECEIVED', status: 409, parent: 'CentreStepRefused', message: 'This card was already received.' },
  /** The card is not in this centre's stock in a state that allows the step. */
  CardNotInStock: { code: 'ERR_CARD_NOT_IN_STOCK', status: 409, parent: 'CentreStepRefused', message: 'This card is not in stock here.' },
  /** The slot is not one the centre offers, is in the past, or is full. */
  SlotUnavailable: { code: 'ERR_SLOT_UNAVAILABLE', status: 409, parent: 'CentreStepRefused', message: 'This slot is not available.' },
  /** The handover needs an appointment of this centre that is open now. */
  NoOpenAppointment: { code: 'ERR_NO_OPEN_APPOINTMENT', status: 403, parent: 'CentreStepRefused', message: 'There is no open appointment for this handover.' },
  /** A handover step was attempted out of order, or after the handover stopped or completed. */
  HandoverStepRefused: { code: 'ERR_HANDOVER_STEP_REFUSED', status: 409, parent: 'CentreStepRefused', message: 'This handover step is not possible now.' },
  /** A manifest names another centre, or a card already announced under another shipment. */
  ManifestRejected: { code: 'ERR_MANIFEST_REJECTED', status: 422, parent: 'CentreStepRefused', message: 'The manifest is rejected.' },
  /** An uncollected card may be returned or destroyed only once its collection deadline has passed. */
  CollectionPeriodOpen: { code: 'ERR_COLLECTION_PERIOD_OPEN', status: 409, parent: 'CentreStepRefused', message: 'The collection period of this card is still open.' },
  /** A return or destruction needs a second person of the same centre as witness, not the supervisor themself. */
  WitnessRequired: { code: 'ERR_WITNESS_REQUIRED', status: 400, parent: 'CentreStepRefused', message: 'A witness of this centre is required.' },
  /**
   * The authority (or the exchange) refused or failed a call. A refusal (the centre suspended, the
   * card no longer at the centre) keeps its 4xx status: it is the operator's to read, not a fault.
   */
  AuthorityCallFailed: {
    code: 'ERR_AUTHORITY_CALL_FAILED', upstream: true,
    status: (upstreamStatus: number) => (upstreamStatus >= 400 && upstreamStatus < 500 ? upstreamStatus : 502),
    message: (upstreamStatus: number, upstreamCode: string | undefined) => `The authority answered ${upstreamStatus}${upstreamCode ? ` (${upstreamCode})` : ''}.`,
  },
  /** A handover whose completion was not committed cannot be finished (a retry of one that finished, or a wrong id). */
  HandoverNotCompleting: { code: 'ERR_HANDOVER_NOT_COMPLETING', status: 409, message: 'No handover is completing with this id.' },
  /** A completing handover whose confirmation did not keep its log entry: the authority cannot be told, nothing is sent. */
  HandoverEntryMissing: { code: 'ERR_HANDOVER_ENTRY_MISSING', status: 500, message: 'The confirmed handover has no entry of the centre’s log.' },
});

export const {
  CentreStepRefused, CentreSuspendedByAuthority, CardNotExpected, CardAlreadyReceived, CardNotInStock, SlotUnavailable, NoOpenAppointment,
  HandoverStepRefused, ManifestRejected, CollectionPeriodOpen, WitnessRequired, AuthorityCallFailed, HandoverNotCompleting, HandoverEntryMissing,
} = centreErrors;
