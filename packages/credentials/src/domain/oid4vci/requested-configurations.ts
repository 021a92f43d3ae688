// SPDX-License-Identifier: Apache-2.0
import { ProtocolError } from './oid4vci-errors.ts';

/**
 * The credential configurations an authorization request asks for (OpenID4VCI 1.0 §5.1): by
 * `scope` (each configuration's scope is its id here) and/or by `authorization_details` of type
 * `openid_credential`. Every one must be a configuration this issuer publishes.
 */
export function requestedConfigurations(input: { scope: unknown; authorizationDetails: unknown }, published: ReadonlySet<string>): string[] {
  const ids: string[] = [];
  if (input.scope !== undefined) {
    if (typeof input.scope !== 'string') throw new ProtocolError('invalid_scope', 'scope is a space-separated string.');
    for (const s of input.scope.split(' ').filter(Boolean)) {
      if (!published.has(s)) throw new ProtocolError('invalid_scope', `${s} is not a scope of this issuer; each credential configuration's scope is its id.`);
      ids.push(s);
    }
  }
  if (input.authorizationDetails !== undefined) {
    let details: unknown;
    try {
      details = typeof input.authorizationDetails === 'string' ? JSON.parse(input.authorizationDetails) : input.authorizationDetails;
    } catch {
      throw new ProtocolError('invalid_authorization_details', 'authorization_details is not JSON.');
    }
    if (!Array.isArray(details)) throw new ProtocolError('invalid_authorization_details', 'authorization_details is a JSON array.');
    for (const d of details as Array<Record<string, unknown>>) {
      if (d?.type !== 'openid_credential') throw new ProtocolError('invalid_authorization_details', 'Each authorization_details entry has type "openid_credential".');
      const id = d.credential_configuration_id;
      if (typeof id !== 'string' || !published.has(id)) throw new ProtocolError('invalid_authorization_details', `${String(id)} is not a credential configuration of this issuer.`);
      ids.push(id);
    }
  }
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new ProtocolError('invalid_scope', 'Ask for at least one credential, by scope or authorization_details.');
  return unique;
}
