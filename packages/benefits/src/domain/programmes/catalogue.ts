// SPDX-License-Identifier: Apache-2.0
// Every programme Tessera ships, by id.
import type { Programme } from '../engine/types.ts';
import { basicPension } from './kr/basic-pension.ts';
import { childAllowance, firstMeetingVoucher, parentsBenefit } from './kr/family.ts';
import { education, housing, livelihood, medical } from './kr/nbls.ts';
import { eitc } from './kr/eitc.ts';
import { youthRent } from './kr/youth-rent.ts';
import { didimdol } from './kr/didimdol.ts';
import { eeBirthGrant, eeChildAllowance, eeLargeFamily, eeParentalBenefit } from './ee/family.ts';

export type ProgrammeId =
  | 'kr.basic-pension' | 'kr.child-allowance' | 'kr.parents-benefit' | 'kr.first-meeting-voucher'
  | 'kr.nbls-livelihood' | 'kr.nbls-medical' | 'kr.nbls-housing' | 'kr.nbls-education' | 'kr.eitc' | 'kr.youth-rent' | 'kr.didimdol'
  | 'ee.child-allowance' | 'ee.birth-grant' | 'ee.large-family' | 'ee.parental-benefit';

export const PROGRAMMES = {
  'kr.basic-pension': basicPension, 'kr.child-allowance': childAllowance, 'kr.parents-benefit': parentsBenefit, 'kr.first-meeting-voucher': firstMeetingVoucher,
  'kr.nbls-livelihood': livelihood, 'kr.nbls-medical': medical, 'kr.nbls-housing': housing, 'kr.nbls-education': education, 'kr.eitc': eitc,
  'kr.youth-rent': youthRent, 'kr.didimdol': didimdol,
  'ee.child-allowance': eeChildAllowance, 'ee.birth-grant': eeBirthGrant, 'ee.large-family': eeLargeFamily, 'ee.parental-benefit': eeParentalBenefit,
} satisfies Record<ProgrammeId, Programme>;

export const ALL_PROGRAMMES: readonly Programme[] = Object.values(PROGRAMMES);
