// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata'; // before anything loads @peculiar/x509
export * from './ca-errors.ts';
export * from './key-store.ts';
export * from './key-store-backends.ts';
export * from './subject-names.ts';
export * from './policy-oids.ts';
export * from './qc-statements.ts';
export * from './signer-crypto.ts';
export * from './certificate-profiles.ts';
export * from './crl.ts';
export * from './key-ceremony.ts';
