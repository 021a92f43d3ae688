// SPDX-License-Identifier: Apache-2.0

/**
 * Where a card is, as the centre accounts for it. A manifest announces it (`in_transit`); the
 * operator confirms its arrival (`in_stock`) or reports it `missing` or `damaged`; from stock it
 * is `handed_over` to its holder, or, uncollected, `returned` to the authority or `destroyed`.
 */
export const STOCK_STATES = ['in_transit', 'in_stock', 'missing', 'damaged', 'handed_over', 'returned', 'destroyed'] as const;
export type StockState = (typeof STOCK_STATES)[number];

/** Custody events the centre reports to the authority, one per change of a card's state. */
export const CUSTODY_EVENTS = ['arrived', 'missing', 'damaged', 'handed_over', 'returned', 'destroyed'] as const;
export type CustodyEvent = (typeof CUSTODY_EVENTS)[number];

/** The state each custody event leads to. */
export const STATE_AFTER: Readonly<Record<CustodyEvent, StockState>> = {
  arrived: 'in_stock', missing: 'missing', damaged: 'damaged', handed_over: 'handed_over', returned: 'returned', destroyed: 'destroyed',
};

/** The one state each event may start from. */
export const STATE_BEFORE: Readonly<Record<CustodyEvent, StockState>> = {
  arrived: 'in_transit', missing: 'in_transit', damaged: 'in_transit', handed_over: 'in_stock', returned: 'in_stock', destroyed: 'in_stock',
};
