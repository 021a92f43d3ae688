// SPDX-License-Identifier: Apache-2.0
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { ValidationIssue } from '../errors/tessera-error.ts';

/** Ajv's errors as `{ code, path, message }` with a path a form can attach to its field. */
export function validationIssues(errors: FastifySchemaValidationError[], context: string | undefined): ValidationIssue[] {
  return errors.map((e) => {
    const missing = e.keyword === 'required' ? `/${String((e.params as { missingProperty?: string }).missingProperty ?? '')}` : '';
    const extra = e.keyword === 'additionalProperties' ? `/${String((e.params as { additionalProperty?: string }).additionalProperty ?? '')}` : '';
    const path = `${context ?? 'body'}${e.instancePath}${missing}${extra}`;
    return { code: e.keyword, path, message: describe(e) };
  });
}

function describe(e: FastifySchemaValidationError): string {
  const p = e.params;
  switch (e.keyword) {
    case 'required': return 'This field is required.';
    case 'additionalProperties': return 'This field is not allowed.';
    case 'type': return `Must be of type ${String(p.type)}.`;
    case 'minLength': return `Must be at least ${String(p.limit)} characters.`;
    case 'maxLength': return `Must be at most ${String(p.limit)} characters.`;
    case 'pattern':
    case 'format': return 'Has the wrong format.';
    case 'enum':
    case 'anyOf':
    case 'const': return 'Is not one of the allowed values.';
    default: return e.message ?? 'Is invalid.';
  }
}
