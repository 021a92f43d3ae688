// SPDX-License-Identifier: Apache-2.0

/** How a status tag is coloured; the text always says the status, colour only supports it. */
export function statusTone(status: string): 'neutral' | 'info' | 'success' | 'warning' | 'danger' {
  switch (status) {
    case 'approved': return 'success';
    case 'rejected': return 'danger';
    case 'awaiting_second_approval':
    case 'awaiting_payment': return 'warning';
    case 'in_review': return 'info';
    default: return 'neutral';
  }
}
