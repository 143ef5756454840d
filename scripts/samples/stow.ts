import { readFileSync, statSync } from 'node:fs';
import { buildMultipartRelated } from './multipart.ts';

/**
 * A DICOMweb root to read and store into, and the Authorization header value to send there: the embedded
 * archive's admin user (an ArchiveClient is one), or none for an archive that needs no credentials.
 */
export interface DicomWebTarget {
  dicomWebRoot: string;
  adminAuthorization?: string | undefined;
}

/** Request headers for a target, with its credentials when it has any. */
export function targetHeaders(target: DicomWebTarget, headers: Record<string, string>): Record<string, string> {
  return target.adminAuthorization ? { ...headers, Authorization: target.adminAuthorization } : headers;
}

export interface StowOptions {
  /** Files per request. */
  batchSize?: number;
  /** Upper bound of a request's payload; a single larger file still goes alone. */
  maxBatchBytes?: number;
}

/** DICOM JSON of a STOW-RS response (PS3.18 Table 10.5.3-1). */
type DicomJson = Record<string, { Value?: unknown[] } | undefined>;
const REFERENCED_SOP_SEQUENCE = '00081199';
const FAILED_SOP_SEQUENCE = '00081198';

export function batchFiles(files: readonly string[], batchSize: number, maxBatchBytes: number, sizeOf: (file: string) => number): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const size = sizeOf(file);
    if (current.length > 0 && (current.length >= batchSize || bytes + size > maxBatchBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Throws unless the response accounts for every instance sent. Orthanc answers 200 with an
 * empty result to a body it could not parse, so the status alone proves nothing.
 */
export function checkStowResponse(status: number, bodyText: string, sent: number): number {
  let json: DicomJson;
  try {
    json = bodyText ? (JSON.parse(bodyText) as DicomJson) : {};
  } catch (error) {
    throw new Error(`STOW-RS answered ${status} with a body that is not DICOM JSON: ${bodyText.slice(0, 200)}`, { cause: error });
  }
  const failed = json[FAILED_SOP_SEQUENCE]?.Value ?? [];
  const stored = json[REFERENCED_SOP_SEQUENCE]?.Value ?? [];
  if (status !== 200 || failed.length > 0 || stored.length !== sent) {
    throw new Error(`STOW-RS stored ${stored.length} of ${sent} instances (HTTP ${status}, ${failed.length} failed): ${bodyText.slice(0, 500)}`);
  }
  return stored.length;
}

async function stowBatch(target: DicomWebTarget, files: readonly string[]): Promise<number> {
  const { body, contentType } = buildMultipartRelated(
    files.map((f) => readFileSync(f)),
    'application/dicom',
  );
  const response = await fetch(`${target.dicomWebRoot.replace(/\/+$/, '')}/studies`, {
    method: 'POST',
    headers: targetHeaders(target, { 'Content-Type': contentType, Accept: 'application/dicom+json' }),
    body,
  });
  return checkStowResponse(response.status, await response.text(), files.length);
}

/** Stores Part 10 files with STOW-RS in batches; returns the number of instances stored. */
export async function stowFiles(target: DicomWebTarget, files: readonly string[], opts: StowOptions = {}): Promise<number> {
  const batches = batchFiles(files, opts.batchSize ?? 20, opts.maxBatchBytes ?? 32 * 1024 * 1024, (f) => statSync(f).size);
  let stored = 0;
  for (const batch of batches) stored += await stowBatch(target, batch);
  return stored;
}
