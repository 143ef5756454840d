/**
 * The gateway's frame batch, shared by the gateway (server/dicomweb/frame-batch.ts) and the viewer:
 *
 *   GET <DICOMweb root>/studies/{study}/series/{series}/frames-batch?frame={sop}:{n}&frame={sop}:{n}…
 *   Accept: the frame request's own Accept (multipart/related; type=…; transfer-syntax=…)
 *
 * answers `multipart/related` with one part per frame, in the order asked, each as soon as it is ready:
 * the archive's part as it sent it (its Content-Type names the transfer syntax), or, for a frame the
 * archive refused or could not send, a JSON part with the status in `Readroom-Frame-Status`. Every part
 * carries `Content-Location: <DICOMweb root path>/studies/…/instances/{sop}/frames/{n}`.
 */
export const FRAME_BATCH_SEGMENT = 'frames-batch';
export const FRAME_BATCH_PARAMETER = 'frame';
export const MAX_FRAMES_PER_BATCH = 32;
/** Header of a part that holds no frame: the HTTP status the archive (or the gateway) gave for it. */
export const FRAME_STATUS_HEADER = 'Readroom-Frame-Status';

export interface BatchFrame {
  sopInstanceUID: string;
  /** 1-based. */
  frameNumber: number;
}

const UID = /^[0-9]+(?:\.[0-9]+)*$/;

/** A DICOM UID as it may appear in a URL: digits and dots, at most 64 characters. */
export function isDicomUid(value: string): boolean {
  return value.length > 0 && value.length <= 64 && UID.test(value);
}

const MAX_FRAME_NUMBER = 2 ** 31 - 1;

/** `frame` parameter values → frames, or the reason they are refused. */
export function parseBatchFrames(values: readonly string[]): BatchFrame[] | { error: string } {
  if (values.length === 0) return { error: `Name at least one frame (${FRAME_BATCH_PARAMETER}=<SOP Instance UID>:<frame number>).` };
  if (values.length > MAX_FRAMES_PER_BATCH) return { error: `A batch holds at most ${MAX_FRAMES_PER_BATCH} frames.` };
  const frames: BatchFrame[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    const colon = value.lastIndexOf(':');
    const sopInstanceUID = value.slice(0, colon);
    const frameText = value.slice(colon + 1);
    if (colon === -1 || !isDicomUid(sopInstanceUID)) return { error: `"${value.slice(0, 80)}" is not <SOP Instance UID>:<frame number>.` };
    if (!/^[1-9][0-9]{0,9}$/.test(frameText) || Number(frameText) > MAX_FRAME_NUMBER)
      return { error: `"${value.slice(0, 80)}" has no valid frame number (1 or more).` };
    if (seen.has(value)) return { error: `Frame "${value}" is asked for twice.` };
    seen.add(value);
    frames.push({ sopInstanceUID, frameNumber: Number(frameText) });
  }
  return frames;
}

/** Path of a batch below the DICOMweb root. UIDs are digits and dots, so nothing needs escaping. */
export function frameBatchPath(studyInstanceUID: string, seriesInstanceUID: string, frames: readonly BatchFrame[]): string {
  const query = frames.map((f) => `${FRAME_BATCH_PARAMETER}=${f.sopInstanceUID}:${f.frameNumber}`).join('&');
  return `/studies/${studyInstanceUID}/series/${seriesInstanceUID}/${FRAME_BATCH_SEGMENT}?${query}`;
}

/** The standard WADO-RS frame path below the DICOMweb root (the end of each part's Content-Location). */
export function framePath(studyInstanceUID: string, seriesInstanceUID: string, frame: BatchFrame): string {
  return `/studies/${studyInstanceUID}/series/${seriesInstanceUID}/instances/${frame.sopInstanceUID}/frames/${frame.frameNumber}`;
}
