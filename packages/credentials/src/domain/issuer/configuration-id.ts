// SPDX-License-Identifier: Apache-2.0
import type { CredentialFormat } from '../types/credential-type.ts';

const SUFFIX: Record<CredentialFormat, string> = { 'dc+sd-jwt': 'sd-jwt', mso_mdoc: 'mdoc' };

/** One credential configuration per type and format (OpenID4VCI 1.0 §12.2.4): `<type id>.<sd-jwt|mdoc>`. */
export function configurationId(typeId: string, format: CredentialFormat): string {
  return `${typeId}.${SUFFIX[format]}`;
}

export function parseConfigurationId(id: string): { typeId: string; format: CredentialFormat } | null {
  for (const [format, suffix] of Object.entries(SUFFIX) as Array<[CredentialFormat, string]>) {
    if (id.endsWith(`.${suffix}`)) return { typeId: id.slice(0, -suffix.length - 1), format };
  }
  return null;
}
