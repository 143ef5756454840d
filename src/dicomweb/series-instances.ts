import type { DataSource } from './runtime-config.ts';
import { getNumber, getString, type DicomJsonDataset } from './dicom-json.ts';
import { DicomwebError, fetchOrThrow } from './errors.ts';
import { buildQueryString } from './query-encoding.ts';

/** What the series browser knows about an instance from QIDO-RS. */
export interface InstanceListing {
  sopInstanceUID: string;
  instanceNumber: number | undefined;
  /** Number of Frames; 1 for single-frame images. */
  numberOfFrames: number;
}

const SOP_INSTANCE_UID = '00080018';
const INSTANCE_NUMBER = '00200013';
const NUMBER_OF_FRAMES = '00280008';

/** QIDO-RS instances of one series: just enough to count frames and pick a thumbnail. */
export async function searchSeriesInstances(
  source: DataSource,
  studyInstanceUID: string,
  seriesInstanceUID: string,
  signal?: AbortSignal,
): Promise<InstanceListing[]> {
  const query = buildQueryString({ includefield: [NUMBER_OF_FRAMES] }, source.quirks.queryValueEncoding);
  const url = `${source.qidoRoot}/studies/${encodeURIComponent(studyInstanceUID)}/series/${encodeURIComponent(seriesInstanceUID)}/instances${query}`;
  const res = await fetchOrThrow(url, { headers: { Accept: 'application/dicom+json' }, signal }, 'Listing the series images');
  if (res.status === 204) return [];
  let rows: DicomJsonDataset[];
  try {
    const text = await res.text();
    rows = text.trim() ? (JSON.parse(text) as DicomJsonDataset[]) : [];
    if (!Array.isArray(rows)) throw new Error('not an array');
  } catch {
    throw new DicomwebError('invalid-response', 'Listing the series images: the archive sent a response that is not valid DICOM JSON');
  }
  return rows
    .map((ds) => ({
      sopInstanceUID: getString(ds, SOP_INSTANCE_UID) ?? '',
      instanceNumber: getNumber(ds, INSTANCE_NUMBER),
      numberOfFrames: getNumber(ds, NUMBER_OF_FRAMES) ?? 1,
    }))
    .filter((i) => i.sopInstanceUID !== '');
}

/** WADO-RS rendered (consumer format, JPEG) URL of one frame, scaled to fit `size` pixels. */
export function renderedFrameUrl(
  source: DataSource,
  studyInstanceUID: string,
  seriesInstanceUID: string,
  sopInstanceUID: string,
  frame: number,
  size: number,
): string {
  const path = [studyInstanceUID, seriesInstanceUID, sopInstanceUID].map(encodeURIComponent);
  return `${source.wadoRoot}/studies/${path[0]}/series/${path[1]}/instances/${path[2]}/frames/${frame}/rendered?viewport=${size},${size}`;
}

/**
 * A rendered (JPEG) frame as a Blob. Fetched rather than used as an <img> URL: archives choose the
 * rendered media type from Accept, and a browser's image Accept header (avif, webp, …) is refused by some.
 */
export async function retrieveRenderedFrame(url: string, signal?: AbortSignal): Promise<Blob> {
  const res = await fetchOrThrow(url, { headers: { Accept: 'image/jpeg' }, signal }, 'Loading the series preview');
  return res.blob();
}
