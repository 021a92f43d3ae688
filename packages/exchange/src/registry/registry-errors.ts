// SPDX-License-Identifier: Apache-2.0
import { Conflict } from '@tessera/platform';

/**
 * The registry already holds an entry with this identity. Its own class (not any Conflict), so
 * an enrolment that may run twice tolerates exactly this and still fails on a real conflict,
 * such as a certificate that belongs to another gateway.
 */
export class AlreadyRegistered extends Conflict {
  static override code = 'ERR_ALREADY_REGISTERED';
  override code: string = AlreadyRegistered.code;
}

export class MemberExists extends AlreadyRegistered {
  static override code = 'ERR_MEMBER_EXISTS';
  override code = MemberExists.code;
}

export class SubsystemExists extends AlreadyRegistered {
  static override code = 'ERR_SUBSYSTEM_EXISTS';
  override code = SubsystemExists.code;
}

export class ServiceExists extends AlreadyRegistered {
  static override code = 'ERR_SERVICE_EXISTS';
  override code = ServiceExists.code;
}

export class AccessRightExists extends AlreadyRegistered {
  static override code = 'ERR_ACCESS_RIGHT_EXISTS';
  override code = AccessRightExists.code;
}

export class GatewayExists extends AlreadyRegistered {
  static override code = 'ERR_GATEWAY_EXISTS';
  override code = GatewayExists.code;
}

export class TrustedCaExists extends AlreadyRegistered {
  static override code = 'ERR_TRUSTED_CA_EXISTS';
  override code = TrustedCaExists.code;
}

export class TsaExists extends AlreadyRegistered {
  static override code = 'ERR_TSA_EXISTS';
  override code = TsaExists.code;
}
