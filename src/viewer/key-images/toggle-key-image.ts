import { stackViewport } from '../viewport/engine.ts';
import { useKeyImageMarks } from './key-image-marks.ts';

/** Marks or unmarks the image a stack viewport shows (nothing for another kind of viewport). */
export function toggleKeyImage(viewportId: string | undefined): void {
  const vp = stackViewport(viewportId);
  const imageId = vp?.getImageIds()[vp.getCurrentImageIdIndex()];
  if (imageId) useKeyImageMarks.getState().toggle(imageId);
}
