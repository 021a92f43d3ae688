// SPDX-License-Identifier: Apache-2.0
import type { NavLink } from '@tessera/platform';
import type { AuthorityText } from './authority-messages.ts';

export function consoleNav(t: AuthorityText, current: string): NavLink[] {
  return [{ href: '/officer', label: t('queueTitle'), current: current === '/officer' }];
}
