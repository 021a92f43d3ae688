// SPDX-License-Identifier: Apache-2.0
// Every error the exchange raises on purpose, from one table. A row that is an X-Road protocol
// fault carries its fault type (PR-REST §4.6) as data: a gateway answers with that type in
// `X-Road-Error` and the body, the status 400 for `Client.*` and 500 for `Server.*`.
import { TesseraError, defineErrors, type ErrorRow, type TesseraErrorOptions } from '@tessera/platform';

/** `Client.*` blames the calling system, `Server.ClientProxy.*` the client gateway, `Server.ServerProxy.*` the provider gateway. */
export type GatewayErrorType = `Client.${string}` | `Server.ClientProxy.${string}` | `Server.ServerProxy.${string}`;

/** Which gateway made an error. */
export type GatewaySide = 'ClientProxy' | 'ServerProxy';

export interface ExchangeErrorRow extends ErrorRow {
  /** The X-Road fault type of an error a gateway answers with. */
  readonly fault?: GatewayErrorType;
}

export interface ExchangeErrorOptions extends TesseraErrorOptions {
  /** For a fault either gateway can find (authentication, internal errors): the one that found it. */
  side?: GatewaySide;
}

export type GatewayErrorBody = { readonly type: string; readonly message: string; readonly detail: string };

/**
 * Base of the exchange's errors. For a protocol fault, `message` goes to the calling system, so
 * it is written by us and never carries internals (addresses, stack traces, SQL); `cause` is for
 * the log only.
 */
export class ExchangeError extends TesseraError {
  static override code = 'ERR_EXCHANGE';
  /** The X-Road fault type when this error is a protocol fault, else undefined. */
  readonly fault: GatewayErrorType | undefined;

  constructor(message: string, options: ExchangeErrorOptions | undefined, row: ExchangeErrorRow) {
    super(message, options);
    this.fault = row.fault && options?.side ? `Server.${options.side}.${row.fault.replace(/^Server\.\w+\./, '')}` : row.fault;
  }

  /** The response body of a fault; `detail` is the id under which the gateway logged it. */
  toBody(this: GatewayError, detail: string): GatewayErrorBody {
    return { type: this.fault, message: this.message, detail };
  }

  /** Tells the caller the error came from a gateway, not from the provider service. */
  header(this: GatewayError): ['X-Road-Error', string] {
    return ['X-Road-Error', this.fault];
  }
}

/** An exchange error that is an X-Road protocol fault. */
export type GatewayError = ExchangeError & { readonly fault: GatewayErrorType };

const clientFault = (name: string) => ({ status: 400, fault: `Client.${name}` }) as const;
const clientProxyFault = (name: string) => ({ status: 500, fault: `Server.ClientProxy.${name}` }) as const;
const serverProxyFault = (name: string) => ({ status: 500, fault: `Server.ServerProxy.${name}` }) as const;
// the TSA failed the provider gateway: an upstream failure (502), X-Road's TimestampFailed
const timeStampFault = { status: 502, fault: 'Server.ServerProxy.TimestampFailed' } as const;

