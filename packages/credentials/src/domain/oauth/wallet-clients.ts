// SPDX-License-Identifier: Apache-2.0

/**
 * A wallet allowed to use the authorization code flow: a public client (no secret, as native
 * and web wallets are) with the exact redirect URIs it registered (RFC 9700 §4.1.1: exact
 * string matching, no patterns).
 */
export interface WalletClient {
  clientId: string;
  redirectUris: string[];
}

export function redirectAllowed(clients: readonly WalletClient[], clientId: string, redirectUri: string): boolean {
  return clients.some((c) => c.clientId === clientId && c.redirectUris.includes(redirectUri));
}
