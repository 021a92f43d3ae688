// SPDX-License-Identifier: Apache-2.0
// The collection centre's public API: every export by name.
export { DEFAULT_CENTRES, centreByCode, type CentreConfig, type OpeningPeriod, type Weekday } from './domain/centre-config.ts';
export { slotsOn, upcomingSlots, isOfferedSlot, type PickupSlot } from './domain/pickup-slots.ts';
export { openingHoursText } from './domain/opening-hours-text.ts';
export { STOCK_STATES, CUSTODY_EVENTS, type StockState, type CustodyEvent } from './domain/stock-state.ts';
export type { AuthorityLink, CustodyReport, ShipmentManifest, HandoverIdentity } from './domain/authority-link.ts';
export {
  CentreError, centreErrors, CentreStepRefused, CentreSuspendedByAuthority, CollectionPeriodOpen, WitnessRequired, CardNotExpected, CardAlreadyReceived, CardNotInStock,
  SlotUnavailable, NoOpenAppointment, HandoverStepRefused, ManifestRejected, AuthorityCallFailed, HandoverNotCompleting,
} from './domain/centre-errors.ts';
export { centreMigrations } from './store/migrations.ts';
export { createCentreStaff, assignStaffCentre } from './store/assign-staff-centre.ts';
export { centreOfStaff } from './store/centre-scope.ts';
export type { CentreDeps } from './store/centre-deps.ts';
export { receiveManifest } from './store/receive-manifest.ts';
export { importCards, type CardImport, type CentreImport, type ReportedEntry } from './store/import-cards.ts';
export { confirmArrival } from './store/confirm-arrival.ts';
export { reportCardProblem } from './store/report-card-problem.ts';
export { disposeUncollected } from './store/dispose-uncollected.ts';
export { reconcileStock } from './store/reconcile-stock.ts';
export { collectionPeriodOver } from './domain/collection-deadline.ts';
export { deliverCustodyReports } from './store/deliver-custody-reports.ts';
export { sendTreeHead } from './store/send-tree-heads.ts';
export { applySuspensionNotice, isCentreSuspended, type SuspensionNotice } from './store/apply-suspension-notice.ts';
export { listStock } from './store/list-stock.ts';
export { bookSlot, cancelSlot, bookingStatus } from './store/book-slot.ts';
export { startHandover } from './store/start-handover.ts';
export { identifyApplicant } from './store/identify-applicant.ts';
export { checkIdentity } from './store/check-identity.ts';
export { completeHandover, finishHandover, resumeHandovers } from './store/complete-handover.ts';
export { stopHandover } from './store/stop-handover.ts';
export { listAppointments } from './store/list-appointments.ts';
export { isAppointmentOpen, HANDOVER_STOP_REASONS, type HandoverStopReason } from './domain/appointment-window.ts';
export type { StockRow, AppointmentRow, HandoverRow } from './store/schema.ts';
export { CENTRE_PERMISSIONS, CENTRE_ROLES } from './http/permissions.ts';
export { buildCentreServer, buildCentreExchangeServer, type CentreServerOptions } from './http/build-centre-server.ts';
export { registerCentreExchangeServices, type CentreExchangeOptions } from './http/exchange-routes.ts';
export { exchangeAuthorityLink, type ExchangeAuthorityLinkOptions } from './http/exchange-authority-link.ts';
