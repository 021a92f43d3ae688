// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import { ObjectIdentifier } from 'asn1js';
import { Name } from '@peculiar/x509';
import { derElement } from '../crypto/der-bytes.ts';
import { CertificateInputInvalid } from '../trust-errors.ts';

export const NAME_OID = {
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  givenName: '2.5.4.42',
  serialNumber: '2.5.4.5',
  organizationIdentifier: '2.5.4.97',
} as const;

export interface PersonName {
  surname: string;
  /** All given names, as on the document ("JAAK-KRISTJAN"). */
  givenNames: string;
}

export interface PersonSubject extends PersonName {
  /** Personal identification code, e.g. the Estonian isikukood "38001085718". */
  identificationCode: string;
  /** Subject `C`: ISO 3166-1 alpha-2. */
  country: string;
  /** Country that issued the identification code, for the `PNO<cc>-` prefix; e-residents hold Estonian codes. Default "EE". */
  identifierCountry?: string;
}

export interface OrganisationSubject {
  commonName: string;
  organization: string;
  country: string;
  organizationalUnit?: string;
  /** ETSI EN 319 412-1 §5.1.4 legal-person identifier, e.g. "NTREE-70000000". */
  organizationIdentifier?: string;
}

type Encoding = 'printable' | 'utf8';

const COUNTRY = /^[A-Z]{2}$/;
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9./-]{0,39}$/;
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const CONTROL = /[\u0000-\u001f\u007f]/;

function text(field: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed === '' || CONTROL.test(trimmed)) throw new CertificateInputInvalid(`The ${field} must be non-empty text.`);
  return trimmed;
}

function country(field: string, value: string): string {
  if (!COUNTRY.test(value)) throw new CertificateInputInvalid(`The ${field} must be an ISO 3166-1 alpha-2 code, got "${value}".`);
  return value;
}

/** Each attribute type's OBJECT IDENTIFIER, DER-encoded once. */
const oidDer = new Map<string, Uint8Array>();
function attributeType(oid: string): Uint8Array {
  let der = oidDer.get(oid);
  if (!der) {
    der = new Uint8Array(new ObjectIdentifier({ value: oid }).toBER());
    oidDer.set(oid, der);
  }
  return der;
}

const PRINTABLE_STRING = 0x13;
const UTF8_STRING = 0x0c;
const utf8 = new TextEncoder();

/**
 * The Name's DER from explicit string types instead of @peculiar/x509's string parsing: RFC
 * 5280 wants PrintableString for C and serialNumber, names are UTF8String (Õ, Ä, …), and commas
 * in the CN must not be read as RDN separators. One attribute per RDN, in the order given;
 * encoded directly, as a certificate's subject is built for every card.
 */
function nameDer(attributes: ReadonlyArray<readonly [oid: string, value: string, encoding: Encoding]>): Uint8Array<ArrayBuffer> {
  return derElement(0x30, ...attributes.map(([type, value, encoding]) => derElement(0x31,
    derElement(0x30, attributeType(type), derElement(encoding === 'printable' ? PRINTABLE_STRING : UTF8_STRING, utf8.encode(value))))));
}

/** ETSI EN 319 412-1 §5.1.3 natural-person semantics identifier: "PNO" + country + "-" + code. */
export function naturalPersonIdentifier(identifierCountry: string, identificationCode: string): string {
  country('identifier country', identifierCountry);
  if (!IDENTIFIER.test(identificationCode)) throw new CertificateInputInvalid(`The identification code "${identificationCode}" is not printable or too long.`);
  return `PNO${identifierCountry}-${identificationCode}`;
}

/**
 * Subject of a card certificate: C, CN = "SURNAME,GIVENNAMES,PNOEE-<code>", SN, GN,
 * serialNumber = PNOEE-<code>; in the order of the Estonian ID-card certificates. Names are
 * upper case as printed in the machine-readable zone.
 */
export function personName(subject: PersonSubject): Name {
  return new Name(personNameDer(subject));
}

/** {@link personName} as DER. */
export function personNameDer(subject: PersonSubject): Uint8Array<ArrayBuffer> {
  return nameDer(personAttributes(subject));
}

/** Short names @peculiar/x509's `Name.toString` uses; other types it writes as their OID. */
const SHORT_NAMES: Readonly<Record<string, string>> = { [NAME_OID.country]: 'C', [NAME_OID.commonName]: 'CN', [NAME_OID.surname]: 'SN', [NAME_OID.givenName]: 'G' };

/** RFC 4514 escaping exactly as @peculiar/x509 does it (control characters never reach here: `text` refuses them). */
const escapeValue = (value: string): string => value.replace(/([,+"\\<>;])/g, '\\$1').replace(/^([ #])/, '\\$1').replace(/([ ]$)/, '\\$1');

/**
 * {@link personName}'s string form, `new Name(personNameDer(subject)).toString()` without
 * encoding and parsing the Name: the register stores it beside every card certificate.
 */
export function personNameText(subject: PersonSubject): string {
  return personAttributes(subject).map(([type, value]) => `${SHORT_NAMES[type] ?? type}=${escapeValue(value)}`).join(', ');
}

function personAttributes(subject: PersonSubject): Array<readonly [string, string, Encoding]> {
  const surname = text('surname', subject.surname).toUpperCase();
  const givenNames = text('given names', subject.givenNames).toUpperCase();
  const serialNumber = naturalPersonIdentifier(subject.identifierCountry ?? 'EE', subject.identificationCode);
  return [
    [NAME_OID.country, country('country', subject.country), 'printable'],
    [NAME_OID.commonName, `${surname},${givenNames},${serialNumber}`, 'utf8'],
    [NAME_OID.surname, surname, 'utf8'],
    [NAME_OID.givenName, givenNames, 'utf8'],
    [NAME_OID.serialNumber, serialNumber, 'printable'],
  ];
}

/** Subject of a CA, gateway or responder: C, O, (OU), (organizationIdentifier), CN. */
export function organisationName(subject: OrganisationSubject): Name {
  const attributes: Array<readonly [string, string, Encoding]> = [
    [NAME_OID.country, country('country', subject.country), 'printable'],
    [NAME_OID.organization, text('organization', subject.organization), 'utf8'],
  ];
  if (subject.organizationalUnit !== undefined) attributes.push([NAME_OID.organizationalUnit, text('organizational unit', subject.organizationalUnit), 'utf8']);
  if (subject.organizationIdentifier !== undefined) attributes.push([NAME_OID.organizationIdentifier, text('organization identifier', subject.organizationIdentifier), 'utf8']);
  attributes.push([NAME_OID.commonName, text('common name', subject.commonName), 'utf8']);
  return new Name(nameDer(attributes));
}
