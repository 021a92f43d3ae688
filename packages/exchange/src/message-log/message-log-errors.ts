// SPDX-License-Identifier: Apache-2.0
// The message log's faults, carrying X-Road's fault type so a gateway can put it in its error reply.
import { TesseraError } from '@tessera/platform';

/**
 * A message signature that does not verify (bad JWS, untrusted signer, or a digest other than the
 * one expected). X-Road names this fault `Server.ServerProxy.InvalidSignature`; the type is kept
 * verbatim so clients written against X-Road recognise it.
 */
export class InvalidSignature extends TesseraError {
  static override code = 'ERR_INVALID_SIGNATURE';
  override code = InvalidSignature.code;
  // X-Road answers its own faults with 500 and the fault type, not with a 4xx
  override status = 500;
  readonly type = 'Server.ServerProxy.InvalidSignature';
}

/**
 * A second request (or response) with an X-Road-Id already in the log: a replay, or a client
 * reusing ids. Refused so the log never holds two messages a verifier could confuse.
 */
export class DuplicateMessageId extends TesseraError {
  static override code = 'ERR_DUPLICATE_MESSAGE_ID';
  override code = DuplicateMessageId.code;
  override status = 500;
  readonly type = 'Server.ServerProxy.DuplicateMessageId';
}

/** The time-stamp authority refused or garbled a batch request; the batch stays pending for the next attempt. */
export class TimeStampFailed extends TesseraError {
  static override code = 'ERR_TIME_STAMP_FAILED';
  override code = TimeStampFailed.code;
  override status = 502;
  readonly type = 'Server.ServerProxy.TimestampFailed';
}
