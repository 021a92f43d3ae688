// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineErrors, type ErrorRow } from './define-errors.ts';
import { TesseraError, type TesseraErrorOptions } from './tessera-error.ts';
import { toProblem } from './problem-details.ts';

interface Row extends ErrorRow {
  readonly colour?: string;
}

class PaletteError extends TesseraError {
  static override code = 'ERR_PALETTE';
  readonly colour: string | undefined;
  constructor(message: string, options: TesseraErrorOptions | undefined, row: Row) {
    super(message, options);
    this.colour = row.colour;
  }
}

const errors = defineErrors(PaletteError, {
  PaintMissing: { code: 'ERR_PAINT_MISSING', status: 404, message: 'No such paint.' },
  PaintTaken: { code: 'ERR_PAINT_TAKEN', status: 409, message: (name: string) => `Paint ${name} is taken.`, extensions: (name: string) => ({ name }) },
  ColourTaken: { code: 'ERR_COLOUR_TAKEN', status: 409, message: 'This colour is taken.', parent: 'PaintTaken', colour: 'red' },
  MixFailed: { code: 'ERR_MIX_FAILED', status: 500, message: 'The mix failed.', colour: 'grey' },
});

test('each row becomes a class with its code on the class and the instance, its status and its name', () => {
  const error = new errors.PaintMissing();
  assert.ok(error instanceof PaletteError && error instanceof TesseraError && error instanceof errors.PaintMissing);
  assert.equal(errors.PaintMissing.code, 'ERR_PAINT_MISSING');
  assert.equal(error.code, 'ERR_PAINT_MISSING');
  assert.equal(error.status, 404);
  assert.equal(error.name, 'PaintMissing');
  assert.equal(error.message, 'No such paint.');
  assert.equal(new errors.PaintMissing('No paint "ochre".').message, 'No paint "ochre".');
});

test('a message made from arguments takes them, and the options after them', () => {
  const cause = new Error('underneath');
  const error = new errors.PaintTaken('ochre', { cause });
  assert.equal(error.message, 'Paint ochre is taken.');
  assert.equal(error.cause, cause);
  assert.deepEqual(toProblem(error).name, 'ochre');
  assert.equal(toProblem(error).code, 'ERR_PAINT_TAKEN');
});

test('a row with a parent is caught as its parent and keeps its own code and columns', () => {
  const error = new errors.ColourTaken();
  assert.ok(error instanceof errors.PaintTaken);
  assert.ok(!(new errors.PaintTaken('ochre') instanceof errors.ColourTaken));
  assert.equal(error.code, 'ERR_COLOUR_TAKEN');
  assert.equal(error.status, 409);
  assert.equal(error.name, 'ColourTaken');
  assert.equal(error.colour, 'red');
  assert.equal(error.message, 'This colour is taken.');
});

test('the base reads package-specific columns of the row', () => {
  assert.equal(new errors.MixFailed().colour, 'grey');
  assert.equal(new errors.PaintMissing().colour, undefined);
});

test('a 5xx error from a table shows callers nothing of its message', () => {
  const problem = toProblem(new errors.MixFailed('pigment server 10.0.0.7 down'));
  assert.equal(problem.status, 500);
  assert.doesNotMatch(JSON.stringify(problem), /10\.0\.0\.7/);
});

test('a parent named below its child is refused when the table is made', () => {
  assert.throws(() => defineErrors(PaletteError, {
    Child: { code: 'ERR_CHILD', status: 400, message: 'child', parent: 'Later' },
    Later: { code: 'ERR_LATER', status: 400, message: 'later' },
  }), TypeError);
});

test('a code used twice or not of the form ERR_UPPER_CASE is refused when the table is made', () => {
  assert.throws(() => defineErrors(PaletteError, {
    First: { code: 'ERR_SAME', status: 400, message: 'first' },
    Second: { code: 'ERR_SAME', status: 409, message: 'second' },
  }), /used twice/);
  assert.throws(() => defineErrors(PaletteError, { Lower: { code: 'ERR_lower' as 'ERR_LOWER', status: 400, message: 'lower' } }), /ERR_UPPER_CASE/);
});

test('a status made from the arguments passes on another party\'s refusal, and stays a server error otherwise', () => {
  const relayed = defineErrors(PaletteError, {
    SupplierFailed: { code: 'ERR_SUPPLIER_FAILED', status: (status: number) => (status >= 400 && status < 500 ? status : 502), message: (status: number) => `The supplier answered ${status}.` },
    SupplierGone: { code: 'ERR_SUPPLIER_GONE', status: (status: number) => (status === 410 ? 404 : 502), message: (status: number) => `Gone (${status}).`, parent: 'SupplierFailed' },
  });
  assert.equal(new relayed.SupplierFailed(409).status, 409);
  assert.equal(new relayed.SupplierFailed(503).status, 502);
  assert.equal(toProblem(new relayed.SupplierFailed(409)).status, 409);
  assert.equal(new relayed.SupplierGone(410).status, 404);
  assert.ok(new relayed.SupplierGone(410) instanceof relayed.SupplierFailed);
});
