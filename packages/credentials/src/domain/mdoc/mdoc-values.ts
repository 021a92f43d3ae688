// SPDX-License-Identifier: Apache-2.0
import { DateOnly } from '@owf/mdoc';
import { MDL_DOCTYPE } from '../catalogue/documents.ts';
import type { ClaimDefinition, CredentialType } from '../types/credential-type.ts';

/**
 * A checked claim as an mdoc data element value (ISO/IEC 18013-5 §7.2.1 encodings): dates are
 * full-date (tag 1004), a portrait the image's bytes (bstr), and the mDL's driving_privileges the
 * DrivingPrivileges array of maps with vehicle_category_code; everything else as it is.
 */
export function elementValue(type: CredentialType, claim: ClaimDefinition, value: unknown): unknown {
  switch (claim.valueType) {
    case 'date': return new DateOnly(String(value));
    case 'image': return new Uint8Array(Buffer.from(String(value).replace(/^data:image\/(jpeg|png);base64,/, ''), 'base64'));
    case 'string[]':
      if (type.mdoc?.doctype === MDL_DOCTYPE && claim.name === 'driving_privileges') {
        return (value as string[]).map((code) => new Map([['vehicle_category_code', code]]));
      }
      return value;
    default: return value;
  }
}

/** The data element value as a JSON value a relying party reads: the inverse of {@link elementValue}. */
export function claimValue(value: unknown): unknown {
  if (value instanceof DateOnly) return value.toISOString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `data:image/${value[0] === 0x89 && value[1] === 0x50 ? 'png' : 'jpeg'};base64,${Buffer.from(value).toString('base64')}`;
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), claimValue(v)]));
  if (Array.isArray(value)) return value.map(claimValue);
  return value;
}
