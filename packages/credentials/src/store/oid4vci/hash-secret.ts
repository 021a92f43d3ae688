// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';

/** Codes and tokens are stored only as SHA-256: a database reader cannot redeem them. */
export const hashSecret = (value: string): string => createHash('sha256').update(value).digest('base64url');
