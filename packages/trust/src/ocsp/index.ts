// SPDX-License-Identifier: Apache-2.0
export {
  normalizeSerialHex, REVOCATION_REASON_CODES,
  type CertificateStatus, type CertificateStatusSource, type RevocationReason,
} from './certificate-status.ts';
export { createOcspResponder, type OcspAnswer, type OcspResponder, type OcspResponderOptions } from './ocsp-responder.ts';
export { registerOcspRoutes, decodeGetRequest } from './ocsp-route.ts';
export { p1363ToDer, derToP1363, type EcCurve as ResponderCurve } from '../crypto/ecdsa-signature.ts';
export { checkOcsp, checkOcspSerial, ocspUrlOf, type OcspCheck } from './ocsp-client.ts';
