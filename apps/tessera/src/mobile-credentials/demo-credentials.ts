// SPDX-License-Identifier: Apache-2.0
// The demo world's mobile credentials: a holder with an active ID card (one of the demo world's),
// credential offers for them printed at start (SD-JWT VCs and the driver's licence as an ISO mdoc too), and three relying parties (a bank, a hospital, a district office)
// registered for the verification app's templates, with printed demo API keys.
import { createOffer, type CreatedOffer, type PersonRecord } from '@tessera/credentials';
import { cardsByOrder, changeCardState, findCardByOrder, getCard, listCards, personaliseCard, type CardRow, type TrustDeps } from '@tessera/trust';
import { registerRelyingParty, RelyingPartyExists, templateRegistration, type RelyingPartyRegistration, type TemplateId } from '@tessera/verifier';
import type { MobileCredentials } from './start-mobile-credentials.ts';

const HOLDER = { orderReference: 'DEMO-WALLET-1', givenNames: 'Minji', surname: 'Kim', dateOfBirth: '1994-03-08', sex: 'F' as const, citizenship: 'KR', pickupLocation: 'seoul-vfs' };

interface DemoRelyingParty {
  registration: Omit<RelyingPartyRegistration, 'claims'>;
  templates: TemplateId[];
  apiKey: string;
}

export const DEMO_RELYING_PARTIES: DemoRelyingParty[] = [
  {
    registration: { id: 'hana-bank', name: { en: 'Hana Bank', ko: '하나은행', et: 'Hana Pank' }, purpose: { en: 'Opening accounts and age checks required by law', ko: '법령에 따른 계좌 개설 및 연령 확인', et: 'Seadusega nõutud konto avamine ja vanuse kontroll' } },
    templates: ['open-account', 'age-over-19'], apiKey: 'rp_demo-hana-bank-0000000000000000',
  },
  {
    registration: { id: 'seoul-hospital', name: { en: 'Seoul City Hospital', ko: '서울시립병원', et: 'Souli linnahaigla' }, purpose: { en: 'Hiring: checking a nurse’s licence', ko: '채용: 간호사 면허 확인', et: 'Töölevõtt: õe registreeringu kontroll' } },
    templates: ['hire', 'age-over-19'], apiKey: 'rp_demo-seoul-hospital-000000000000',
  },
  {
    registration: { id: 'jongno-office', name: { en: 'Jongno District Office', ko: '종로구청', et: 'Jongno linnaosa valitsus' }, purpose: { en: 'Housing benefit: household register certificate instead of paper', ko: '주거급여: 종이 대신 주민등록표 등본', et: 'Eluasemetoetus: leibkonna registritõend paberi asemel' } },
    templates: ['household-register'], apiKey: 'rp_demo-jongno-office-0000000000000',
  },
  {
    // The proactive benefits service: one-step applications take the certificate from the wallet.
    registration: { id: 'proactive-benefits', name: { en: 'Proactive benefits', ko: '복지 멤버십', et: 'Proaktiivsed toetused' }, purpose: { en: 'Benefit applications: household register certificate instead of paper', ko: '복지 급여 신청: 종이 대신 주민등록표 등본', et: 'Toetuste taotlused: leibkonna registritõend paberi asemel' } },
    templates: ['household-register'], apiKey: 'rp_demo-proactive-benefits-00000000',
  },
];

export interface DemoCredentials {
  holder: { name: string; code: string };
  offer: CreatedOffer;
  relyingParties: Array<{ id: string; name: string; apiKey: string }>;
}

/** The date of birth an identification code carries: century and sex digit, then YYMMDD. */
function birthDateOf(code: string): string {
  const century = { 1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000 }[Number(code[0])] ?? 1900;
  return `${century + Number(code.slice(1, 3))}-${code.slice(3, 5)}-${code.slice(5, 7)}`;
}

/**
 * The demo holder: the newest active card holder of the demo world, so the wallet demo adds
 * nothing to that world; on storage without one (tests), a card of its own is made.
 */
async function demoHolder(trust: TrustDeps): Promise<{ card: CardRow; givenName: string; familyName: string; birthDate: string }> {
  const { items } = await listCards(trust.db, { state: 'active' }, { offset: 0, size: 1 });
  const newest = items[0] && (await cardsByOrder(trust.db, [items[0].orderReference])).get(items[0].orderReference);
  if (newest && newest.orderReference !== HOLDER.orderReference) {
    const names = newest.holderName.split(' ');
    return { card: newest, givenName: names.slice(0, -1).join(' '), familyName: names.at(-1)!, birthDate: birthDateOf(newest.holderCode) };
  }
  let card: CardRow;
  try {
    card = await findCardByOrder(trust.db, HOLDER.orderReference);
  } catch {
    card = (await personaliseCard(trust, HOLDER, 'demo')).card;
    card = await changeCardState(trust, card.id, { action: 'activate' }, 'demo');
  }
  return { card, givenName: HOLDER.givenNames, familyName: HOLDER.surname, birthDate: HOLDER.dateOfBirth };
}

/**
 * Loads the demo's mobile-credentials world (idempotently) and makes a fresh offer for the holder,
 * whom the agencies' registers (`registers`, behind their gateways) are told about first.
 */
export async function loadDemoCredentials(m: MobileCredentials, trust: TrustDeps, registers: { enrol(person: PersonRecord): void }): Promise<DemoCredentials> {
  const { card, givenName, familyName, birthDate } = await demoHolder(trust);
  const { certificates } = await getCard(trust.db, trust.clock, card.id, { staffId: 'demo', purpose: 'demo wallet offer' });
  const authentication = certificates.find((c) => c.usage === 'authentication');
  registers.enrol({ identificationCode: card.holderCode, givenName, familyName, birthDate, facts: { profession: 'Registered nurse', licence_status: 'active' } });
  for (const rp of DEMO_RELYING_PARTIES) {
    try {
      await registerRelyingParty(m.verifier, { ...rp.registration, claims: templateRegistration(rp.templates, m.verifier.vctBase) }, 'demo', { apiKey: rp.apiKey, webhookSecret: `whsec_demo_${rp.registration.id}` });
    } catch (e) {
      if (!(e instanceof RelyingPartyExists)) throw e;
    }
  }
  const offer = await createOffer(m.issuer, {
    holder: card.holderCode, documentRef: card.state === 'active' ? authentication?.serial ?? null : null,
    configurationIds: ['kr.mois.public-worker-id.sd-jwt', 'kr.knpa.mobile-driver-licence.sd-jwt', 'kr.knpa.mobile-driver-licence.mdoc', 'kr.mois.household-register-certificate.sd-jwt', 'kr.mohw.nurse.sd-jwt'],
  }, 'demo');
  return { holder: { name: `${givenName} ${familyName}`, code: card.holderCode }, offer, relyingParties: DEMO_RELYING_PARTIES.map((r) => ({ id: r.registration.id, name: r.registration.name.en, apiKey: r.apiKey })) };
}
