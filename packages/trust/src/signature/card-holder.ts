// SPDX-License-Identifier: Apache-2.0
import 'reflect-metadata';
import type { X509Certificate } from '@peculiar/x509';

export interface CardHolder {
  givenNames: string;
  surname: string;
  /** The identification code from the ETSI semantics identifier PNOEE-…. */
  identificationCode: string;
  country: string;
}

/** The person a card certificate names (subject GN, SN, serialNumber = PNOxx-code, C). */
export function cardHolderOf(certificate: X509Certificate): CardHolder {
  const name = certificate.subjectName;
  const first = (oid: string) => name.getField(oid)[0] ?? '';
  const serial = first('2.5.4.5');
  return {
    givenNames: first('2.5.4.42'),
    surname: first('2.5.4.4'),
    identificationCode: serial.replace(/^PNO[A-Z]{2}-/, ''),
    country: first('2.5.4.6'),
  };
}
