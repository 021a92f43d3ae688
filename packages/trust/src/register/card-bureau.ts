// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto';
import { CardChip } from '../card/card-chip.ts';

/**
 * What a card printer bureau's personalisation line offers the authority: a blank chip driven
 * by the applet's own commands (generate key, write certificate, set PINs, lock). The emulator
 * keeps the chips it made, standing for the cards themselves in the demo and the tests.
 */
export interface CardBureau {
  blankChip(): CardChip;
}

export class EmulatedCardBureau implements CardBureau {
  readonly #chips = new Map<string, CardChip>();

  blankChip(): CardChip {
    const chip = CardChip.blank(`chip-${randomUUID()}`);
    this.#chips.set(chip.chipId, chip);
    return chip;
  }

  /** The physical card with this chip, as its holder would hold it. */
  card(chipId: string): CardChip | undefined {
    return this.#chips.get(chipId);
  }
}
