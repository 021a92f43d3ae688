// SPDX-License-Identifier: Apache-2.0
import { eq } from 'drizzle-orm';
import type { Database } from '../storage/database.ts';
import type { AuthDeps } from './auth-deps.ts';
import { TotpAlreadyEnrolled, TotpNotConfirmed } from '../errors/platform-errors.ts';
import { recordAuthEvent } from './record-auth-event.ts';
import { staff } from './schema.ts';
import { deriveKey, open, seal, SealBroken } from './secret-box.ts';
import { generateTotpSecret, totpUri, verifyTotp } from './totp.ts';

/** How long an enrolment form stays valid. */
const ENROLMENT_TTL_MS = 15 * 60_000;

/** A TOTP enrolment in progress: shown to the staff member, confirmed with a code. */
export interface TotpEnrolment {
  /** Base32 secret, shown as text for typing into an app. */
  secret: string;
  /** `otpauth://totp/...` URI for authenticator apps. */
  uri: string;
  /** Opaque, encrypted and bound to the staff member; round-trips through the form. */
  enrolment: string;
}

interface EnrolmentPayload {
  secret: string;
  expiresAt: number;
}

function present(deps: AuthDeps, issuer: string, account: string, payload: EnrolmentPayload, staffId: string): TotpEnrolment {
  return {
    secret: payload.secret,
    uri: totpUri({ issuer, account, secret: payload.secret }),
    enrolment: seal(deriveKey(deps.secretKey, 'totp-enrolment'), JSON.stringify(payload), staffId),
  };
}

/**
 * Starts enrolling an authenticator app: a new random secret, sealed with AES-256-GCM into an
 * enrolment value bound to this staff member, so nothing is stored until a code confirms it.
 */
export function startTotpEnrolment(deps: AuthDeps, options: { staffId: string; account: string; issuer: string }): TotpEnrolment {
  const payload = { secret: generateTotpSecret(), expiresAt: deps.clock.now().getTime() + ENROLMENT_TTL_MS };
  return present(deps, options.issuer, options.account, payload, options.staffId);
}

/**
 * Opens an enrolment value again (to re-show the same secret after a wrong code). Throws
 * `TotpNotConfirmed` when it was altered, belongs to someone else or has expired.
 */
export function reopenTotpEnrolment(deps: AuthDeps, options: { staffId: string; account: string; issuer: string; enrolment: string }): TotpEnrolment {
  const payload = openEnrolment(deps, options.staffId, options.enrolment);
  return present(deps, options.issuer, options.account, payload, options.staffId);
}

function openEnrolment(deps: AuthDeps, staffId: string, enrolment: string): EnrolmentPayload {
  let payload: EnrolmentPayload;
  try {
    payload = JSON.parse(open(deriveKey(deps.secretKey, 'totp-enrolment'), enrolment, staffId)) as EnrolmentPayload;
  } catch (error) {
    if (error instanceof SealBroken || error instanceof SyntaxError) throw new TotpNotConfirmed();
    throw error;
  }
  if (typeof payload.secret !== 'string' || typeof payload.expiresAt !== 'number' || payload.expiresAt <= deps.clock.now().getTime()) {
    throw new TotpNotConfirmed();
  }
  return payload;
}

/**
 * Confirms an enrolment with a code from the app (RFC 6238), then stores the secret encrypted
 * with AES-256-GCM (bound to the staff id) and the code's time step, so the confirming code
 * cannot be used again to sign in; records `staff.totp-enrolled` in the same transaction.
 * Throws `TotpNotConfirmed` for a wrong code or a bad enrolment value and `TotpAlreadyEnrolled`
 * when an app is already set up.
 */
export async function confirmTotpEnrolment(db: Database, deps: AuthDeps, input: { staffId: string; enrolment: string; code: string }): Promise<void> {
  const payload = openEnrolment(deps, input.staffId, input.enrolment);
  const now = deps.clock.now();
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(staff).where(eq(staff.id, input.staffId)).for('update');
    if (!row) throw new TotpNotConfirmed();
    if (row.totpSecretEncrypted !== null) throw new TotpAlreadyEnrolled();
    const step = verifyTotp({ secret: payload.secret, code: input.code, at: now, lastStep: null });
    if (step === null) throw new TotpNotConfirmed();
    await tx.update(staff).set({
      totpSecretEncrypted: seal(deriveKey(deps.secretKey, 'totp-secret'), payload.secret, row.id),
      totpLastStep: step,
    }).where(eq(staff.id, row.id));
    await recordAuthEvent(tx, { type: 'totp-enrolled', subject: row.id, actor: row.id, at: now });
  });
}
