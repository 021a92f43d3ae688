// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';

/** The catalogue's public-worker ID (SD-JWT VC), the credential most protocol tests ask for. */
export const PUBLIC_WORKER_ID = 'kr.mois.public-worker-id.sd-jwt';

/** The PKCE S256 code_challenge of a code_verifier (RFC 7636 §4.2), as a wallet sends it. */
export const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');
