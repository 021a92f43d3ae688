// SPDX-License-Identifier: Apache-2.0

/** What the automated checks see of an application: identity and the passport it was made with. */
export interface CheckInput {
  givenNames: string;
  surname: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  /** ISO 3166-1 alpha-2 */
  citizenship: string;
  document: {
    type: 'passport';
    number: string;
    issuingCountry: string;
    /** YYYY-MM-DD */
    issueDate: string;
    /** YYYY-MM-DD */
    expiryDate: string;
  };
}
