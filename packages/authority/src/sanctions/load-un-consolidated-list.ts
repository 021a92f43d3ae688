// SPDX-License-Identifier: Apache-2.0
import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SanctionsListInvalid } from '../domain/authority-errors.ts';
import type { SanctionsEntry, SanctionsList } from '../domain/checks/index.ts';

export const UN_CONSOLIDATED_LIST_SOURCE = 'UN Security Council Consolidated List';

// Elements that may repeat; declared so one occurrence still parses as an array.
const REPEATED = new Set([
  'INDIVIDUAL', 'ENTITY', 'VALUE',
  'INDIVIDUAL_ALIAS', 'ENTITY_ALIAS', 'INDIVIDUAL_ADDRESS', 'ENTITY_ADDRESS',
  'INDIVIDUAL_DATE_OF_BIRTH', 'INDIVIDUAL_PLACE_OF_BIRTH', 'INDIVIDUAL_DOCUMENT',
]);

/** A range wider than this says nothing useful about the date of birth, so it is treated as unknown. */
const MAX_BETWEEN_YEARS = 30;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Keep every value a string: DATAIDs, years and names like "SCIH 2011" must not turn into numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (tagName, _jPath, _isLeaf, isAttribute) => !isAttribute && REPEATED.has(tagName),
});

/**
 * Reads the UN Security Council Consolidated List
 * (https://scsanctions.un.org/resources/xml/en/consolidated.xml): individuals with their names,
 * aliases, dates of birth and nationalities, and entities by name.
 */
export function parseUnConsolidatedList(xml: string, source: string = UN_CONSOLIDATED_LIST_SOURCE): SanctionsList {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new SanctionsListInvalid(`the XML is malformed (${valid.err.msg}, line ${valid.err.line})`);
  }
  const doc: unknown = parser.parse(xml);
  const root = field(doc, 'CONSOLIDATED_LIST');
  if (root === undefined) {
    const found = isRecord(doc) ? Object.keys(doc).filter((k) => !k.startsWith('?')).join(', ') : '';
    throw new SanctionsListInvalid(`the root element is ${found || 'missing'}, expected CONSOLIDATED_LIST`);
  }
  const generatedAt = text(field(root, '@_dateGenerated')) || null;
  const entries: SanctionsEntry[] = [];
  for (const person of list(field(field(root, 'INDIVIDUALS'), 'INDIVIDUAL'))) {
    const entry = entryOf(person, 'INDIVIDUAL_ALIAS');
    if (!entry) continue;
    entry.datesOfBirth = unique(list(field(person, 'INDIVIDUAL_DATE_OF_BIRTH')).flatMap(datesOfBirth));
    entry.nationalities = unique(list(field(field(person, 'NATIONALITY'), 'VALUE')).map(text).filter((n) => n !== ''));
    entries.push(entry);
  }
  for (const entity of list(field(field(root, 'ENTITIES'), 'ENTITY'))) {
    const entry = entryOf(entity, 'ENTITY_ALIAS');
    if (entry) entries.push(entry);
  }
  return { source, generatedAt, entries };
}

export function loadUnConsolidatedList(path: string): SanctionsList {
  return parseUnConsolidatedList(readFileSync(path, 'utf8'));
}

function entryOf(node: unknown, aliasElement: string): SanctionsEntry | null {
  const primary = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((k) => text(field(node, k))).filter((p) => p !== '').join(' ');
  const aliases = list(field(node, aliasElement))
    // 'Low' quality aliases are single nicknames or kunyas ("Abu Yasin") that would match thousands
    // of innocent applicants; the list itself marks them as too broad to screen on.
    .filter((a) => text(field(a, 'QUALITY')).toLowerCase() !== 'low')
    .map((a) => text(field(a, 'ALIAS_NAME')));
  const names = unique([primary, ...aliases].filter((n) => n !== ''));
  const reference = text(field(node, 'REFERENCE_NUMBER'));
  if (names.length === 0) return null;
  const entry: SanctionsEntry = { id: text(field(node, 'DATAID')) || reference, reference, names, datesOfBirth: [], nationalities: [] };
  const listedOn = text(field(node, 'LISTED_ON'));
  const listType = text(field(node, 'UN_LIST_TYPE'));
  if (listedOn) entry.listedOn = listedOn;
  if (listType) entry.listType = listType;
  return entry;
}

/**
 * As 'YYYY-MM-DD' or 'YYYY'. An approximate year also counts for the years either side and a
 * BETWEEN range for every year in it, so screening never dismisses a name match on a date the
 * list only knows roughly.
 */
function datesOfBirth(dob: unknown): string[] {
  const type = text(field(dob, 'TYPE_OF_DATE')).toUpperCase();
  const date = text(field(dob, 'DATE'));
  const year = text(field(dob, 'YEAR')) || (/^\d{4}-/.test(date) ? date.slice(0, 4) : '');
  if (type === 'BETWEEN') {
    const from = Number(text(field(dob, 'FROM_YEAR')));
    const to = Number(text(field(dob, 'TO_YEAR')));
    return Number.isInteger(from) && Number.isInteger(to) && from > 0 && to >= from && to - from <= MAX_BETWEEN_YEARS ? yearsFrom(from, to) : [];
  }
  if (type === 'APPROXIMATELY') return /^\d{4}$/.test(year) ? yearsFrom(Number(year) - 1, Number(year) + 1) : [];
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return [date];
  return /^\d{4}$/.test(year) ? [year] : [];
}

function yearsFrom(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field(node: unknown, key: string): unknown {
  return isRecord(node) ? node[key] : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v];
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
