// SPDX-License-Identifier: Apache-2.0

/** One listed person or organisation, reduced to what name screening needs. */
export interface SanctionsEntry {
  id: string;
  /** The list's own reference, e.g. "KPi.033"; quoted to officers. */
  reference: string;
  /** Primary full name first, then aliases. */
  names: string[];
  /** 'YYYY-MM-DD' or 'YYYY'; empty when unknown (always for organisations). */
  datesOfBirth: string[];
  /** As given in the list (free text). */
  nationalities: string[];
  listedOn?: string;
  listType?: string;
}

export interface SanctionsList {
  /** Which list, for the record kept with every screening result. */
  source: string;
  generatedAt: string | null;
  entries: SanctionsEntry[];
}
