// SPDX-License-Identifier: Apache-2.0
import type { ApplicationForm } from '@tessera/authority';

const SURNAMES = ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Han', 'Oh', 'Seo', 'Shin', 'Kwon', 'Hwang', 'Ahn', 'Song', 'Yoo', 'Hong'];
const GIVEN = ['Min-jun', 'Seo-yeon', 'Ji-ho', 'Ha-eun', 'Do-yun', 'Yongdae', 'Ji-woo', 'Seo-jun', 'Su-ah', 'Ye-jun', 'Ji-an', 'Hyun-woo', 'Eun-ji', 'Jae-won', 'Soo-bin', 'Dong-hyun', 'Mi-rae', 'Tae-yang', 'Na-rae', 'Sung-min', 'Ye-rin', 'Jun-seo', 'Chae-won', 'Woo-jin'];
/** Given names above that are usually women's, for the sex field of the fictional passports. */
const FEMALE_NAMES = new Set(['Seo-yeon', 'Ha-eun', 'Ji-woo', 'Su-ah', 'Ji-an', 'Eun-ji', 'Soo-bin', 'Mi-rae', 'Na-rae', 'Ye-rin', 'Chae-won']);
const MOTIVATIONS: Array<[ApplicationForm['motivation'], string]> = [
  ['company', 'I want to found an EU company to sell my design studio’s services to European clients.'],
  ['business_services', 'I run an online shop in Seoul and need EU payment and banking services for it.'],
  ['investment', 'I invest in Estonian start-ups and want to sign shareholder documents digitally.'],
  ['digital_signing', 'I work with Estonian partners and need to sign contracts with a qualified signature.'],
  ['other', 'I am a freelance software developer working with clients across the European Union.'],
];


const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The n-th fictional Korean applicant of the Seoul pilot, picking up at the Seoul centre. */
export function koreanApplicant(random: () => number, n: number, today: Date): ApplicationForm {
  const surname = pick(random, SURNAMES);
  const given = pick(random, GIVEN);
  const born = new Date(Date.UTC(1960 + Math.floor(random() * 45), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
  const issued = new Date(today.getTime() - Math.floor((0.2 + random() * 7) * 365 * 86400_000));
  const expires = new Date(issued.getTime());
  expires.setUTCFullYear(expires.getUTCFullYear() + 10);
  const [motivation, motivationText] = pick(random, MOTIVATIONS);
  return {
    givenNames: given,
    surname,
    dateOfBirth: isoDate(born),
    sex: FEMALE_NAMES.has(given) ? 'F' : 'M',
    citizenship: 'KR',
    residenceCountry: 'KR',
    email: `${given.toLowerCase().replace(/-/g, '')}.${surname.toLowerCase()}${n}@example.kr`,
    documentNumber: `M${String(10000000 + Math.floor(random() * 89999999))}`,
    documentCountry: 'KR',
    documentIssuedOn: isoDate(issued),
    documentExpiresOn: isoDate(expires),
    motivation,
    motivationText,
    pickupLocation: 'seoul-vfs',
    locale: random() < 0.7 ? 'ko' : 'en',
  };
}
