import type { AppliesTo, GspsContent, ImageRef } from './types.ts';

/** An image (and frame) as the viewer shows it: frame 1 for single-frame images. */
export interface ImageFrame {
  sopInstanceUID: string;
  frameNumber: number;
}

/** Whether an item whose Referenced Image Sequence is `target` applies to this image and frame (no list: every image). */
export function appliesToFrame(target: AppliesTo, { sopInstanceUID, frameNumber }: ImageFrame): boolean {
  if (!target.images) return true;
  return target.images.some((i) => i.sopInstanceUID === sopInstanceUID && (i.frameNumbers.length === 0 || i.frameNumbers.includes(frameNumber)));
}

/** Whether the presentation state references this image and frame at all (PS3.3 C.11.11). */
export function referencesFrame(content: Pick<GspsContent, 'referencedImages'>, frame: ImageFrame): boolean {
  return content.referencedImages.some(
    (ref) => ref.sopInstanceUID === frame.sopInstanceUID && (ref.frameNumbers.length === 0 || ref.frameNumbers.includes(frame.frameNumber)),
  );
}

/** The item of a per-image list (VOI, displayed area) for this frame: one naming it, else one for every image. */
export function itemForFrame<T extends AppliesTo>(list: readonly T[], frame: ImageFrame): T | undefined {
  return list.find((item) => item.images !== undefined && appliesToFrame(item, frame)) ?? list.find((item) => item.images === undefined);
}

/** The first referenced image and frame, where the viewer goes when the state is chosen. */
export function firstReferencedFrame(content: Pick<GspsContent, 'referencedImages'>): (ImageFrame & Pick<ImageRef, 'seriesInstanceUID'>) | undefined {
  const first = content.referencedImages[0];
  if (!first) return undefined;
  return { sopInstanceUID: first.sopInstanceUID, seriesInstanceUID: first.seriesInstanceUID, frameNumber: first.frameNumbers[0] ?? 1 };
}

/** The graphics and texts to draw on one image and frame (none on images the state does not reference). */
export function annotationsForFrame(
  content: Pick<GspsContent, 'referencedImages' | 'graphics' | 'texts'>,
  frame: ImageFrame,
): Pick<GspsContent, 'graphics' | 'texts'> {
  if (!referencesFrame(content, frame)) return { graphics: [], texts: [] };
  return {
    graphics: content.graphics.filter((g) => appliesToFrame(g.appliesTo, frame)),
    texts: content.texts.filter((t) => appliesToFrame(t.appliesTo, frame)),
  };
}
