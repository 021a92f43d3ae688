// SPDX-License-Identifier: Apache-2.0
import { TesseraError } from '@tessera/platform';

/** Errors of the certificate authority and its key store; each has a stable `code` for callers and logs. */
export class CaError extends TesseraError {
  static override code = 'ERR_CA';
  override code = CaError.code;
}

/** The key-encryption key does not open the stored key: wrong KEK, or the record was tampered with. */
export class KeyEncryptionKeyWrong extends CaError {
  static override code = 'ERR_KEYSTORE_KEK_WRONG';
  override code = KeyEncryptionKeyWrong.code;
  constructor(label: string, options?: { cause?: unknown }) {
    super(`The key-encryption key does not open key "${label}" (wrong KEK or altered record).`, options);
  }
}

/** The KEK handed to the key store is not 32 bytes. */
export class KeyEncryptionKeyInvalid extends CaError {
  static override code = 'ERR_KEYSTORE_KEK_INVALID';
  override code = KeyEncryptionKeyInvalid.code;
  constructor(length: number) {
    super(`The key-encryption key must be 32 bytes, got ${length}.`);
  }
}

export class KeyNotFound extends CaError {
  static override code = 'ERR_KEYSTORE_KEY_NOT_FOUND';
  override code = KeyNotFound.code;
  override status = 404;
  constructor(label: string) {
    super(`No key "${label}" in the key store.`);
  }
}

/** Keys are never overwritten: a label names one key for life. */
export class KeyLabelTaken extends CaError {
  static override code = 'ERR_KEYSTORE_LABEL_TAKEN';
  override code = KeyLabelTaken.code;
  override status = 409;
  constructor(label: string) {
    super(`The key store already holds a key "${label}".`);
  }
}

export class KeyLabelInvalid extends CaError {
  static override code = 'ERR_KEYSTORE_LABEL_INVALID';
  override code = KeyLabelInvalid.code;
  override status = 400;
  constructor(label: string) {
    super(`Key label "${label}" is not allowed: use 1–64 of a-z, A-Z, 0-9, ".", "_", "-", starting with a letter or digit.`);
  }
}

/** A stored record that is not a wrapped key of ours (corrupt file, foreign data). */
export class KeyRecordInvalid extends CaError {
  static override code = 'ERR_KEYSTORE_RECORD_INVALID';
  override code = KeyRecordInvalid.code;
  constructor(label: string, reason: string) {
    super(`The stored record of key "${label}" is invalid: ${reason}.`);
  }
}

/** The key ceremony runs once per hierarchy; a second run would mint a parallel root. */
export class CaHierarchyExists extends CaError {
  static override code = 'ERR_CA_HIERARCHY_EXISTS';
  override code = CaHierarchyExists.code;
  override status = 409;
  constructor(labels: string[]) {
    super(`A CA hierarchy already exists in the key store (keys: ${labels.join(', ')}).`, { extensions: { labels } });
  }
}

/** Input to a certificate profile or CRL that would yield a wrong certificate. */
export class CertificateInputInvalid extends CaError {
  static override code = 'ERR_CA_INPUT_INVALID';
  override code = CertificateInputInvalid.code;
  override status = 400;
}
