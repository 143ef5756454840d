import type { FrameBatchRequest } from '../dicomweb/frame-batch.ts';

/**
 * The `wadors:` image id of Cornerstone's WADO-RS loader, in one place: `wadors:<WADO-RS frame URL>`,
 * i.e. `wadors:<wadoRoot>/studies/<study>/series/<series>/instances/<sop>/frames/<n>`.
 */

/** The scheme Cornerstone's WADO-RS loader answers for. */
export const WADORS_SCHEME = 'wadors:';

/** What a WADO-RS frame image id names. */
export interface WadorsImageRef {
  wadoRoot: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  /** 1-based. */
  frameNumber: number;
}

/** The image id of a frame (1-based `frame`). */
export function wadorsImageId(wadoRoot: string, study: string, series: string, sop: string, frame: number): string {
  return `${WADORS_SCHEME}${wadoRoot}/studies/${study}/series/${series}/instances/${sop}/frames/${frame}`;
}

export function isWadorsImageId(imageId: string): boolean {
  return imageId.startsWith(WADORS_SCHEME);
}

/** The WADO-RS frame URL an image id asks for (the id without its scheme). */
export function frameUrlOfImageId(imageId: string): string {
  return isWadorsImageId(imageId) ? imageId.slice(WADORS_SCHEME.length) : imageId;
}

/** The image id of a WADO-RS frame URL (an image id is returned as it is). */
export function imageIdOfFrameUrl(urlOrImageId: string): string {
  return isWadorsImageId(urlOrImageId) ? urlOrImageId : `${WADORS_SCHEME}${urlOrImageId}`;
}

/**
 * The SOP Instance UID and 1-based frame number an image id ending in `…/instances/<uid>/frames/<n>` names,
 * whatever wraps it (a lossy preview's id does too); the UID is percent-decoded.
 */
export function imageFrameOf(imageId: string): { sopInstanceUID: string; frameNumber: number } | undefined {
  const match = /\/instances\/([^/]+)\/frames\/(\d+)$/.exec(imageId);
  return match ? { sopInstanceUID: decodeURIComponent(match[1]!), frameNumber: Number(match[2]) } : undefined;
}

const PATTERN = /^wadors:(.*)\/studies\/([^/]+)\/series\/([^/]+)\/instances\/([^/]+)\/frames\/(\d+)$/;

/** The study, series, instance and frame an image id points at; undefined for other kinds of image id. */
export function parseWadorsImageId(imageId: string): WadorsImageRef | undefined {
  const match = PATTERN.exec(imageId);
  if (!match) return undefined;
  const [, wadoRoot, studyInstanceUID, seriesInstanceUID, sopInstanceUID, frame] = match;
  return {
    wadoRoot: wadoRoot!,
    studyInstanceUID: studyInstanceUID!,
    seriesInstanceUID: seriesInstanceUID!,
    sopInstanceUID: sopInstanceUID!,
    frameNumber: Number(frame),
  };
}

/** The frame batch (src/dicomweb/frame-batch.ts) of these image ids, or undefined unless all are WADO-RS frames of one series. */
export function frameBatchRequestOf(imageIds: readonly string[], accept: string): FrameBatchRequest | undefined {
  const refs = imageIds.map(parseWadorsImageId);
  const first = refs[0];
  const sameSeries = (r: WadorsImageRef | undefined): r is WadorsImageRef =>
    r !== undefined && r.wadoRoot === first?.wadoRoot && r.studyInstanceUID === first.studyInstanceUID && r.seriesInstanceUID === first.seriesInstanceUID;
  if (!first || !refs.every(sameSeries)) return undefined;
  return {
    wadoRoot: first.wadoRoot,
    studyInstanceUID: first.studyInstanceUID,
    seriesInstanceUID: first.seriesInstanceUID,
    frames: refs.map((r) => ({ sopInstanceUID: r!.sopInstanceUID, frameNumber: r!.frameNumber })),
    accept,
  };
}
