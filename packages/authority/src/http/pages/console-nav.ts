// SPDX-License-Identifier: Apache-2.0
import type { NavLink } from '@tessera/platform';
import type { AuthorityText } from './authority-messages.ts';

export function consoleNav(t: AuthorityText, current: string): NavLink[] {
  // The card register belongs to the trust services; officers reach both from one console.
  return [
    { href: '/officer', label: t('queueTitle'), current: current === '/officer' },
    { href: '/officer/centres', label: t('partnerCentres'), current: current === '/officer/centres' },
    { href: '/officer/cards', label: t('cardRegister') },
  ];
}
