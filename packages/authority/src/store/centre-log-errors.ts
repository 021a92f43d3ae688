// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from '@tessera/platform';

/** No transparency-log key is registered for the centre: none of its tree heads can be checked, so none is accepted. */
export class CentreLogKeyUnknown extends TesseraError {
  static override code = 'ERR_CENTRE_LOG_KEY_UNKNOWN';
  override code = CentreLogKeyUnknown.code;
  override status = 409;
}

/** The tree head is not signed by the centre's registered log key. */
export class CentreTreeHeadSignatureInvalid extends TesseraError {
  static override code = 'ERR_CENTRE_TREE_HEAD_SIGNATURE';
  override code = CentreTreeHeadSignatureInvalid.code;
  override status = 400;
  constructor() {
    super('The tree head is not signed by the centre’s registered log key.');
  }
}

/**
 * The tree head is not an extension of the head the authority accepted last (a fork, a rollback
 * or a rewritten history); it is refused and an alert is raised.
 */
export class CentreLogForked extends TesseraError {
  static override code = 'ERR_CENTRE_LOG_FORKED';
  override code = CentreLogForked.code;
  override status = 409;
}

/** The consistency proof starts from a size other than the head accepted last; the answer names that size. */
export class TreeHeadBaseMismatch extends TesseraError {
  static override code = 'ERR_TREE_HEAD_BASE_MISMATCH';
  override code = TreeHeadBaseMismatch.code;
  override status = 409;
  constructor(acceptedSize: number) {
    super(`The proof must start from the head accepted last (size ${acceptedSize}).`, { extensions: { acceptedSize } });
  }
}

/** A reported action came without the centre's log entry for it, or with one that records something else; the report is refused. */
export class ReportedEntryMismatch extends TesseraError {
  static override code = 'ERR_CENTRE_LOG_ENTRY_MISMATCH';
  override code = ReportedEntryMismatch.code;
  override status = 400;
  constructor() {
    super('The log entry sent with the report does not record the reported action.');
  }
}
