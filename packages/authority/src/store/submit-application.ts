// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { imageSize } from 'image-size';
import { eq } from 'drizzle-orm';
import { enqueueMail, ValidationFailed, type Database, type Locale, type MailMessage, type ValidationIssue } from '@tessera/platform';
import { applicationReference } from '../domain/application/application-reference.ts';
import type { ApplicationForm } from '../domain/application/application-form.ts';
import { applicantMail } from '../domain/application/applicant-mail.ts';
import { feeFor } from '../domain/application/fee.ts';
import { checkPassportScan, checkPhoto, type CheckedFile, type PhotoRules, type UploadedFile } from '../domain/application/uploaded-file.ts';
import { duplicateKey } from '../domain/checks/index.ts';
import type { AuthorityDeps } from './authority-deps.ts';
import { recordChange, type ApplicationChange } from './record-change.ts';
import { applicationFiles, applications, nextReferenceNumbers, pickupLocations, type PickupLocationRow } from './schema.ts';
import { formatFee, statusLink } from './links.ts';

export interface SubmittedApplication {
  id: string;
  reference: string;
  /** The secret in the applicant's private status link; shown once, stored only as a hash. */
  statusToken: string;
}

/**
 * Receives an application: checks every field and both files, then stores it awaiting the state
 * fee, in one transaction with its history, transparency-log event and the applicant's e-mail.
 * Any problem is reported all at once and nothing is written.
 */
export async function submitApplication(
  deps: AuthorityDeps,
  form: ApplicationForm,
  files: { photo?: UploadedFile; passportScan?: UploadedFile },
): Promise<SubmittedApplication> {
  const [location] = await deps.db.select().from(pickupLocations).where(eq(pickupLocations.code, form.pickupLocation));
  const checked = checkSubmission(deps, form, files, location);
  let submitted!: SubmittedApplication;
  await deps.db.transaction(async (tx) => {
    const [reference] = await nextReferences(tx, deps.clock.now(), 1);
    const rows = newApplicationRows(deps, form, checked, reference!);
    await tx.insert(applications).values(rows.application);
    await tx.insert(applicationFiles).values(rows.files);
    await recordChange(tx, deps.clock, rows.change);
    await enqueueMail(tx, rows.mail, deps.clock.now());
    submitted = rows.submitted;
  });
  return submitted;
}

/** A submission whose fields and files passed the checks, with the pickup location it names. */
export interface CheckedSubmission {
  files: { photo: UploadedFile; passportScan: UploadedFile };
  checked: { photo: CheckedFile; scan: CheckedFile };
  location: PickupLocationRow;
}

/** Checks every field and both files; any problem is reported all at once (ValidationFailed). */
export function checkSubmission(
  deps: Pick<AuthorityDeps, 'clock' | 'photoRules'>, form: ApplicationForm, files: { photo?: UploadedFile; passportScan?: UploadedFile }, location: PickupLocationRow | undefined,
): CheckedSubmission {
  const issues: ValidationIssue[] = [...dateIssues(form, deps.clock.now())];
  const { photo, scan } = checkFiles(deps.photoRules, files);
  issues.push(...photo.issues, ...scan.issues);
  if (!location || !location.active) {
    issues.push({ code: 'unknown_location', path: 'body/pickupLocation', message: 'Choose one of the open pickup locations.' });
  }
  if (issues.length > 0 || !location || !photo.file || !scan.file) throw new ValidationFailed(issues);
  return { files: { photo: files.photo!, passportScan: files.passportScan! }, checked: { photo: photo.file, scan: scan.file }, location };
}

/** The next application references, in order, from the reference sequence. */
export async function nextReferences(db: Database, now: Date, count: number): Promise<string[]> {
  const numbers = await nextReferenceNumbers(db, count);
  return numbers.map((n) => applicationReference(now.getUTCFullYear(), n));
}

/**
 * What a received application is written as — its row, files, first history entry and the
 * applicant's e-mail — for `submitApplication` and for imports of many at once.
 */
