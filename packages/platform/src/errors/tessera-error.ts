// SPDX-License-Identifier: Apache-2.0

/** One problem found in a request, in the spirit of zod's issues: machine `code`, JSON-pointer-ish `path`. */
export interface ValidationIssue {
  code: string;
  path: string;
  message: string;
}

/** What every TesseraError takes besides its message. */
export interface TesseraErrorOptions {
  cause?: unknown;
  /** Extra members for the problem details body (4xx only). */
  extensions?: Record<string, unknown>;
}

/**
 * Base of every error a Tessera context raises on purpose. Each subclass has a stable `code`
 * (on the class and the instance, as jose does) and an HTTP status; `http/` maps it once to
 * RFC 9457 problem details. Messages of 4xx errors are shown to callers, so they hold no secrets.
 */
export class TesseraError extends Error {
  static code = 'ERR_TESSERA';
  code: string = TesseraError.code;
  status = 500;
  /** Extra members for the problem details body (4xx only). */
  extensions: Record<string, unknown> | undefined;

  constructor(message: string, options?: TesseraErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.extensions = options?.extensions;
  }
}

export class ValidationFailed extends TesseraError {
  static override code = 'ERR_VALIDATION';
  override code = ValidationFailed.code;
  override status = 400;
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[], message = 'The request has invalid fields.') {
    super(message, { extensions: { errors: issues } });
    this.issues = issues;
  }
}

export class NotFound extends TesseraError {
  static override code = 'ERR_NOT_FOUND';
  override code = NotFound.code;
  override status = 404;
}

export class Unauthenticated extends TesseraError {
  static override code = 'ERR_UNAUTHENTICATED';
  override code = Unauthenticated.code;
  override status = 401;
  constructor(message = 'Sign-in required.') {
    super(message);
  }
}

export class Forbidden extends TesseraError {
  static override code = 'ERR_FORBIDDEN';
  override code = Forbidden.code;
  override status = 403;
  constructor(message = 'You do not have permission for this action.') {
    super(message);
  }
}

export class Conflict extends TesseraError {
  static override code = 'ERR_CONFLICT';
  override code = Conflict.code;
  override status = 409;
}

export class PayloadTooLarge extends TesseraError {
  static override code = 'ERR_PAYLOAD_TOO_LARGE';
  override code = PayloadTooLarge.code;
  override status = 413;
}

export class UnsupportedMediaType extends TesseraError {
  static override code = 'ERR_UNSUPPORTED_MEDIA_TYPE';
  override code = UnsupportedMediaType.code;
  override status = 415;
}

export class TooManyRequests extends TesseraError {
  static override code = 'ERR_TOO_MANY_REQUESTS';
  override code = TooManyRequests.code;
  override status = 429;
}

/** An Idempotency-Key reused with a different request (draft-ietf-httpapi-idempotency-key-header §2.7). */
export class IdempotencyKeyReused extends TesseraError {
  static override code = 'ERR_IDEMPOTENCY_KEY_REUSED';
  override code = IdempotencyKeyReused.code;
  override status = 422;
  constructor() {
    super('This Idempotency-Key was already used for a different request.');
  }
}

/** A second request with the same Idempotency-Key while the first is still running. */
export class IdempotencyKeyInFlight extends TesseraError {
  static override code = 'ERR_IDEMPOTENCY_KEY_IN_FLIGHT';
  override code = IdempotencyKeyInFlight.code;
  override status = 409;
  constructor() {
    super('A request with this Idempotency-Key is still being processed.');
  }
}

/** A transition the state machine does not allow; nothing is changed. */
export class InvalidTransition extends TesseraError {
  static override code = 'ERR_INVALID_TRANSITION';
  override code = InvalidTransition.code;
  override status = 409;
  constructor(entity: string, from: string, action: string) {
    super(`Cannot ${action} a ${entity} that is ${from}.`, { extensions: { from, action } });
  }
}
