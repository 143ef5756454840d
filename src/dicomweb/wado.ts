import type { DataSource } from './data-source.ts';
import type { DicomJsonDataset } from './dicom-json.ts';
import { DicomwebError, fetchOrThrow } from './errors.ts';

/** WADO-RS series metadata: one DICOM JSON dataset per instance. */
export async function retrieveSeriesMetadata(source: DataSource, studyInstanceUID: string, seriesInstanceUID: string, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
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
