// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { safeNextPath } from './safe-next.ts';

test('paths on this site are kept, with their query', () => {
  assert.equal(safeNextPath('/officer/applications?status=submitted'), '/officer/applications?status=submitted');
  assert.equal(safeNextPath('/'), '/');
});

test('redirects to other sites are refused in every known disguise', () => {
  for (const attempt of [
    '//evil.example', '//evil.example/path', '/\\evil.example', '\\\\evil.example', 'https://evil.example',
    'http:evil.example', 'javascript:alert(1)', '/\t/evil.example', '/\n/evil.example', 'evil.example', '',
    ' //evil.example', '/%0a/evil.example'.replace('%0a', '\n'),
  ]) {
    assert.equal(safeNextPath(attempt), undefined, JSON.stringify(attempt));
  }
  assert.equal(safeNextPath(undefined), undefined);
});

test('whatever the input, an accepted next value stays on this origin', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
    const next = safeNextPath(s);
    if (next === undefined) return true;
    return new URL(next, 'https://tessera.example').origin === 'https://tessera.example' && next.startsWith('/') && !next.startsWith('//');
  }), { numRuns: 2000 });
  fc.assert(fc.property(fc.webUrl(), (url) => safeNextPath(url) === undefined));
});
