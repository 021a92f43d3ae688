// SPDX-License-Identifier: Apache-2.0
// The wallet's storage: IndexedDB on the phone. Keys are stored as CryptoKey objects, which
// IndexedDB keeps without ever exposing the private key material (they were made non-extractable).
import type { PendingAuthorization } from './issuance.ts';

export interface StoredCredential {
  id: string;
  raw: string;
  /** SD-JWT VC or ISO mdoc; absent on credentials stored before the wallet held mdocs (SD-JWT VC). */
  format?: 'dc+sd-jwt' | 'mso_mdoc';
  /** The vct of an SD-JWT VC, the doctype of an mdoc. */
  vct: string;
  /** An mdoc's data element identifiers per namespace (what a DCQL claim path names). */
  namespaces?: Record<string, string[]>;
  configurationId: string;
  issuer: string;
  /** Claims the card shows: the plain ones and every disclosure's. */
  claims: Record<string, unknown>;
  /** Card name and colours per locale, and each claim's label per locale, from the issuer's metadata. */
  display: Record<string, { name: string; backgroundColor?: string; textColor?: string }>;
  claimLabels: Record<string, Record<string, string>>;
  keyId: string;
  receivedAt: string;
  expiresAt: string | null;
}

export interface HistoryEntry {
  id: string;
  at: string;
  relyingParty: string;
  purpose: string;
  credentialName: string;
  claims: string[];
  outcome: 'shared' | 'declined' | 'refused';
  detail?: string;
}

const DB = 'tessera-wallet';
let opened: Promise<IDBDatabase> | undefined;

function db(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    // Version 2 adds the authorization the person is signing in for (the code flow leaves the page and comes back).
    const request = indexedDB.open(DB, 2);
    request.onupgradeneeded = (event) => {
      const d = request.result;
      if (event.oldVersion < 1) {
        d.createObjectStore('credentials', { keyPath: 'id' });
        d.createObjectStore('keys');
        d.createObjectStore('history', { keyPath: 'id' });
      }
      if (event.oldVersion < 2) d.createObjectStore('pending');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

async function run<T>(store: string, mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(store, mode);
    const request = act(tx.objectStore(store));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
  });
}

export const saveKey = (id: string, key: CryptoKey) => run('keys', 'readwrite', (s) => s.put(key, id));
export const loadKey = (id: string) => run<CryptoKey | undefined>('keys', 'readonly', (s) => s.get(id));
export const saveCredential = (c: StoredCredential) => run('credentials', 'readwrite', (s) => s.put(c));
export const listCredentials = () => run<StoredCredential[]>('credentials', 'readonly', (s) => s.getAll());
export const getCredential = (id: string) => run<StoredCredential | undefined>('credentials', 'readonly', (s) => s.get(id));
export const addHistory = (h: HistoryEntry) => run('history', 'readwrite', (s) => s.put(h));
/** One authorization at a time: a new one replaces an abandoned one, whose code then no longer completes. */
export const savePending = (p: PendingAuthorization) => run('pending', 'readwrite', (s) => s.put(p, 'current'));

/** The pending authorization, removed as it is read: a redirect back completes it at most once. */
export async function takePending(): Promise<PendingAuthorization | undefined> {
  const pending = await run<PendingAuthorization | undefined>('pending', 'readonly', (s) => s.get('current'));
  await run('pending', 'readwrite', (s) => s.delete('current'));
  return pending;
}
export const listHistory = async () => (await run<HistoryEntry[]>('history', 'readonly', (s) => s.getAll())).sort((a, b) => b.at.localeCompare(a.at));

/** Removes a credential and its key: the key is gone for good, as recovery is re-issuance, never export. */
export async function removeCredential(id: string): Promise<void> {
  const c = await getCredential(id);
  await run('credentials', 'readwrite', (s) => s.delete(id));
  if (c) await run('keys', 'readwrite', (s) => s.delete(c.keyId));
}
