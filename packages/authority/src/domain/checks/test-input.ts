// SPDX-License-Identifier: Apache-2.0
import type { CheckInput } from './check-input.ts';

/** A valid application's check input for tests; override only what a test is about. */
export function checkInput(overrides: Partial<Omit<CheckInput, 'document'>> & { document?: Partial<CheckInput['document']> } = {}): CheckInput {
  const { document, ...rest } = overrides;
  return {
    givenNames: 'Yongdae',
    surname: 'Kim',
    dateOfBirth: '1985-03-14',
    citizenship: 'KR',
    ...rest,
    document: { type: 'passport', number: 'M12345678', issuingCountry: 'KR', issueDate: '2022-05-01', expiryDate: '2032-05-01', ...document },
  };
}
