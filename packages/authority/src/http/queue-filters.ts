// SPDX-License-Identifier: Apache-2.0
import type { Static } from 'typebox';
import type { ApplicationFilters } from '../store/list-applications.ts';
import type { QueueQuery } from './api-schemas.ts';

/** The queue's filters as the store takes them, from the query of the API route and of the console page alike. */
export function queueFilters(q: Static<typeof QueueQuery>): ApplicationFilters {
  return {
    ...(q.status ? { status: q.status } : {}),
    ...(q.location ? { pickupLocation: q.location } : {}),
    ...(q.flagged ? { flagged: q.flagged === 'true' } : {}),
    ...(q.reference ? { reference: q.reference } : {}),
  };
}
