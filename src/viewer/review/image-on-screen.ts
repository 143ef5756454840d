import type { ImageReference } from '../../reports/report-contract.ts';
import { imageFrameOf, parseWadorsImageId } from '../../imaging/wadors-image-id.ts';
import { imageDescriptor } from '../loading/image-metadata.ts';
import { useViewerStore } from '../viewer-store.ts';
import { stackViewport } from '../viewport/engine.ts';

export type ImageOnScreen = { ok: true; image: ImageReference } | { ok: false; reason: string };

/**
 * The image of the active viewport as a key-image reference (series, SOP class, instance, and the frame of
 * a multi-frame instance), provided it belongs to `studyInstanceUID` (a prior's image is not the case's).
 */
export function imageOnScreen(studyInstanceUID: string): ImageOnScreen {
  const vp = stackViewport(useViewerStore.getState().activeViewportId);
  const imageId = vp?.getCurrentImageId();
  if (!imageId) return { ok: false, reason: 'No image is on screen yet.' };
  const frame = imageFrameOf(imageId);
  const ref = parseWadorsImageId(imageId);
  const descriptor = imageDescriptor(imageId);
  const study = descriptor?.studyInstanceUID ?? (ref && decodeURIComponent(ref.studyInstanceUID));
  const series = descriptor?.seriesInstanceUID ?? (ref && decodeURIComponent(ref.seriesInstanceUID));
  if (!frame || !series) return { ok: false, reason: 'The image on screen cannot be referenced.' };
  if (study !== studyInstanceUID)
    return { ok: false, reason: 'The image on screen is of another study (a prior): key images are marked on the study under review.' };
  const multiFrame = (descriptor?.numberOfFrames ?? 1) > 1;
  return {
    ok: true,
    image: {
      seriesInstanceUid: series,
      sopClassUid: descriptor?.sopClassUID ?? '',
      sopInstanceUid: frame.sopInstanceUID,
      ...(multiFrame ? { frameNumber: frame.frameNumber } : {}),
    },
  };
}
