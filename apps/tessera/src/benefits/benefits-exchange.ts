// SPDX-License-Identifier: Apache-2.0
import type { MemberKey } from '../exchange/members.ts';

/**
 * The proactive benefits service's part of the exchange: the agencies' services it reads (each
 * handling personal data, so every request names the data subject and purpose), the intake
 * that receives one-step applications, and the life-event service the population register
 * calls. The service is its own member, so no request is a gateway calling itself.
 */
export const BENEFITS_SERVICES: Array<{ member: MemberKey; serviceCode: string; path: string; endpoints: Array<{ method: string; path: string }>; handlesPersonalData: boolean }> = [
  { member: 'population', serviceCode: 'households', path: '/population/households', endpoints: [{ method: 'GET', path: '/*' }], handlesPersonalData: true },
  { member: 'tax', serviceCode: 'assessments', path: '/tax/assessments', endpoints: [{ method: 'GET', path: '/*' }], handlesPersonalData: true },
  // The property register in this federation: the tax board's property-tax records (as Korea's welfare checks use them).
  { member: 'tax', serviceCode: 'property', path: '/tax/property', endpoints: [{ method: 'GET', path: '/*' }], handlesPersonalData: true },
  { member: 'welfare', serviceCode: 'insurance', path: '/welfare/insurance', endpoints: [{ method: 'GET', path: '/*' }], handlesPersonalData: true },
  { member: 'welfare', serviceCode: 'applications', path: '/welfare/applications', endpoints: [{ method: 'POST', path: '/*' }], handlesPersonalData: true },
  { member: 'benefits', serviceCode: 'life-events', path: '/benefits/life-events', endpoints: [{ method: 'POST', path: '/events' }], handlesPersonalData: false },
];

export const BENEFITS_GRANTS: Array<[client: MemberKey, provider: MemberKey, serviceCode: string]> = [
  ['benefits', 'population', 'households'],
  ['benefits', 'tax', 'assessments'],
  ['benefits', 'tax', 'property'],
  ['benefits', 'welfare', 'insurance'],
  ['benefits', 'welfare', 'applications'],
  ['population', 'benefits', 'life-events'],
];

/** Which agency's service answers for each data source the rules read. */
export const SOURCE_SERVICES = {
  'population-register': { member: 'population', service: 'households' },
  'tax-board': { member: 'tax', service: 'assessments' },
  'property-register': { member: 'tax', service: 'property' },
  'social-insurance-board': { member: 'welfare', service: 'insurance' },
} as const satisfies Record<string, { member: MemberKey; service: string }>;
