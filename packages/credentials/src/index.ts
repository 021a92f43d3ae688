// SPDX-License-Identifier: Apache-2.0
// The credentials context's public API: every export by name.
export {
  TYPE_LOCALES, CREDENTIAL_FORMATS, CLAIM_VALUE_TYPES, SOURCE_DOCUMENTS,
  type CredentialType, type ClaimDefinition, type TypeDisplay, type LocalizedText, type TypeLocale, type CredentialFormat, type ClaimValueType, type SourceDocument,
} from './domain/types/credential-type.ts';
export { validateCredentialType } from './domain/types/validate-credential-type.ts';
export { buildCatalogue, type CatalogueOptions } from './domain/catalogue/build-catalogue.ts';
export { CredentialTypeNotFound, CredentialTypeRetired, CredentialTypeInvalid } from './domain/credential-errors.ts';
export { credentialsMigrations } from './store/migrations.ts';
export type { TypeRegistryDeps } from './store/types/type-registry-deps.ts';
export { installCatalogue } from './store/types/install-catalogue.ts';
export { publishTypeVersion } from './store/types/publish-type-version.ts';
export { retireType } from './store/types/retire-type.ts';
export { activeTypes, listTypes, typeHistory, findType, type TypeVersion } from './store/types/find-types.ts';
