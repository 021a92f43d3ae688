// SPDX-License-Identifier: Apache-2.0
// Errors a gateway makes itself, in the shape PR-REST §4.6 gives them: a JSON body
// {type, message, detail} and the header `X-Road-Error: {type}`. A provider service's own
// errors never become these; they pass through untouched.

/** `Client.*` blames the calling system, `Server.ClientProxy.*` the client gateway, `Server.ServerProxy.*` the provider gateway. */
export type GatewayErrorType = `Client.${string}` | `Server.ClientProxy.${string}` | `Server.ServerProxy.${string}`;

/** Which gateway made an error it cannot classify. */
export type GatewaySide = 'ClientProxy' | 'ServerProxy';

export type GatewayErrorBody = { readonly type: string; readonly message: string; readonly detail: string };

/**
 * An error a gateway answers with. `message` goes to the calling system, so it is written
 * by us and never carries internals (addresses, stack traces, SQL); `cause` is for the log only.
 */
export class GatewayError extends Error {
  readonly type: GatewayErrorType;
  /** 400 when the request breaks the protocol (every `Client.*` type), 500 otherwise (PR-REST §4.6). */
  readonly status: 400 | 500;

  constructor(type: GatewayErrorType, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.type = type;
    this.status = type.startsWith('Client.') ? 400 : 500;
  }

  /** The response body; `detail` is the id under which the gateway logged this error. */
  toBody(detail: string): GatewayErrorBody {
    return { type: this.type, message: this.message, detail };
  }

  /** Tells the caller the error came from a gateway, not from the provider service. */
  header(): ['X-Road-Error', string] {
    return ['X-Road-Error', this.type];
  }
}

// --- Client.*: the calling system broke the protocol (400) ---

export class BadRequest extends GatewayError {
  constructor(message = 'The request does not follow the X-Road message protocol for REST (r1)', options?: ErrorOptions) {
    super('Client.BadRequest', message, options);
  }
}

export class InvalidClientIdentifier extends GatewayError {
  constructor(message = 'The X-Road-Client header is not a valid client identifier', options?: ErrorOptions) {
    super('Client.InvalidClientIdentifier', message, options);
  }
}

export class InvalidServiceIdentifier extends GatewayError {
  constructor(message = 'The request path does not name a valid service', options?: ErrorOptions) {
    super('Client.InvalidServiceIdentifier', message, options);
  }
}

export class InvalidSecurityServer extends GatewayError {
  constructor(message = 'The X-Road-Security-Server header is not a valid security server identifier', options?: ErrorOptions) {
    super('Client.InvalidSecurityServer', message, options);
  }
}

export class RequestTooLarge extends GatewayError {
  constructor(message = 'The request is larger than this gateway accepts', options?: ErrorOptions) {
    super('Client.RequestTooLarge', message, options);
  }
}

// --- Server.ClientProxy.*: the client gateway failed (500) ---

export class OutdatedGlobalConf extends GatewayError {
  constructor(message = 'The gateway\'s copy of the central registry is out of date', options?: ErrorOptions) {
    super('Server.ClientProxy.OutdatedGlobalConf', message, options);
  }
}

export class ClientProxyNetworkError extends GatewayError {
  constructor(message = 'Could not reach the provider\'s gateway', options?: ErrorOptions) {
    super('Server.ClientProxy.NetworkError', message, options);
  }
}

export class UnknownMember extends GatewayError {
  constructor(message = 'The central registry does not know this member or subsystem', options?: ErrorOptions) {
    super('Server.ClientProxy.UnknownMember', message, options);
  }
}

/** The other end of a gateway-to-gateway connection is not a trusted gateway; `side` is who found out. */
export class SslAuthenticationFailed extends GatewayError {
  constructor(message = 'The other gateway could not be authenticated', options?: ErrorOptions & { side?: GatewaySide }) {
    super(`Server.${options?.side ?? 'ClientProxy'}.SslAuthenticationFailed`, message, options);
  }
}

/** The provider gateway's X-Road-Request-Hash does not match the request this gateway sent. */
export class InconsistentResponse extends GatewayError {
  constructor(message = 'The response does not belong to the request that was sent', options?: ErrorOptions) {
    super('Server.ClientProxy.InconsistentResponse', message, options);
  }
}

// --- Server.ServerProxy.*: the provider gateway failed or refused (500) ---

export class AccessDenied extends GatewayError {
  constructor(message = 'The client is not allowed to call this service', options?: ErrorOptions) {
    super('Server.ServerProxy.AccessDenied', message, options);
  }
}

export class UnknownService extends GatewayError {
  constructor(message = 'The provider offers no such service', options?: ErrorOptions) {
    super('Server.ServerProxy.UnknownService', message, options);
  }
}

export class ServiceFailed extends GatewayError {
  constructor(message = 'The provider service did not answer', options?: ErrorOptions) {
    super('Server.ServerProxy.ServiceFailed', message, options);
  }
}

export class ServerProxyNetworkError extends GatewayError {
  constructor(message = 'Could not reach the provider service', options?: ErrorOptions) {
    super('Server.ServerProxy.NetworkError', message, options);
  }
}

export class InvalidSignature extends GatewayError {
  constructor(message = 'The request\'s signature does not verify', options?: ErrorOptions) {
    super('Server.ServerProxy.InvalidSignature', message, options);
  }
}

export class DuplicateMessageId extends GatewayError {
  constructor(message = 'A message with this X-Road-Id was already received from this client', options?: ErrorOptions) {
    super('Server.ServerProxy.DuplicateMessageId', message, options);
  }
}

/** Anything a gateway did not foresee; the message is fixed so nothing internal leaks. */
export class InternalError extends GatewayError {
  constructor(side: GatewaySide, options?: ErrorOptions) {
    super(`Server.${side}.InternalError`, 'Internal error in the gateway', options);
  }
}

/**
 * The gateway error to answer with for anything thrown while handling a request: a
 * GatewayError as it is, anything else as `Server.{side}.InternalError` with the original
 * kept only as `cause` (for the log). `side` is explicit because a wrong default would
 * blame the other gateway.
 */
export function gatewayErrorOf(error: unknown, side: GatewaySide): GatewayError {
  if (error instanceof GatewayError) return error;
  return new InternalError(side, { cause: error });
}
