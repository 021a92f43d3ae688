// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { issuePinEnvelope, openPinEnvelope } from './pin-envelope.ts';
import { pinFormatProblem } from './pin-rules.ts';

const random = (n: number) => new Uint8Array(randomBytes(n));

test('the holder opens the envelope with the opening code and finds valid PINs', () => {
  const { pins, sealed, openingCode } = issuePinEnvelope('card-1', random);
  assert.deepEqual(openPinEnvelope(sealed, openingCode), pins);
  assert.equal(pinFormatProblem('PIN1', pins.PIN1), null);
  assert.equal(pinFormatProblem('PIN2', pins.PIN2), null);
  assert.equal(pinFormatProblem('PUK', pins.PUK), null);
  assert.match(openingCode, /^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
});

test('the sealed envelope does not reveal the PINs', () => {
  const { pins, sealed } = issuePinEnvelope('card-2', random);
  const stored = JSON.stringify(sealed);
  assert.equal(stored.includes(pins.PUK), false);
});

test('a wrong code or another card’s envelope id cannot open it', () => {
  const { sealed, openingCode } = issuePinEnvelope('card-3', random);
  assert.throws(() => openPinEnvelope(sealed, 'AAAA-AAAA-AAAA-AAAA'), { code: 'ERR_PIN_ENVELOPE' });
  assert.throws(() => openPinEnvelope({ ...sealed, envelopeId: 'card-4' }, openingCode), { code: 'ERR_PIN_ENVELOPE' });
});

test('generated PINs are always digits of the right length', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (seed) => {
    let offset = 0;
    const bytes = (n: number) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = seed[(offset++) % seed.length]! ^ (offset & 0xff);
      return out;
    };
    const { pins } = issuePinEnvelope('card-x', bytes);
    return pinFormatProblem('PIN1', pins.PIN1) === null && pinFormatProblem('PIN2', pins.PIN2) === null && pinFormatProblem('PUK', pins.PUK) === null;
  }), { numRuns: 200 });
});
