// SPDX-License-Identifier: Apache-2.0
// The message log's faults, carrying X-Road's fault type so a gateway can put it in its error reply.
import { TesseraError } from '@tessera/platform';

// A bad signature and a replayed X-Road-Id are protocol faults: the gateway's own error classes.
export { InvalidSignature, DuplicateMessageId } from '../protocol/gateway-errors.ts';

/** The time-stamp authority refused or garbled a batch request; the batch stays pending for the next attempt. */
export class TimeStampFailed extends TesseraError {
  static override code = 'ERR_TIME_STAMP_FAILED';
  override code = TimeStampFailed.code;
  override status = 502;
  readonly type = 'Server.ServerProxy.TimestampFailed';
}
