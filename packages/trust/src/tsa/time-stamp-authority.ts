// SPDX-License-Identifier: Apache-2.0
// RFC 3161 Time-Stamp Authority: turns a DER TimeStampReq into a DER TimeStampResp.
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { createHash } from 'node:crypto';
import { AsnConvert, AsnObjectIdentifierConverter, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, GeneralName, GeneralNames } from '@peculiar/asn1-x509';
import {
  Attribute, CertificateChoices, CertificateSet, CMSVersion, DigestAlgorithmIdentifiers, EncapsulatedContent, EncapsulatedContentInfo,
  IssuerAndSerialNumber, MessageDigest, SignedData, SignerIdentifier, SignerInfo, SignerInfos, SigningTime,
} from '@peculiar/asn1-cms';
import { Accuracy, MessageImprint, PKIFreeText, PKIStatus, PKIStatusInfo, TimeStampReq, TimeStampResp, TimeStampToken, TSTInfo } from '@peculiar/asn1-tsp';
import { ExtendedKeyUsageExtension, X509Certificate } from '@peculiar/x509';
import { isSingleElement, positiveIntegerBytes } from '../crypto/der-bytes.ts';
import { sameBytes } from '../crypto/same-bytes.ts';
import {
  CertificateNotCanonical, SignerUnsupported, TsaAccuracyInvalid, TsaCertificateUsage, TsaClockInvalid, TsaKeyMismatch, TsaPolicyInvalid, TsaSerialInvalid,
} from '../trust-errors.ts';
import { p1363ToDer, type EcCurve } from '../crypto/ecdsa-signature.ts';
import { EssCertIdV2, IssuerSerial, SigningCertificateV2 } from './ess-signing-certificate.ts';
import { failureInfoFor, type FailureReason } from './failure-info.ts';
import { encodeSignedAttributes, sortAttributes } from './signed-attributes.ts';
import {
  IMPRINT_DIGESTS, OID_CONTENT_TYPE, OID_CT_TST_INFO, OID_ECDSA_WITH_SHA256, OID_ECDSA_WITH_SHA384, OID_EXTENDED_KEY_USAGE,
  OID_KP_TIME_STAMPING, OID_MESSAGE_DIGEST, OID_SHA256, OID_SHA384, OID_SIGNED_DATA, OID_SIGNING_CERTIFICATE_V2, OID_SIGNING_TIME,
} from './tsa-oids.ts';

export interface TimeStampSigner {
  /** The TSA certificate: EKU id-kp-timeStamping (critical), key on `algorithm`'s curve. */
  certificate: X509Certificate | Uint8Array;
  /** DER certificates above the TSA certificate, sent along when the client sets certReq. */
  chain?: Uint8Array[];
  /**
   * Signs `data` (the DER signed attributes, not a digest) with ECDSA, hashing with SHA-256 on
   * P-256 and SHA-384 on P-384 — exactly `crypto.subtle.sign({ name: 'ECDSA', hash }, key, data)` —
   * and returns the IEEE P1363 form r || s (64 bytes on P-256, 96 on P-384), as WebCrypto does.
   * The authority converts it to the DER ECDSA-Sig-Value CMS requires.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
  algorithm: EcCurve;
}

export interface TimeStampAccuracy {
  seconds?: number;
  millis?: number;
  micros?: number;
}

export interface TimeStampAuthorityOptions {
  signer: TimeStampSigner;
  /** The TSA policy OID stamped into every token. */
  policy: string;
  clock: { now(): Date };
  /** Must yield a distinct positive integer of at most 160 bits per call (RFC 3161 §2.4.2). */
  serialNumbers: () => Promise<bigint> | bigint;
  accuracy?: TimeStampAccuracy;
  /**
   * Told about failures on our side (signer, serial source, clock). The client only ever sees a
   * systemFailure / timeNotAvailable status, so this is where an operator learns the cause.
   */
  onError?: (error: unknown) => void;
}

export interface TimeStampAuthority {
  /** Never throws: every failure, including unreadable input, becomes a rejection TimeStampResp. */
  respond(requestDer: Uint8Array): Promise<Uint8Array>;
}

const SIGNATURE_PROFILE: Record<EcCurve, { digest: string; digestOid: string; signatureOid: string }> = {
  'P-256': { digest: 'sha256', digestOid: OID_SHA256, signatureOid: OID_ECDSA_WITH_SHA256 },
  'P-384': { digest: 'sha384', digestOid: OID_SHA384, signatureOid: OID_ECDSA_WITH_SHA384 },
};
const OID_PATTERN = /^[0-2](\.(0|[1-9]\d*))+$/;
const DER_NULL = new Uint8Array([0x05, 0x00]);

class Rejection {
  reason: FailureReason;
  text: string;
  constructor(reason: FailureReason, text: string) {
    this.reason = reason;
    this.text = text;
  }
}

