// SPDX-License-Identifier: Apache-2.0
import { Conflict, NotFound } from '@tessera/platform';

export class CardAlreadyOrdered extends Conflict {
  static override code = 'ERR_CARD_ALREADY_ORDERED';
  override code = CardAlreadyOrdered.code;
  constructor(orderReference: string) {
    super(`A card was already personalised for ${orderReference}.`);
  }
}

export class CardNotFound extends NotFound {
  static override code = 'ERR_CARD_NOT_FOUND';
  override code = CardNotFound.code;
  constructor() {
    super('No such card.');
  }
}
