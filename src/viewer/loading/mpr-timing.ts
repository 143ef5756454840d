import { Enums, eventTarget } from '@cornerstonejs/core';
import { canvasShowsReformattedImage } from './canvas-content.ts';
import { markMprFirstImage, markMprVolumeLoaded } from './timing-marks.ts';

type ReformattedPlane = 'coronal' | 'sagittal';

interface VolumeModifiedDetail {
  volumeId: string;
  /** Frames in the volume at full resolution so far, and frames it has (Cornerstone's IMAGE_VOLUME_MODIFIED). */
  framesProcessed?: number;
  numberOfFrames?: number;
}

/**
 * The timing marks of one MPR: `rr:mpr-first-image` on the first render of its coronal or sagittal plane
 * whose canvas shows image content, `rr:mpr-volume-loaded` when the volume reports every frame in at full
 * resolution. Answers the function that stops watching.
 */
export function watchMprTiming(seriesInstanceUID: string, volumeId: string, planes: Record<ReformattedPlane, HTMLElement>): () => void {
  const renderListeners: Array<[HTMLElement, () => void]> = [];
  const stopRenders = () => {
    for (const [element, listener] of renderListeners) element.removeEventListener(Enums.Events.IMAGE_RENDERED, listener);
    renderListeners.length = 0;
  };
  for (const plane of ['coronal', 'sagittal'] as const) {
    const element = planes[plane];
    const onRendered = () => {
      const canvas = element.querySelector('canvas');
      if (!canvas || !canvasShowsReformattedImage(canvas)) return;
      markMprFirstImage(seriesInstanceUID, plane);
      stopRenders();
    };
    element.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
    renderListeners.push([element, onRendered]);
  }
  const onVolumeModified = (e: Event) => {
    const { volumeId: id, framesProcessed, numberOfFrames } = (e as CustomEvent<VolumeModifiedDetail>).detail;
    if (id !== volumeId || framesProcessed === undefined || !numberOfFrames || framesProcessed < numberOfFrames) return;
    markMprVolumeLoaded(seriesInstanceUID, numberOfFrames);
    eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onVolumeModified);
  };
  eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onVolumeModified);
  return () => {
    stopRenders();
    eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onVolumeModified);
  };
}
