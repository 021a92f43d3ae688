// SPDX-License-Identifier: Apache-2.0
import type { DocumentStatus } from './credential-status.ts';

/**
 * Where the issuer learns the status of the documents credentials derive from (the ID card
 * register). `ref` is what the issuer recorded at issuance: the serial of the card's
 * authentication certificate the holder signed in with.
 */
export interface DocumentStatusSource {
  status(ref: string): Promise<DocumentStatus>;
  /** Called after a document's status changed; returns an unsubscribe. */
  onChange(listener: (ref: string) => void): () => void;
  /**
   * A source reached over the wire says when changes may have been missed (it was not connected
   * to the register's feed): every followed document is then asked again. Returns an unsubscribe.
   */
  onResync?(listener: () => void): () => void;
}