export const exchangeErrors = defineErrors(ExchangeError, {
  // Client.*: the calling system broke the protocol
  BadRequest: { code: 'ERR_BAD_REQUEST', ...clientFault('BadRequest'), message: 'The request does not follow the X-Road message protocol for REST (r1)' },
  InvalidClientIdentifier: { code: 'ERR_INVALID_CLIENT_IDENTIFIER', ...clientFault('InvalidClientIdentifier'), message: 'The X-Road-Client header is not a valid client identifier' },
  InvalidServiceIdentifier: { code: 'ERR_INVALID_SERVICE_IDENTIFIER', ...clientFault('InvalidServiceIdentifier'), message: 'The request path does not name a valid service' },
  InvalidSecurityServer: { code: 'ERR_INVALID_SECURITY_SERVER', ...clientFault('InvalidSecurityServer'), message: 'The X-Road-Security-Server header is not a valid security server identifier' },
  RequestTooLarge: { code: 'ERR_REQUEST_TOO_LARGE', ...clientFault('RequestTooLarge'), message: 'The request is larger than this gateway accepts' },
  // Server.ClientProxy.*: the client gateway failed
  OutdatedGlobalConf: { code: 'ERR_OUTDATED_GLOBAL_CONF', ...clientProxyFault('OutdatedGlobalConf'), message: 'The gateway\'s copy of the central registry is out of date' },
  ClientProxyNetworkError: { code: 'ERR_PROVIDER_GATEWAY_UNREACHABLE', ...clientProxyFault('NetworkError'), message: 'Could not reach the provider\'s gateway' },
  UnknownMember: { code: 'ERR_UNKNOWN_MEMBER', ...clientProxyFault('UnknownMember'), message: 'The central registry does not know this member or subsystem' },
  /** The other end of a gateway-to-gateway connection is not a trusted gateway; `side` says who found out. */
  SslAuthenticationFailed: { code: 'ERR_GATEWAY_AUTHENTICATION_FAILED', ...clientProxyFault('SslAuthenticationFailed'), message: 'The other gateway could not be authenticated' },
  /**
   * The calling information system did not prove it is the client subsystem its X-Road-Client
   * names (no credential, or one issued to another subsystem, rotated or ended). X-Road's
   * IsAuthenticationFailed; the gateway signs and logs nothing for such a request.
   */
  IsAuthenticationFailed: { code: 'ERR_IS_AUTHENTICATION_FAILED', ...clientProxyFault('IsAuthenticationFailed'), message: 'The information system could not be authenticated as the client it names' },
  /** The provider gateway's X-Road-Request-Hash does not match the request this gateway sent. */
  InconsistentResponse: { code: 'ERR_INCONSISTENT_RESPONSE', ...clientProxyFault('InconsistentResponse'), message: 'The response does not belong to the request that was sent' },
  /** A fixed one-minute window per client subsystem ran over. */
  TooManyRequests: {
    code: 'ERR_CLIENT_RATE_LIMITED', ...clientProxyFault('TooManyRequests'),
    message: (client: string) => `${client} has sent more requests this minute than this gateway allows.`,
  },
  // Server.ServerProxy.*: the provider gateway failed or refused
  AccessDenied: { code: 'ERR_ACCESS_DENIED', ...serverProxyFault('AccessDenied'), message: 'The client is not allowed to call this service' },
  UnknownService: { code: 'ERR_UNKNOWN_SERVICE', ...serverProxyFault('UnknownService'), message: 'The provider offers no such service' },
  ServiceFailed: { code: 'ERR_SERVICE_FAILED', ...serverProxyFault('ServiceFailed'), message: 'The provider service did not answer' },
  ServerProxyNetworkError: { code: 'ERR_SERVICE_UNREACHABLE', ...serverProxyFault('NetworkError'), message: 'Could not reach the provider service' },
  InvalidSignature: { code: 'ERR_INVALID_SIGNATURE', ...serverProxyFault('InvalidSignature'), message: 'The request\'s signature does not verify' },
  DuplicateMessageId: { code: 'ERR_DUPLICATE_MESSAGE_ID', ...serverProxyFault('DuplicateMessageId'), message: 'A message with this X-Road-Id was already received from this client' },
  /** Anything a gateway did not foresee; the message is fixed so nothing internal leaks. */
  InternalError: { code: 'ERR_GATEWAY_INTERNAL', ...serverProxyFault('InternalError'), message: () => 'Internal error in the gateway' },
  // message log
  /** The time-stamp authority refused or garbled a batch request; the batch stays pending for the next attempt. */
  TimeStampFailed: { code: 'ERR_TIME_STAMP_FAILED', ...timeStampFault, message: 'The time-stamp authority did not stamp the batch.' },
  TimeStampRefused: { code: 'ERR_TIME_STAMP_REFUSED', ...timeStampFault, parent: 'TimeStampFailed', message: (reason: string) => `The time-stamp authority refused the batch: ${reason}.` },
  TimeStampUnusable: { code: 'ERR_TIME_STAMP_UNUSABLE', ...timeStampFault, parent: 'TimeStampFailed', message: (reason: string) => `The time-stamp response is unusable: ${reason}.` },
  /** A token for another request (another imprint or nonce): a replayed or misdirected answer. */
  TimeStampForOtherRequest: { code: 'ERR_TIME_STAMP_OTHER_REQUEST', ...timeStampFault, parent: 'TimeStampFailed', message: 'The time-stamp token answers another request.' },
  TimeStampUntrusted: { code: 'ERR_TIME_STAMP_UNTRUSTED', ...timeStampFault, parent: 'TimeStampFailed', message: (reason: string) => `The time-stamp token does not verify: ${reason}` },
  /** A log entry whose signature or body does not belong to its digest: it would log and fail every later check. */
  LogEntryInconsistent: { code: 'ERR_LOG_ENTRY_INCONSISTENT', status: 500, message: 'The message log entry does not match its digest.' },
  LogSignatureMismatch: { code: 'ERR_LOG_SIGNATURE_MISMATCH', status: 500, parent: 'LogEntryInconsistent', message: 'The signature is not over this digest.' },
  LogBodyMismatch: { code: 'ERR_LOG_BODY_MISMATCH', status: 500, parent: 'LogEntryInconsistent', message: 'The body does not hash to digest.bodyHash.' },
  MessageDigestInvalid: { code: 'ERR_MESSAGE_DIGEST_INVALID', status: 500, message: (problem: string) => `Not a message digest: ${problem}.` },
  BodyDigestFinished: { code: 'ERR_BODY_DIGEST_FINISHED', status: 500, message: 'The body digest is already finished.' },
  HeaderInvalid: { code: 'ERR_HEADER_INVALID', status: 400, message: 'A header name or value cannot be hashed.' },
  /** A key the exchange cannot sign with (wrong algorithm or curve, or a certificate for another key). */
  SigningKeyUnsupported: { code: 'ERR_SIGNING_KEY_UNSUPPORTED', status: 500, message: 'This key cannot sign exchange messages.' },
  /** A programming or configuration mistake in options handed to the exchange. */
  OptionInvalid: { code: 'ERR_EXCHANGE_OPTION_INVALID', status: 500, message: 'An option has an invalid value.' },
  // central registry
  /**
   * The registry already holds an entry with this identity. A family of its own, so an enrolment
   * that may run twice tolerates exactly this and still fails on a real conflict, such as a
   * certificate that belongs to another gateway.
   */
  AlreadyRegistered: { code: 'ERR_ALREADY_REGISTERED', status: 409, message: 'The registry already holds this entry.' },
  MemberExists: { code: 'ERR_MEMBER_EXISTS', status: 409, message: 'The member is already registered.', parent: 'AlreadyRegistered' },
  SubsystemExists: { code: 'ERR_SUBSYSTEM_EXISTS', status: 409, message: 'The subsystem is already registered.', parent: 'AlreadyRegistered' },
  ServiceExists: { code: 'ERR_SERVICE_EXISTS', status: 409, message: 'The service is already registered.', parent: 'AlreadyRegistered' },
  AccessRightExists: { code: 'ERR_ACCESS_RIGHT_EXISTS', status: 409, message: 'The access right is already granted.', parent: 'AlreadyRegistered' },
  GatewayExists: { code: 'ERR_GATEWAY_EXISTS', status: 409, message: 'The gateway is already registered.', parent: 'AlreadyRegistered' },
  TrustedCaExists: { code: 'ERR_TRUSTED_CA_EXISTS', status: 409, message: 'The CA is already trusted.', parent: 'AlreadyRegistered' },
  TsaExists: { code: 'ERR_TSA_EXISTS', status: 409, message: 'The time-stamping authority is already registered.', parent: 'AlreadyRegistered' },
  GatewayClientExists: { code: 'ERR_GATEWAY_CLIENT_EXISTS', status: 409, message: 'The gateway already hosts this subsystem.', parent: 'AlreadyRegistered' },
  /** A client subsystem's credential is issued once; a new secret is a rotation. */
  ClientCredentialExists: { code: 'ERR_CLIENT_CREDENTIAL_EXISTS', status: 409, message: 'This client already has a credential on this gateway; rotate it instead.', parent: 'AlreadyRegistered' },
  /** A gateway certificate is one gateway's for life: another gateway cannot take it. */
  GatewayCertificateTaken: { code: 'ERR_GATEWAY_CERTIFICATE_TAKEN', status: 409, message: 'This certificate belongs to another gateway.' },
  GatewayCertificateUnchanged: { code: 'ERR_GATEWAY_CERTIFICATE_UNCHANGED', status: 409, message: 'The gateway already uses this certificate.' },
  BatchAlreadyArchived: { code: 'ERR_BATCH_ALREADY_ARCHIVED', status: 409, message: (batchId: number, path: string) => `Batch ${batchId} is already archived at ${path}.` },
  // a gateway's stored identity
  /** A sealed gateway key does not open with this key-encryption key (a wrong KEK, or a changed row). */
  GatewayKeyUnsealable: {
    code: 'ERR_GATEWAY_KEY_UNSEALABLE', status: 500, message: (gateway: string) => `The private keys of gateway ${gateway} cannot be opened with this key-encryption key.`,
  },
  GatewayKeyEncryptionKeyInvalid: { code: 'ERR_GATEWAY_KEK_INVALID', status: 500, message: (length: number) => `The key-encryption key must be 32 bytes, got ${length}.` },
  SealedKeyMalformed: { code: 'ERR_SEALED_KEY_MALFORMED', status: 500, message: 'The sealed key is too short to be one.' },
  GatewayIdentityLost: {
    code: 'ERR_GATEWAY_IDENTITY_LOST', status: 500, message: (gateway: string, generation: number) => `Gateway identity ${gateway} #${generation} vanished after it was stored.`,
  },
  // global configuration, as a gateway downloads it: a refused copy leaves the last valid one in use
  ConfigurationRefused: { code: 'ERR_CONFIGURATION_REFUSED', status: 502, message: 'The downloaded global configuration was refused.' },
  ConfigurationUnreachable: { code: 'ERR_CONFIGURATION_UNREACHABLE', status: 502, message: 'The registry could not be reached.', parent: 'ConfigurationRefused' },
  ConfigurationTooLarge: { code: 'ERR_CONFIGURATION_TOO_LARGE', status: 502, message: 'The configuration is larger than allowed.', parent: 'ConfigurationRefused' },
  ConfigurationSignatureInvalid: { code: 'ERR_CONFIGURATION_SIGNATURE_INVALID', status: 502, message: 'The configuration signature is not valid.', parent: 'ConfigurationRefused' },
  ConfigurationMalformed: { code: 'ERR_CONFIGURATION_MALFORMED', status: 502, message: 'The payload is not a version 1 global configuration.', parent: 'ConfigurationRefused' },
  ConfigurationOtherInstance: { code: 'ERR_CONFIGURATION_OTHER_INSTANCE', status: 502, message: 'The configuration is for another instance.', parent: 'ConfigurationRefused' },
  ConfigurationExpired: { code: 'ERR_CONFIGURATION_EXPIRED', status: 502, message: 'The configuration has expired.', parent: 'ConfigurationRefused' },
  /** An older serial than the one in use: a replayed copy could bring back a revoked right or a removed gateway. */
  ConfigurationRollback: { code: 'ERR_CONFIGURATION_ROLLBACK', status: 502, message: 'The configuration is older than the one in use.', parent: 'ConfigurationRefused' },
  ConfigurationSerialReused: { code: 'ERR_CONFIGURATION_SERIAL_REUSED', status: 502, message: 'The serial in use was reused for a different configuration.', parent: 'ConfigurationRefused' },
});

