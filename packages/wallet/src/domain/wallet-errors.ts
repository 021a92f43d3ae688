// SPDX-License-Identifier: Apache-2.0
// Every error the wallet raises on purpose, from one table (see platform's defineErrors).
import { TesseraError, defineErrors } from '@tessera/platform';

/** Base of the wallet's errors. */
export class WalletError extends TesseraError {
  static override code = 'ERR_WALLET';
}

export const walletErrors = defineErrors(WalletError, {
  /** A presentation request the wallet will not show: its signature, signer or form is wrong. */
  RequestNotTrusted: { code: 'ERR_REQUEST_NOT_TRUSTED', status: 400, message: 'The presentation request is not trusted.' },
});

export const { RequestNotTrusted } = walletErrors;
