import type { FrameBatchRequest } from '../dicomweb/frame-batch.ts';

/** What a WADO-RS frame image id (see `wadorsImageId` in series-stack.ts) names. */
export interface WadorsImageRef {
  wadoRoot: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  /** 1-based. */
  frameNumber: number;
}

const PATTERN = /^wadors:(.*)\/studies\/([^/]+)\/series\/([^/]+)\/instances\/([^/]+)\/frames\/(\d+)$/;

/** The study, series, instance and frame an image id points at; undefined for other kinds of image id. */
export function parseWadorsImageId(imageId: string): WadorsImageRef | undefined {
  const match = PATTERN.exec(imageId);
  if (!match) return undefined;
  const [, wadoRoot, studyInstanceUID, seriesInstanceUID, sopInstanceUID, frame] = match;
  return { wadoRoot: wadoRoot!, studyInstanceUID: studyInstanceUID!, seriesInstanceUID: seriesInstanceUID!, sopInstanceUID: sopInstanceUID!, frameNumber: Number(frame) };
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
