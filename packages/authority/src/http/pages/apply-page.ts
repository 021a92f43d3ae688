// SPDX-License-Identifier: Apache-2.0
import { csrfField, dateInput, errorSummary, fileInput, html, page, radios, selectField, textarea, textInput, type Locale, type ValidationIssue } from '@tessera/platform';
import { COUNTRY_CODES, MOTIVATIONS, SEXES } from '../../domain/application/application-form.ts';
import type { FeeSchedule } from '../../domain/application/fee.ts';
import type { PickupLocationRow } from '../../store/schema.ts';
import { formatFee } from '../../store/links.ts';
import { authorityText } from './authority-messages.ts';

export interface ApplyPageOptions {
  locale: Locale;
  path: string;
  locations: PickupLocationRow[];
  values: Record<string, string>;
  issues: ValidationIssue[];
  csrfToken: string;
  fees: FeeSchedule;
}

/** The application form; one page, grouped into fieldsets, answers kept after a mistake. */
export function applyPage(o: ApplyPageOptions) {
  const t = authorityText(o.locale);
  const countryNames = new Intl.DisplayNames([o.locale], { type: 'region' });
  const countries = COUNTRY_CODES.map((code) => ({ value: code, label: countryNames.of(code) ?? code }))
    .sort((a, b) => a.label.localeCompare(b.label, o.locale));
  const error = (field: string) => o.issues.find((i) => i.path.split('/').pop() === field)?.message;
  const field = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    label: t(name as never),
    value: o.values[name] ?? '',
    error: error(name),
    ...extra,
  });
  const countryField = (name: string, autocomplete?: string) => selectField({ ...field(name), options: [{ value: '', label: t('choose') }, ...countries], ...(autocomplete ? { autocomplete } : {}) });
  const body = html`${errorSummary(o.issues, o.locale)}
<form method="post" action="/apply" enctype="multipart/form-data" novalidate>
  ${csrfField(o.csrfToken)}
  <fieldset class="fieldset"><legend>${t('sectionPerson')}</legend>
    ${textInput({ ...field('givenNames'), hint: t('givenNamesHint'), autocomplete: 'given-name' })}
    ${textInput({ ...field('surname'), autocomplete: 'family-name' })}
    ${dateInput({ ...field('dateOfBirth'), autocomplete: 'bday' })}
    ${radios({ ...field('sex'), hint: t('sexHint'), options: SEXES.map((s) => ({ value: s, label: t(`sex_${s}`) })) })}
    ${countryField('citizenship')}
    ${countryField('residenceCountry', 'country')}
    ${textInput({ ...field('email'), type: 'email', hint: t('emailHint'), autocomplete: 'email' })}
  </fieldset>
  <fieldset class="fieldset"><legend>${t('sectionDocument')}</legend>
    <p class="hint">${t('documentHint')}</p>
    ${textInput({ ...field('documentNumber'), autocomplete: 'off' })}
    ${countryField('documentCountry')}
    ${dateInput(field('documentIssuedOn'))}
    ${dateInput(field('documentExpiresOn'))}
  </fieldset>
  <fieldset class="fieldset"><legend>${t('sectionPurpose')}</legend>
    ${radios({ ...field('motivation'), options: MOTIVATIONS.map((m) => ({ value: m, label: t(`motivation_${m}`) })) })}
    ${textarea({ ...field('motivationText'), hint: t('motivationTextHint') })}
  </fieldset>
  <fieldset class="fieldset"><legend>${t('sectionPickup')}</legend>
    ${radios({
      ...field('pickupLocation'),
      hint: t('pickupHint'),
      options: o.locations.map((l) => ({
        value: l.code,
        label: l.name,
        ...(l.surchargeMinor > 0 ? { hint: t('surcharge', { amount: formatFee(l.surchargeMinor, o.fees.currency, o.locale) }) } : {}),
      })),
    })}
  </fieldset>
  <fieldset class="fieldset"><legend>${t('sectionFiles')}</legend>
    ${fileInput({ name: 'photo', label: t('photo'), hint: t('photoHint'), accept: 'image/jpeg,image/png', error: error('photo') })}
    ${fileInput({ name: 'passportScan', label: t('passportScan'), hint: t('passportScanHint'), accept: 'image/jpeg,image/png,application/pdf', error: error('passportScan') })}
  </fieldset>
  <p>${t('feeNotice', { fee: formatFee(o.fees.stateFeeMinor, o.fees.currency, o.locale) })}</p>
  <button type="submit" class="button">${t('submit')}</button>
</form>`;
  return page({ title: t('applyTitle'), locale: o.locale, service: t('service'), path: o.path, body });
}
