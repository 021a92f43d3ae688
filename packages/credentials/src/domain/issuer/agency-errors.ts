// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from '@tessera/platform';

/** The owning agency has no record of the holder for this credential: nothing to issue from. */
export class AgencyHasNoRecord extends TesseraError {
  static override code = 'ERR_AGENCY_HAS_NO_RECORD';
  override code = AgencyHasNoRecord.code;
  override status = 403;
  constructor(typeId: string, agency: string) {
    super(`${agency} holds no record of you for ${typeId}, so the credential cannot be issued. Ask the agency to register you first.`, { extensions: { type: typeId } });
  }
}

/**
 * The owning agency could not be asked (the exchange refused the call, or the agency's service
 * failed); nothing was issued. `fault` is the exchange's fault type (X-Road-Error) when it gave one.
 */
export class AgencyUnavailable extends TesseraError {
  static override code = 'ERR_AGENCY_UNAVAILABLE';
  override code = AgencyUnavailable.code;
  override status = 502;
  constructor(typeId: string, agency: string, fault: string) {
    super(`${agency} could not be asked for the data of ${typeId} (${fault}); nothing was issued. Try again later.`, { extensions: { type: typeId, fault } });
  }
}
