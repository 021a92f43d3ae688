// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from '@tessera/platform';

/** A presentation request the wallet will not show: its signature, signer or form is wrong. */
export class RequestNotTrusted extends TesseraError {
  static override code = 'ERR_REQUEST_NOT_TRUSTED';
  override code = RequestNotTrusted.code;
  override status = 400;
}