export function createTimeStampAuthority(options: TimeStampAuthorityOptions): TimeStampAuthority {
  const { signer, policy, clock, serialNumbers, onError } = options;
  if (!OID_PATTERN.test(policy)) throw new TsaPolicyInvalid(policy);
  const profile = SIGNATURE_PROFILE[signer.algorithm];
  if (!profile) throw new SignerUnsupported(`The TSA cannot sign with ${String(signer.algorithm)}.`);

  const tsaCertificate = signer.certificate instanceof X509Certificate ? signer.certificate : new X509Certificate(new Uint8Array(signer.certificate));
  const tsaDer = new Uint8Array(tsaCertificate.rawData);
  checkTsaCertificate(tsaCertificate, signer.algorithm);
  const tsaAsn = parseCertificateExactly(tsaDer);
  const chainAsn = (signer.chain ?? []).map((der) => parseCertificateExactly(der));
  const accuracy = options.accuracy ? accuracyFrom(options.accuracy) : undefined;

  // Fixed per authority, so computed once: the ESS attribute binds every token to this exact
  // certificate, which stops a substituted certificate with the same key being passed off as ours.
  const signingCertificateValue = AsnConvert.serialize(new SigningCertificateV2({
    certs: [new EssCertIdV2({
      certHash: new OctetString(new Uint8Array(createHash('sha256').update(tsaDer).digest())),
      issuerSerial: new IssuerSerial({
        issuer: new GeneralNames([new GeneralName({ directoryName: tsaAsn.tbsCertificate.issuer })]),
        serialNumber: tsaAsn.tbsCertificate.serialNumber,
      }),
    })],
  }));
  const contentTypeValue = AsnObjectIdentifierConverter.toASN(OID_CT_TST_INFO).toBER(false);
  const sid = new SignerIdentifier({
    issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: tsaAsn.tbsCertificate.issuer, serialNumber: tsaAsn.tbsCertificate.serialNumber }),
  });
  // Naming the TSA in TSTInfo lets a verifier holding only the token see whose stamp it is.
  const tsaName = new GeneralName({ directoryName: tsaAsn.tbsCertificate.subject });

  function check(request: TimeStampReq): Rejection | undefined {
    if (request.version !== 1) return new Rejection('badRequest', `unsupported TimeStampReq version ${request.version}`);
    const { hashAlgorithm, hashedMessage } = request.messageImprint;
    const digest = IMPRINT_DIGESTS.get(hashAlgorithm.algorithm);
    if (!digest) return new Rejection('badAlg', `message imprint algorithm ${hashAlgorithm.algorithm} is not accepted; use SHA-256, SHA-384 or SHA-512`);
    const parameters = hashAlgorithm.parameters;
    if (parameters !== undefined && parameters !== null && !sameBytes(parameters, DER_NULL)) {
      return new Rejection('badAlg', 'message imprint algorithm has unexpected parameters');
    }
    if (hashedMessage.byteLength !== digest.length) {
      return new Rejection('badDataFormat', `a ${digest.name} imprint is ${digest.length} bytes, got ${hashedMessage.byteLength}`);
    }
    if (request.reqPolicy !== undefined && request.reqPolicy !== policy) {
      return new Rejection('unacceptedPolicy', `policy ${request.reqPolicy} is not offered; this TSA stamps under ${policy}`);
    }
    // RFC 3161 §2.4.1: an extension we do not understand must be refused, and we understand none
    if (request.extensions && request.extensions.length > 0) return new Rejection('unacceptedExtension', 'request extensions are not supported');
    return undefined;
  }

  async function issue(request: TimeStampReq): Promise<TimeStampToken | Rejection> {
    let genTime: Date;
    try {
      genTime = clock.now();
      if (!(genTime instanceof Date) || Number.isNaN(genTime.getTime())) throw new TsaClockInvalid();
    } catch (error) {
      onError?.(error);
      return new Rejection('timeNotAvailable', 'the time source is not available');
    }
    const serialNumber = await serialNumbers();
    if (typeof serialNumber !== 'bigint' || serialNumber <= 0n || serialNumber >= 1n << 160n) {
      throw new TsaSerialInvalid();
    }

    const tstInfo = new TSTInfo({
      policy,
      // echoed as parsed: RFC 3161 requires the same value the client sent
      messageImprint: new MessageImprint({ hashAlgorithm: request.messageImprint.hashAlgorithm, hashedMessage: request.messageImprint.hashedMessage }),
      serialNumber: positiveIntegerBytes(serialNumber).buffer,
      // Date is an instant; the GeneralizedTime converter writes it in UTC with a Z suffix
      genTime,
      accuracy,
      ordering: false,
      nonce: request.nonce,
      tsa: tsaName,
    });
    const tstInfoDer = AsnConvert.serialize(tstInfo);

    const signedAttrs = sortAttributes([
      new Attribute({ attrType: OID_CONTENT_TYPE, attrValues: [contentTypeValue] }),
      new Attribute({
        attrType: OID_MESSAGE_DIGEST,
        attrValues: [AsnConvert.serialize(new MessageDigest(new Uint8Array(createHash(profile.digest).update(new Uint8Array(tstInfoDer)).digest())))],
      }),
      new Attribute({ attrType: OID_SIGNING_TIME, attrValues: [AsnConvert.serialize(new SigningTime(genTime))] }),
      new Attribute({ attrType: OID_SIGNING_CERTIFICATE_V2, attrValues: [signingCertificateValue] }),
    ]);
    const signature = p1363ToDer(signer.algorithm, await signer.sign(encodeSignedAttributes(signedAttrs)));

    const signedData = new SignedData({
      // v3 because the encapsulated content is not id-data (RFC 5652 §5.1)
      version: CMSVersion.v3,
      digestAlgorithms: new DigestAlgorithmIdentifiers([new AlgorithmIdentifier({ algorithm: profile.digestOid })]),
      encapContentInfo: new EncapsulatedContentInfo({
        eContentType: OID_CT_TST_INFO,
        eContent: new EncapsulatedContent({ single: new OctetString(tstInfoDer) }),
      }),
      certificates: request.certReq
        ? new CertificateSet([tsaAsn, ...chainAsn].map((certificate) => new CertificateChoices({ certificate })))
        : undefined,
      signerInfos: new SignerInfos([new SignerInfo({
        version: CMSVersion.v1,
        sid,
        digestAlgorithm: new AlgorithmIdentifier({ algorithm: profile.digestOid }),
        signedAttrs,
        signatureAlgorithm: new AlgorithmIdentifier({ algorithm: profile.signatureOid }),
        signature: new OctetString(signature),
      })]),
    });
    return new TimeStampToken({ contentType: OID_SIGNED_DATA, content: AsnConvert.serialize(signedData) });
  }

  return {
    async respond(requestDer) {
      const request = parseRequest(new Uint8Array(requestDer));
      if (!request) return rejection(new Rejection('badDataFormat', 'the request is not a DER-encoded TimeStampReq'));
      const problem = check(request);
      if (problem) return rejection(problem);
      try {
        const token = await issue(request);
        if (token instanceof Rejection) return rejection(token);
        return new Uint8Array(AsnConvert.serialize(new TimeStampResp({ status: new PKIStatusInfo({ status: PKIStatus.granted }), timeStampToken: token })));
      } catch (error) {
        onError?.(error);
        return rejection(new Rejection('systemFailure', 'the time-stamp could not be issued'));
      }
    },
  };
}

