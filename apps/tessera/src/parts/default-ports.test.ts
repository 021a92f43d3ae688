// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '@tessera/platform';
import { configSpec } from '../config.ts';
import { serveConfigSpec } from './serve-config.ts';

test('every part’s default port is its own, so parts started on one machine with nothing configured do not clash', () => {
  // A port setting is one parsed as a port; a new one is checked without being listed here.
  const ports = [...Object.values(configSpec), ...Object.values(serveConfigSpec)]
    .filter((option): option is typeof option & { default: number } => option.parse === parse.port)
    .map((option) => [option.env, option.default] as const);
  assert.ok(ports.length >= 12, `found ${ports.length} port settings`);
  const byPort = new Map<number, string[]>();
  for (const [env, port] of ports) byPort.set(port, [...(byPort.get(port) ?? []), env]);
  assert.deepEqual([...byPort.values()].filter((envs) => envs.length > 1), []);
  assert.equal(new Set(ports.map(([env]) => env)).size, ports.length, 'each port setting once');
});
