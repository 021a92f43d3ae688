// SPDX-License-Identifier: Apache-2.0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScheduledJobs } from './scheduled-jobs.ts';

test('a failing scheduled job is logged and counted in the metrics, not swallowed', async () => {
  const jobs = new ScheduledJobs(() => 1_700_000_000_000);
  const logged: Array<{ job: string; err: unknown }> = [];
  jobs.logger = { error: (details) => void logged.push(details) };
  const boom = new Error('database gone');
  await jobs.run('refund-retries', async () => {
    throw boom;
  });
  await jobs.run('tree-heads', async () => undefined);
  jobs.failed('mail-delivery', boom);
  assert.deepEqual(logged, [{ err: boom, job: 'refund-retries' }, { err: boom, job: 'mail-delivery' }]);
  const metrics = jobs.metrics();
  assert.match(metrics, /^tessera_job_failures_total\{job="refund-retries"\} 1$/m);
  assert.match(metrics, /^tessera_job_failures_total\{job="tree-heads"\} 0$/m);
  assert.match(metrics, /^tessera_job_runs_total\{job="tree-heads"\} 1$/m);
  assert.match(metrics, /^tessera_job_last_failure_timestamp_seconds\{job="mail-delivery"\} 1700000000$/m);
  assert.doesNotMatch(metrics, /tessera_job_last_success_timestamp_seconds\{job="refund-retries"\}/);
});
