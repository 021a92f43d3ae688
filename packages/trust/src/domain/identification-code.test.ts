// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identificationCode, isValidIdentificationCode } from './identification-code.ts';

test('the code of the specimen Estonian ID card is reproduced, check digit included', () => {
  // 38001085718: the code on the PBGB's published specimen card (man, born 8 January 1980).
  assert.equal(identificationCode('1980-01-08', 'M', 571), '38001085718');
  assert.equal(isValidIdentificationCode('38001085718'), true);
});

test('century and sex are encoded in the first digit', () => {
  assert.match(identificationCode('1999-12-31', 'F', 1), /^4991231001\d$/);
  assert.match(identificationCode('2001-02-03', 'M', 42), /^5010203042\d$/);
  assert.match(identificationCode('2004-07-09', 'F', 7), /^6040709007\d$/);
});

test('a code with a wrong check digit is not valid', () => {
  assert.equal(isValidIdentificationCode('38001085719'), false);
  assert.equal(isValidIdentificationCode('3800108571'), false);
  assert.equal(isValidIdentificationCode('98001085718'), false);
});

test('the second weighting is used when the first gives 10', () => {
  // 4850314015: first weighting 1..9,1 gives 10; the second 3..9,1,2,3 gives 8 (worked by hand).
  assert.equal(identificationCode('1985-03-14', 'F', 15), '48503140158');
});
