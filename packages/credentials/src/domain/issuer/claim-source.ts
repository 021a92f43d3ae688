// SPDX-License-Identifier: Apache-2.0
import type { CredentialType } from '../types/credential-type.ts';

/**
 * Where a credential's claims come from: the owning agency's service named by the type
 * (`type.agency`, `type.source`), asked about one holder by their identification code.
 */
export interface ClaimSource {
  claims(type: CredentialType, holder: string): Promise<Record<string, unknown>>;
}
