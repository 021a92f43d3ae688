// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Name } from '@peculiar/x509';
import { personNameDer, personNameText } from './subject-names.ts';

test('a card subject\'s text is what @peculiar/x509 reads from its DER, RFC 4514 escapes and all', () => {
  const subject = { givenNames: 'Jaak-Kristjan', surname: "O'Brien, Jr.", identificationCode: '38001085718', country: 'EE' };
  assert.equal(personNameText(subject), "C=EE, CN=O'BRIEN\\, JR.\\,JAAK-KRISTJAN\\,PNOEE-38001085718, SN=O'BRIEN\\, JR., G=JAAK-KRISTJAN, 2.5.4.5=PNOEE-38001085718");
  for (const surname of ['#HASH', 'A+B', 'Q"UOTE', 'BACK\\SLASH', '<LT>', 'SEMI;COLON', 'ÕUN', '김', 'DOUBLE  SPACE']) {
    const named = { ...subject, surname };
    assert.equal(personNameText(named), new Name(personNameDer(named)).toString(), surname);
  }
});

test('any card subject\'s text matches the parsed Name\'s (property)', () => {
  // eslint-disable-next-line no-control-regex -- the generator must leave out what the subject refuses
  const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(s));
  fc.assert(fc.property(name, name, fc.stringMatching(/^[0-9]{11}$/), fc.constantFrom('EE', 'KR', 'LV'), fc.constantFrom('EE', 'FI'), (givenNames, surname, identificationCode, country, identifierCountry) => {
    const subject = { givenNames, surname, identificationCode, country, identifierCountry };
    assert.equal(personNameText(subject), new Name(personNameDer(subject)).toString());
  }), { numRuns: 300 });
});
