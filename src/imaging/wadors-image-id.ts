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
