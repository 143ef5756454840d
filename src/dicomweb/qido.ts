import type { DataSource } from './runtime-config.ts';
import type { DicomJsonDataset } from './dicom-json.ts';
import { DicomwebError, fetchOrThrow } from './errors.ts';
import { buildQueryString, type QueryParams } from './query-encoding.ts';
import { toSeriesSummary, toStudySummary, type SeriesSummary, type StudySummary } from './study-summary.ts';
import { Tag } from './tags.ts';

// Attributes beyond the QIDO defaults that the worklist shows; not every archive returns them unasked.
const STUDY_INCLUDE_FIELDS = [
  Tag.IssuerOfPatientID,
  Tag.PatientBirthDate,
  Tag.PatientSex,
  Tag.ReferringPhysicianName,
  Tag.StudyDescription,
  Tag.ModalitiesInStudy,
  Tag.NumberOfStudyRelatedSeries,
  Tag.NumberOfStudyRelatedInstances,
];

export type { QueryParams };

async function qido(source: DataSource, path: string, params: QueryParams, signal: AbortSignal | undefined, what: string): Promise<DicomJsonDataset[]> {
  const url = `${source.qidoRoot}${path}${buildQueryString(params, source.quirks.queryValueEncoding)}`;
  const res = await fetchOrThrow(url, { headers: { Accept: 'application/dicom+json' }, signal }, what);
  // 204 No Content is a valid "no matches" answer.
  if (res.status === 204) return [];
  const text = await res.text();
  if (!text.trim()) return [];
  try {
    const body: unknown = JSON.parse(text);
    if (!Array.isArray(body)) throw new Error('not an array');
    return body as DicomJsonDataset[];
  } catch {
    throw new DicomwebError('invalid-response', `${what}: the archive sent a response that is not valid DICOM JSON`);
  }
}

export async function searchStudies(source: DataSource, params: QueryParams, signal?: AbortSignal): Promise<StudySummary[]> {
  const rows = await qido(source, '/studies', { ...params, includefield: STUDY_INCLUDE_FIELDS }, signal, 'Study search');
  return rows.map(toStudySummary);
}

/**
 * Whether at least `count` studies match: one row asked for at offset count-1, without the worklist's
 * includefields (a cheap probe whatever the archive's size).
 */
export async function hasAtLeastStudies(source: DataSource, params: QueryParams, count: number, signal?: AbortSignal): Promise<boolean> {
  const rows = await qido(source, '/studies', { ...params, limit: 1, offset: count - 1 }, signal, 'Study search');
  return rows.length > 0;
}

export async function searchSeries(source: DataSource, studyInstanceUID: string, signal?: AbortSignal): Promise<SeriesSummary[]> {
  const rows = await qido(source, `/studies/${encodeURIComponent(studyInstanceUID)}/series`, {}, signal, 'Series search');
  return rows.map(toSeriesSummary);
}

/** Series rows of a study as DICOM JSON, with extra attributes asked for by `includeFields`. */
export async function searchSeriesDatasets(
  source: DataSource,
  studyInstanceUID: string,
  includeFields: readonly string[],
  signal?: AbortSignal,
): Promise<DicomJsonDataset[]> {
  return qido(source, `/studies/${encodeURIComponent(studyInstanceUID)}/series`, { includefield: includeFields }, signal, 'Series search');
}
