// SPDX-License-Identifier: Apache-2.0
import type { ValidationIssue } from '@tessera/platform';
import type { ClaimDefinition, CredentialType } from './credential-type.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks the claims an agency returned against the type before anything is signed: every
 * mandatory claim present, no claim the type does not define, each value of its type.
 */
export function checkClaims(type: CredentialType, claims: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const defined = new Map(type.claims.map((c) => [c.name, c]));
  for (const c of type.claims) if (c.mandatory && (claims[c.name] === undefined || claims[c.name] === null)) issues.push({ code: 'missing_claim', path: `/${c.name}`, message: `The agency did not provide the mandatory claim ${c.name}.` });
  for (const [name, value] of Object.entries(claims)) {
    const definition = defined.get(name);
    if (!definition) issues.push({ code: 'undefined_claim', path: `/${name}`, message: `${name} is not a claim of ${type.id}.` });
    else if (value !== undefined && value !== null && !fits(definition, value)) issues.push({ code: 'wrong_value_type', path: `/${name}`, message: `${name} must be ${definition.valueType}.` });
  }
  return issues;
}

function fits(c: ClaimDefinition, v: unknown): boolean {
  switch (c.valueType) {
    case 'string': return typeof v === 'string';
    case 'date': return typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v));
    case 'integer': return Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'image': return typeof v === 'string' && /^data:image\/(jpeg|png);base64,/.test(v);
    case 'string[]': return Array.isArray(v) && v.every((x) => typeof x === 'string');
  }
}
