import { metaData, utilities, type StackViewport, type Types } from '@cornerstonejs/core';
import { AnnotationTool, annotation as csAnnotation } from '@cornerstonejs/tools';
import { type DicomJsonDataset } from '../../dicomweb/dicom-json.ts';
import type { ImageDescriptor } from '../../imaging/image-descriptor.ts';
import { presetsForImage, type ImagePresets } from '../../imaging/body-part-presets.ts';
import { modalityValue } from '../../imaging/pixel-value.ts';
import type { UserPreset } from '../../imaging/window-presets.ts';
import { imageDataset, imageDescriptor } from '../loading/image-metadata.ts';
import { stackViewport } from './engine.ts';
import { useViewerStore } from '../viewer-store.ts';
import { mprTarget } from '../mpr/mpr-registry.ts';

/**
 * Reading actions on one stack viewport, by viewport id. The toolbar and keyboard act on the
 * active viewport (viewer-store), falling back to the first one on the page.
 */
export function activeViewportId(): string | undefined {
  return useViewerStore.getState().activeViewportId ?? stackViewport(undefined)?.id;
}

/** The DICOM JSON of the image on screen (as retrieved by WADO-RS), for the domain modules that parse it. */
export function currentDataset(vp: StackViewport): DicomJsonDataset | undefined {
  const imageId = vp.getCurrentImageId();
  return imageId ? imageDataset(imageId) : undefined;
}

/** What the viewer knows of the image on screen. */
export function currentDescriptor(vp: StackViewport): ImageDescriptor | undefined {
  const imageId = vp.getCurrentImageId();
  return imageId ? imageDescriptor(imageId) : undefined;
}

/** Width/centre of the viewport's window, read back with the viewport's VOI LUT function. */
export function currentWindow(vp: StackViewport): { width: number; center: number } | undefined {
  const { voiRange, VOILUTFunction } = vp.getProperties();
  if (!voiRange) return undefined;
  if (VOILUTFunction === 'LINEAR_EXACT') return { width: voiRange.upper - voiRange.lower, center: (voiRange.upper + voiRange.lower) / 2 };
  const wl = utilities.windowLevel.toWindowLevel(voiRange.lower, voiRange.upper);
  return { width: wl.windowWidth, center: wl.windowCenter };
}

/** Sets the window (modality units), keeping the image's VOI LUT function (LINEAR, LINEAR_EXACT or SIGMOID). */
export function applyWindow(viewportId: string | undefined, width: number, center: number): void {
  // A slot shown as MPR windows its planes.
  const mpr = mprTarget(viewportId);
  if (mpr) return mpr.applyWindow(width, center);
  const vp = stackViewport(viewportId);
  if (!vp) return;
  const fn = vp.getProperties().VOILUTFunction;
  vp.setProperties({ voiRange: utilities.windowLevel.toLowHighRange(width, center, fn) });
  vp.render();
}

export function toggleInvert(viewportId: string | undefined): void {
  const vp = stackViewport(viewportId);
  if (!vp) return;
  vp.setProperties({ invert: !vp.getProperties().invert });
  vp.render();
}

export function rotateClockwise(viewportId: string | undefined): void {
  const vp = stackViewport(viewportId);
  if (!vp) return;
  const rotation = vp.getViewPresentation({ rotation: true }).rotation ?? 0;
  vp.setViewPresentation({ rotation: (rotation + 90) % 360 });
  vp.render();
}

export function flip(viewportId: string | undefined, direction: 'horizontal' | 'vertical'): void {
  const vp = stackViewport(viewportId);
  if (!vp) return;
  // setCamera toggles correctly; setViewPresentation cannot un-flip in Cornerstone 5.14.
  const { flipHorizontal = false, flipVertical = false } = vp.getCamera();
  vp.setCamera(direction === 'horizontal' ? { flipHorizontal: !flipHorizontal } : { flipVertical: !flipVertical });
  vp.render();
}

