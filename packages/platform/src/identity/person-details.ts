// SPDX-License-Identifier: Apache-2.0

/**
 * Who a person is, as the population register records them: the details an application is
 * decided on, a card is ordered and personalised with, and a centre checks at the handover.
 * One shape, so that the contexts that pass these details to each other cannot drift apart.
 */
export interface PersonDetails {
  givenNames: string;
  surname: string;
  /** ISO 8601 date. */
  dateOfBirth: string;
  sex: 'F' | 'M';
  /** ISO 3166-1 alpha-2. */
  citizenship: string;
}