export function newApplicationRows(deps: Pick<AuthorityDeps, 'clock' | 'fees' | 'publicUrl'>, form: ApplicationForm, submission: CheckedSubmission, reference: string) {
  const { location, files, checked } = submission;
  const id = randomUUID();
  const statusToken = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const fee = feeFor(deps.fees, location);
  const locale: Locale = form.locale ?? 'en';
  const keys = duplicateKey(checkInputOf(form));
  const application = {
    id,
    reference,
    status: 'awaiting_payment',
    givenNames: form.givenNames.trim(),
    surname: form.surname.trim(),
    dateOfBirth: form.dateOfBirth,
    sex: form.sex,
    citizenship: form.citizenship,
    residenceCountry: form.residenceCountry,
    email: form.email.trim(),
    documentNumber: form.documentNumber.trim(),
    documentCountry: form.documentCountry,
    documentIssuedOn: form.documentIssuedOn,
    documentExpiresOn: form.documentExpiresOn,
    motivation: form.motivation,
    motivationText: form.motivationText.trim(),
    pickupLocation: location.code,
    locale,
    statusTokenHash: hashToken(statusToken),
    feeMinor: fee.amountMinor,
    currency: fee.currency,
    paymentStatus: 'pending' as const,
    nameKey: keys.nameKey,
    documentKey: keys.documentKey,
    createdAt: now,
    updatedAt: now,
  } satisfies typeof applications.$inferInsert;
  const mail = applicantMail('received', locale, {
    name: form.givenNames,
    reference,
    fee: formatFee(fee.amountMinor, fee.currency, locale),
    link: statusLink(deps.publicUrl, statusToken),
  });
  return {
    application,
    files: [
      { applicationId: id, kind: 'photo' as const, ...fileColumns(files.photo, checked.photo) },
      { applicationId: id, kind: 'passport_scan' as const, ...fileColumns(files.passportScan, checked.scan) },
    ],
    change: { applicationId: id, actor: 'applicant', type: 'created', toStatus: 'awaiting_payment', detail: { pickupLocation: location.code } } satisfies ApplicationChange,
    mail: { to: form.email, ...mail, locale, idempotencyKey: `application:${id}:received` } satisfies MailMessage,
    submitted: { id, reference, statusToken } satisfies SubmittedApplication,
  };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Fields of the form that the automated checks read. */
export function checkInputOf(a: Pick<ApplicationForm, 'givenNames' | 'surname' | 'dateOfBirth' | 'citizenship' | 'documentNumber' | 'documentCountry' | 'documentIssuedOn' | 'documentExpiresOn'>) {
  return {
    givenNames: a.givenNames,
    surname: a.surname,
    dateOfBirth: a.dateOfBirth,
    citizenship: a.citizenship,
    document: { type: 'passport' as const, number: a.documentNumber, issuingCountry: a.documentCountry, issueDate: a.documentIssuedOn, expiryDate: a.documentExpiresOn },
  };
}

function dateIssues(form: ApplicationForm, now: Date): ValidationIssue[] {
  const today = now.toISOString().slice(0, 10);
  const issues: ValidationIssue[] = [];
  if (form.dateOfBirth >= today) issues.push({ code: 'date_in_future', path: 'body/dateOfBirth', message: 'Date of birth must be in the past.' });
  if (form.documentIssuedOn > today) issues.push({ code: 'date_in_future', path: 'body/documentIssuedOn', message: 'Issue date cannot be in the future.' });
  if (form.documentExpiresOn <= form.documentIssuedOn) issues.push({ code: 'date_order', path: 'body/documentExpiresOn', message: 'Expiry date must be after the issue date.' });
  return issues;
}

/** Both uploads checked; exported so a form can report file problems alongside field problems. */
export function checkFiles(photoRules: PhotoRules, files: { photo?: UploadedFile; passportScan?: UploadedFile }) {
  return { photo: checkPhoto(files.photo, readDimensions, photoRules), scan: checkPassportScan(files.passportScan) };
}

function readDimensions(bytes: Uint8Array): { width: number; height: number } | null {
  try {
    const size = imageSize(bytes);
    return size.width && size.height ? { width: size.width, height: size.height } : null;
  } catch {
    return null;
  }
}

function fileColumns(upload: UploadedFile, checked: CheckedFile) {
  return {
    mediaType: checked.mediaType,
    bytes: Buffer.from(upload.bytes),
    size: checked.size,
    width: checked.width,
    height: checked.height,
    sha256: createHash('sha256').update(upload.bytes).digest('hex'),
  };
}