/** Back to the initial display: window from the header, no zoom, pan, rotation, flip or inversion. */
export function resetView(viewportId: string | undefined): void {
  const vp = stackViewport(viewportId);
  if (!vp) return;
  vp.setCamera({ flipHorizontal: false, flipVertical: false });
  vp.setViewPresentation({ rotation: 0 });
  vp.resetCamera();
  // Cornerstone 5.14's resetProperties keeps the last VOI LUT function (a presentation state's SIGMOID, say).
  // The image's own is set back first, with inversion off: a ramp rebuilt while inverted would be the one
  // every later reset restores.
  const imageId = vp.getCurrentImageId();
  const own = (imageId && (metaData.get('voiLutModule', imageId) as { voiLUTFunction?: string } | undefined)?.voiLUTFunction) || 'LINEAR';
  if ((vp.getProperties().VOILUTFunction ?? 'LINEAR') !== own) {
    vp.setProperties({ invert: false });
    vp.setProperties({ VOILUTFunction: own as never });
  }
  try {
    vp.resetProperties();
  } catch {
    // It throws at its last step (matching a colour map) on a SIGMOID ramp, after window and inversion are reset.
  }
  vp.render();
}

/** Deletes the selected annotations (undoable). Returns how many were deleted. */
export function deleteSelectedAnnotations(viewportId: string | undefined): number {
  const vp = stackViewport(viewportId);
  const uids = csAnnotation.selection.getAnnotationsSelected();
  for (const uid of uids) {
    const a = csAnnotation.state.getAnnotation(uid);
    if (!a) continue;
    AnnotationTool.createAnnotationMemo(vp?.element as HTMLDivElement, a, { deleting: true });
    csAnnotation.state.removeAnnotation(uid);
  }
  vp?.render();
  return uids.length;
}

export function undo(): void {
  utilities.HistoryMemo.DefaultHistoryMemo.undo();
}

export function redo(): void {
  utilities.HistoryMemo.DefaultHistoryMemo.redo();
}

function scaledValues(image: Types.IImage): { stored: ArrayLike<number>; alreadyScaled: boolean } {
  return { stored: image.getPixelData(), alreadyScaled: image.preScale?.scaled === true };
}

/** Lowest and highest modality value of the image on screen. */
function modalityRange(vp: StackViewport): { min: number; max: number } | undefined {
  const image = vp.getCornerstoneImage();
  if (!image || image.color) return image?.color ? { min: 0, max: 255 } : undefined;
  const { stored, alreadyScaled } = scaledValues(image);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < stored.length; i++) {
    const v = stored[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return undefined;
  const opts = { slope: image.slope, intercept: image.intercept, alreadyScaled };
  const a = modalityValue(min, opts);
  const b = modalityValue(max, opts);
  return { min: Math.min(a, b), max: Math.max(a, b) };
}

/** The presets offered for the image on screen, in key order, and the anatomy they suit (see presetsForImage). */
export function presetsForViewport(viewportId: string | undefined, user: readonly UserPreset[]): ImagePresets {
  const vp = stackViewport(viewportId);
  if (!vp) return { presets: [], anatomy: { regions: [] } };
  return presetsForImage(currentDataset(vp), user, modalityRange(vp));
}

/** The name of the table or user preset the viewport's window is (exactly), if it is one: what a saved protocol can name. */
export function namedPresetOf(viewportId: string, user: readonly UserPreset[]): string | undefined {
  const vp = stackViewport(viewportId);
  const shown = vp && currentWindow(vp);
  if (!shown) return undefined;
  const same = (a: number, b: number) => Math.abs(a - b) < 0.5;
  return presetsForViewport(viewportId, user).presets.find(
    (p) => (p.origin === 'table' || p.origin === 'other' || p.origin === 'user') && same(p.width, shown.width) && same(p.center, shown.center),
  )?.name;
}
