// SPDX-License-Identifier: Apache-2.0
import type { ValidationIssue } from '@tessera/platform';

export interface UploadedFile {
  bytes: Uint8Array;
}

export interface CheckedFile {
  mediaType: 'image/jpeg' | 'image/png' | 'application/pdf';
  size: number;
  width: number | null;
  height: number | null;
}

/** Limits for the photo, after the ICAO-style 35–40 × 45–50 mm portrait at print resolution. */
export interface PhotoRules {
  maxBytes: number;
  minWidth: number;
  minHeight: number;
  maxWidth: number;
  maxHeight: number;
  /** Width / height must be close to 4:5 (passport portrait). */
  aspectRatio: number;
  aspectTolerance: number;
}

export const DEFAULT_PHOTO_RULES: PhotoRules = {
  maxBytes: 5 * 1024 * 1024,
  minWidth: 600,
  minHeight: 750,
  maxWidth: 6000,
  maxHeight: 7500,
  aspectRatio: 0.8,
  aspectTolerance: 0.06,
};

export const MAX_SCAN_BYTES = 10 * 1024 * 1024;

/** The type of a file from its first bytes; the declared type and the file name are not trusted. */
export function sniffMediaType(bytes: Uint8Array): CheckedFile['mediaType'] | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/**
 * Checks the portrait: JPEG or PNG, within size, dimensions and aspect ratio. `dimensions` is
 * passed in (read by the caller with an image library) to keep this rule pure.
 */
export function checkPhoto(
  file: UploadedFile | undefined,
  dimensions: (bytes: Uint8Array) => { width: number; height: number } | null,
  rules: PhotoRules = DEFAULT_PHOTO_RULES,
): { issues: ValidationIssue[]; file?: CheckedFile } {
  const path = 'body/photo';
  if (!file || file.bytes.length === 0) return { issues: [{ code: 'required', path, message: 'Upload a photo of your face.' }] };
  if (file.bytes.length > rules.maxBytes) {
    return { issues: [{ code: 'file_too_large', path, message: `The photo must be at most ${rules.maxBytes / 1024 / 1024} MB.` }] };
  }
  const mediaType = sniffMediaType(file.bytes);
  if (mediaType !== 'image/jpeg' && mediaType !== 'image/png') {
    return { issues: [{ code: 'file_type', path, message: 'The photo must be a JPEG or PNG image.' }] };
  }
  const size = dimensions(file.bytes);
  if (!size) return { issues: [{ code: 'file_unreadable', path, message: 'The photo could not be read. Upload a JPEG or PNG image.' }] };
  const issues: ValidationIssue[] = [];
  if (size.width < rules.minWidth || size.height < rules.minHeight) {
    issues.push({ code: 'photo_too_small', path, message: `The photo must be at least ${rules.minWidth} × ${rules.minHeight} pixels; this one is ${size.width} × ${size.height}.` });
  } else if (size.width > rules.maxWidth || size.height > rules.maxHeight) {
    issues.push({ code: 'photo_too_large', path, message: `The photo must be at most ${rules.maxWidth} × ${rules.maxHeight} pixels.` });
  } else if (Math.abs(size.width / size.height - rules.aspectRatio) > rules.aspectTolerance) {
    issues.push({ code: 'photo_aspect', path, message: 'The photo must be a portrait with a 4:5 width-to-height ratio.' });
  }
  return { issues, file: { mediaType, size: file.bytes.length, width: size.width, height: size.height } };
}

/** Checks the passport scan: JPEG, PNG or PDF within size. */
export function checkPassportScan(file: UploadedFile | undefined, maxBytes = MAX_SCAN_BYTES): { issues: ValidationIssue[]; file?: CheckedFile } {
  const path = 'body/passportScan';
  if (!file || file.bytes.length === 0) return { issues: [{ code: 'required', path, message: 'Upload a scan of your passport’s photo page.' }] };
  if (file.bytes.length > maxBytes) return { issues: [{ code: 'file_too_large', path, message: `The scan must be at most ${maxBytes / 1024 / 1024} MB.` }] };
  const mediaType = sniffMediaType(file.bytes);
  if (!mediaType) return { issues: [{ code: 'file_type', path, message: 'The scan must be a JPEG, PNG or PDF file.' }] };
  return { issues: [], file: { mediaType, size: file.bytes.length, width: null, height: null } };
}