/** The request, or undefined when it is not one DER-encoded TimeStampReq with its message imprint. */
function parseRequest(bytes: Uint8Array): TimeStampReq | undefined {
  if (!isSingleElement(bytes)) return undefined;
  let request: TimeStampReq;
  try {
    request = AsnConvert.parse(bytes, TimeStampReq);
  } catch {
    return undefined;
  }
  // the schema parser tolerates missing pieces; make sure the essentials are really there
  if (typeof request.messageImprint?.hashAlgorithm?.algorithm !== 'string' || !(request.messageImprint.hashedMessage instanceof OctetString)) return undefined;
  return request;
}

function rejection({ reason, text }: Rejection): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(new TimeStampResp({
    status: new PKIStatusInfo({ status: PKIStatus.rejection, statusString: new PKIFreeText([text]), failInfo: failureInfoFor(reason) }),
  })));
}

/** RFC 3161 §2.3: the TSA certificate must carry exactly one, critical, EKU of id-kp-timeStamping. */
function checkTsaCertificate(certificate: X509Certificate, curve: EcCurve): void {
  const eku = certificate.getExtension(ExtendedKeyUsageExtension);
  if (!eku || !eku.critical || eku.usages.length !== 1 || eku.usages[0] !== OID_KP_TIME_STAMPING) {
    throw new TsaCertificateUsage();
  }
  if (certificate.getExtensions(OID_EXTENDED_KEY_USAGE).length !== 1) throw new TsaCertificateUsage('The TSA certificate has more than one extended key usage extension.');
  const key = certificate.publicKey.algorithm as EcKeyAlgorithm;
  if (key.name !== 'ECDSA' || key.namedCurve !== curve) {
    throw new TsaKeyMismatch(`The TSA certificate key is ${key.name} ${key.namedCurve ?? ''}, but the signer says ECDSA ${curve}.`);
  }
}

/**
 * The schema classes re-encode a certificate when it goes into SignedData. A certificate whose
 * DER does not survive that round trip would arrive with a broken signature, so refuse it up front.
 */
function parseCertificateExactly(der: Uint8Array): Certificate {
  const certificate = AsnConvert.parse(der, Certificate);
  if (!sameBytes(AsnConvert.serialize(certificate), der)) throw new CertificateNotCanonical();
  return certificate;
}

function accuracyFrom({ seconds, millis, micros }: TimeStampAccuracy): Accuracy {
  const inRange = (value: number | undefined, max: number) => value === undefined || (Number.isInteger(value) && value >= (max === Infinity ? 0 : 1) && value <= max);
  if (!inRange(seconds, Infinity) || !inRange(millis, 999) || !inRange(micros, 999)) {
    throw new TsaAccuracyInvalid();
  }
  const accuracy = new Accuracy();
  // the class defaults seconds to 0; leave it out when not given so we claim no more than configured
  accuracy.seconds = seconds as number;
  if (millis !== undefined) accuracy.millis = millis;
  if (micros !== undefined) accuracy.micros = micros;
  return accuracy;
}
