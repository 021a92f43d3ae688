// SPDX-License-Identifier: Apache-2.0
// The one reader of RFC 3161 answers: a TimeStampResp or a bare TimeStampToken, down to its TSTInfo.
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { PKIStatus, TimeStampResp, TSTInfo } from '@peculiar/asn1-tsp';
import { sequenceElements } from '../crypto/der-bytes.ts';
import { failureReasonsOf } from './failure-info.ts';
import { OID_CT_TST_INFO, OID_SIGNED_DATA } from './tsa-oids.ts';

export type TimeStampReading =
  | {
    ok: true;
    /** The TimeStampToken (CMS ContentInfo) exactly as the TSA encoded it: evidence is kept as signed. */
    token: Uint8Array;
    signedData: SignedData;
    /** The encapsulated TSTInfo's DER, which the signature's message-digest attribute covers. */
    eContent: Uint8Array;
    tstInfo: TSTInfo;
  }
  | { ok: false; reason: string; refused?: boolean };

/**
 * Reads a TimeStampResp (status granted or grantedWithMods, with a token) or a bare token. Checks
 * only the structure; the signature, certificates and imprint are `verifyTimeStampToken`'s.
 */
export function readTimeStamp(bytes: Uint8Array): TimeStampReading {
  const elements = sequenceElements(bytes);
  if (!elements) return { ok: false, reason: 'the input is not a single DER element' };
  let token = bytes;
  let contentInfo: ContentInfo;
  try {
    contentInfo = AsnConvert.parse(bytes, ContentInfo);
  } catch {
    let response: TimeStampResp;
    try {
      response = AsnConvert.parse(bytes, TimeStampResp);
    } catch {
      return { ok: false, reason: 'the input is neither a TimeStampToken nor a TimeStampResp' };
    }
    const { status, failInfo, statusString } = response.status;
    if (status !== PKIStatus.granted && status !== PKIStatus.grantedWithMods) {
      const reasons = failInfo ? failureReasonsOf(failInfo).join(', ') : 'no failure info';
      return { ok: false, refused: true, reason: `the TSA rejected the request (status ${status}; ${reasons}${statusString?.length ? `; ${statusString.join(' ')}` : ''})` };
    }
    const raw = elements[1];
    if (!response.timeStampToken || !raw) return { ok: false, reason: 'the response carries no time-stamp token' };
    contentInfo = response.timeStampToken;
    token = raw;
  }
  if (contentInfo.contentType !== OID_SIGNED_DATA) return { ok: false, reason: 'the token is not CMS SignedData' };
  let signedData: SignedData;
  try {
    signedData = AsnConvert.parse(contentInfo.content, SignedData);
  } catch {
    return { ok: false, reason: 'the SignedData is malformed' };
  }
  if (signedData.encapContentInfo.eContentType !== OID_CT_TST_INFO) return { ok: false, reason: 'the token does not encapsulate a TSTInfo' };
  const content = signedData.encapContentInfo.eContent;
  let eContent: Uint8Array;
  let tstInfo: TSTInfo;
  try {
    if (content?.single) eContent = new Uint8Array(content.single.buffer);
    else if (content?.any) eContent = new Uint8Array(AsnConvert.parse(content.any, OctetString).buffer);
    else return { ok: false, reason: 'the token has no encapsulated TSTInfo' };
  } catch {
    return { ok: false, reason: 'the encapsulated TSTInfo is malformed' };
  }
  try {
    tstInfo = AsnConvert.parse(eContent, TSTInfo);
  } catch {
    return { ok: false, reason: 'the TSTInfo is malformed' };
  }
  return { ok: true, token: new Uint8Array(token), signedData, eContent, tstInfo };
}
