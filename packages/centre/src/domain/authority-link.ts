// SPDX-License-Identifier: Apache-2.0
import type { CustodyEvent } from './stock-state.ts';
import type { PersonDetails } from '@tessera/platform';

/** One change of a card's custody, as the centre reports it to the authority. */
export interface CustodyReport {
  reference: string;
  documentNumber: string;
  /** A change of the card's state, or `handover_stopped`: a handover stopped at the desk (the card stays in stock). */
  event: CustodyEvent | 'handover_stopped';
  /** With `handover_stopped`: the recorded reason. */
  reason?: string;
  /** The centre's operator (their account id at the centre, never a name). */
  actor: string;
  at: string;
  /** With `arrived`: the applicant's booking link, which the authority e-mails them. */
  bookingUrl?: string;
  note?: string;
  /** The centre's own log entry recording this change, exactly as its log hashes it, so the authority can ask for its inclusion proof. */
  logEntry: string;
}

/** A shipment manifest as the authority sends it when cards leave the card bureau. */
export interface ShipmentManifest {
  shipmentId: string;
  centre: string;
  sentAt: string;
  cards: Array<{ reference: string; documentNumber: string; collectBy: string; dataSubject?: string }>;
}

/**
 * The centre's view of the authority: every call travels through the centre's own exchange
 * gateway, as the subsystem of the centre concerned. A port, so the centre never sees the
 * authority's code or tables; the composition root supplies it.
 */
export interface AuthorityLink {
  reportCustody(centre: string, reports: readonly CustodyReport[]): Promise<void>;
  /** What identifies the applicant, for the handover only; the read is declared with its purpose for the person's data tracker. */
  identify(centre: string, o: { reference: string; dataSubject: string; operator: string }): Promise<HandoverIdentity>;
  /** The authority's matcher compares a sample captured at the desk with the enrolled photo. */
  matchBiometric(centre: string, o: { reference: string; operator: string; sample: Uint8Array }): Promise<{ score: number; decision: 'match' | 'no_match'; matcher: string }>;
  /** The holder has the card in hand: the authority activates its certificates. Safe to repeat. `logEntry`: the centre's log entry of the confirmed handover. */
  handOver(centre: string, reference: string, operator: string, logEntry: string): Promise<{ documentNumber: string; state: string }>;
  /** The centre's whole stock against the authority's chain of custody; the answer is the discrepancy report. */
  reconcile(centre: string, cards: ReadonlyArray<{ documentNumber: string; state: string }>): Promise<{ checked: number; discrepancies: Array<{ documentNumber: string; authority: string | null; centre: string | null }> }>;
  /** The centre's log head the authority accepted last (null before the first), and the leaf hashes (hex) of reported actions it waits to see proven. */
  latestTreeHead(centre: string): Promise<{ head: { size: number; rootHash: string } | null; pending: readonly string[] }>;
  /**
   * The centre's latest signed log head with a consistency proof from the accepted one and an
   * inclusion proof for each pending entry it holds; refused when it is not an extension of it.
   */
  sendTreeHead(centre: string, submission: {
    head: { size: number; rootHash: string; timestamp: string; signature: string }; from: number; consistency: readonly string[];
    inclusions: ReadonlyArray<{ leafHash: string; index: number; proof: readonly string[] }>;
  }): Promise<{ included: number; missing: number }>;
}

/** The applicant's identifying data as the authority releases it for a handover; never stored at the centre. */
export interface HandoverIdentity extends PersonDetails {
  reference: string;
  document: { number: string; country: string; expiresOn: string };
  photo: { mediaType: string; base64: string };
}
