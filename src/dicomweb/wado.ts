import type { DataSource } from './runtime-config.ts';
import type { DicomJsonDataset } from './dicom-json.ts';
import { DicomwebError, fetchOrThrow } from './errors.ts';
import { firstMultipartPart, type MultipartPart } from './multipart.ts';

/** WADO-RS series metadata: one DICOM JSON dataset per instance. */
export async function retrieveSeriesMetadata(
  source: DataSource,
  studyInstanceUID: string,
  seriesInstanceUID: string,
  signal?: AbortSignal,
): Promise<DicomJsonDataset[]> {
  const url = `${source.wadoRoot}/studies/${encodeURIComponent(studyInstanceUID)}/series/${encodeURIComponent(seriesInstanceUID)}/metadata`;
  const res = await fetchOrThrow(url, { headers: { Accept: 'application/dicom+json' }, signal }, 'Loading the series');
  try {
    const body: unknown = await res.json();
    if (!Array.isArray(body)) throw new Error('not an array');
    return body as DicomJsonDataset[];
  } catch {
    throw new DicomwebError('invalid-response', 'Loading the series: the archive sent metadata that is not valid DICOM JSON (truncated or corrupt response)');
  }
}

/** The Accept header that asks WADO-RS instance retrieval for the instance exactly as stored. */
export const STORED_INSTANCE_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';

/**
 * WADO-RS instance retrieval of the stored Part 10 bytes (`transfer-syntax=*`: no transcoding), from
 * the instance's URL (`…/studies/{s}/series/{se}/instances/{i}`).
 */
export async function retrieveStoredInstance(instanceUrl: string, signal?: AbortSignal): Promise<Uint8Array> {
  const what = 'Retrieving the stored instance';
  const res = await fetchOrThrow(instanceUrl, { headers: { Accept: STORED_INSTANCE_ACCEPT }, signal }, what);
  const body = new Uint8Array(await res.arrayBuffer());
  let part: MultipartPart;
  try {
    part = firstMultipartPart(body, res.headers.get('Content-Type') ?? '');
  } catch (err) {
    throw new DicomwebError('invalid-response', `${what}: ${(err as Error).message}`);
  }
  if (part.contentType !== undefined && !/^application\/dicom\s*(;|$)/i.test(part.contentType)) {
    throw new DicomwebError('invalid-response', `${what}: the archive sent ${part.contentType}, not application/dicom`);
  }
  return part.bytes;
}

/** The Accept header for WADO-RS bulk data (Orthanc 1.10 answers 400 to `application/octet-stream` alone). */
export const BULK_DATA_ACCEPT = 'multipart/related; type="application/octet-stream"';

/**
 * WADO-RS bulk data retrieval (a BulkDataURI re-rooted below the source's WADO-RS root): the bytes of the
 * first part, or of the whole body when the archive answers with a single `application/octet-stream`.
 */
export async function retrieveBulkData(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  const what = 'Retrieving bulk data';
  const res = await fetchOrThrow(url, { headers: { Accept: `${BULK_DATA_ACCEPT}, application/octet-stream;q=0.5` }, signal }, what);
  const body = new Uint8Array(await res.arrayBuffer());
  const contentType = res.headers.get('Content-Type') ?? '';
  if (!/^multipart\//i.test(contentType)) return body;
  try {
    return firstMultipartPart(body, contentType).bytes;
  } catch (err) {
    throw new DicomwebError('invalid-response', `${what}: ${(err as Error).message}`);
  }
}