export const {
  BadRequest, InvalidClientIdentifier, InvalidServiceIdentifier, InvalidSecurityServer, RequestTooLarge,
  OutdatedGlobalConf, ClientProxyNetworkError, UnknownMember, SslAuthenticationFailed, IsAuthenticationFailed, InconsistentResponse, TooManyRequests,
  AccessDenied, UnknownService, ServiceFailed, ServerProxyNetworkError, InvalidSignature, DuplicateMessageId, InternalError,
  TimeStampFailed, TimeStampRefused, TimeStampUnusable, TimeStampForOtherRequest, TimeStampUntrusted,
  LogEntryInconsistent, LogSignatureMismatch, LogBodyMismatch, MessageDigestInvalid, BodyDigestFinished, HeaderInvalid, SigningKeyUnsupported, OptionInvalid,
  AlreadyRegistered, MemberExists, SubsystemExists, ServiceExists, AccessRightExists, GatewayExists, TrustedCaExists, TsaExists, GatewayClientExists, ClientCredentialExists,
  GatewayCertificateTaken, GatewayCertificateUnchanged, BatchAlreadyArchived,
  GatewayKeyUnsealable, GatewayKeyEncryptionKeyInvalid, SealedKeyMalformed, GatewayIdentityLost,
  ConfigurationRefused, ConfigurationUnreachable, ConfigurationTooLarge, ConfigurationSignatureInvalid, ConfigurationMalformed,
  ConfigurationOtherInstance, ConfigurationExpired, ConfigurationRollback, ConfigurationSerialReused,
} = exchangeErrors;

/** An exchange error that is a protocol fault. */
export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof ExchangeError && error.fault !== undefined;
}

/**
 * The fault to answer with for anything thrown while handling a request: an exchange error that
 * is a fault as it is, anything else as `Server.{side}.InternalError` with the original kept
 * only as `cause` (for the log). `side` is explicit because a wrong default would blame the
 * other gateway.
 */
export function gatewayErrorOf(error: unknown, side: GatewaySide): GatewayError {
  if (isGatewayError(error)) return error;
  const internal = new InternalError({ side, cause: error });
  return internal as GatewayError;
}
