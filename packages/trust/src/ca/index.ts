// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata'; // before anything loads @peculiar/x509
export { HASH_FOR_CURVE, WrappedKeyStore, assertKeyLabel, type CaKeyAlgorithm, type KeyStore, type KeyStoreBackend, type Signer, type WrappedKey } from './key-store.ts';
export { FileKeyStoreBackend, MemoryKeyStoreBackend } from './key-store-backends.ts';
export { NAME_OID, naturalPersonIdentifier, organisationName, personName, type OrganisationSubject, type PersonName, type PersonSubject } from './subject-names.ts';
export { ANY_POLICY, EKU, ETSI_POLICY, OCSP_NOCHECK, TESSERA_POLICY } from './policy-oids.ts';
export { QC_OID, QcStatement, QcStatements, QcTypes, SemanticsInformation, qcStatementsExtension, readQcStatements, type QcStatementsInput } from './qc-statements.ts';
export { cryptoSigningWith } from './signer-crypto.ts';
export { ISSUING_CA_ROLES, cardAuthentication, cardSigning, gatewaySigning, gatewayTls, issuingCa, mdocDocumentSigner, ocspResponder, randomSerialNumber, rootCa, timeStamping, type CardAuthenticationInput, type GatewayTlsInput, type IssuingAuthority, type IssuingCaInput, type IssuingCaRole, type PersonCertificateInput, type RootCaInput, type StatusUrls, type SystemCertificateInput, type Validity } from './certificate-profiles.ts';
export { RevocationReason, buildCrl, crlToPem, type CrlInput, type RevokedEntry } from './crl.ts';
export { hierarchyKeyLabels, issuingAuthority, runKeyCeremony, type CaHierarchy, type CaRecord, type KeyCeremonyOptions } from './key-ceremony.ts';
