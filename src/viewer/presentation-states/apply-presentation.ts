import { utilities, type StackViewport, type Types } from '@cornerstonejs/core';
import { itemForFrame, type ImageFrame } from '../../gsps/applies-to.ts';
import { displayedAreaView } from '../../gsps/displayed-area-view.ts';
import { affineFromUnitPoints, type Affine } from '../../gsps/graphic-shapes.ts';
import type { GspsContent, Point } from '../../gsps/types.ts';
import { stackViewport } from '../viewport/engine.ts';
import { resetView } from '../viewport/viewport-actions.ts';

/** What has been applied to a viewport, so scrolling re-applies only what changes between images. */
export interface AppliedPresentation {
  spatial: boolean;
  voi: unknown;
  area: unknown;
  /** The VOI LUT function before the state was applied, to go back to. */
  ownVoiLutFunction?: string;
}

export const NOTHING_APPLIED: AppliedPresentation = { spatial: false, voi: undefined, area: undefined };

/**
 * Cornerstone 5.14 rebuilds its grey ramp when the VOI LUT function changes and keeps the rebuilt ramp as
 * the one `resetProperties` restores; rebuilt while inverted, every later reset would stay inverted. So
 * the function only ever changes with inversion off.
 */
function setVoiLutFunctionUninverted(vp: StackViewport, fn: string, voiRange?: Types.VOIRange): void {
  const { invert, VOILUTFunction = 'LINEAR' } = vp.getProperties();
  const changes = VOILUTFunction !== fn;
  if (invert && changes) vp.setProperties({ invert: false });
  try {
    vp.setProperties({ ...(changes ? { VOILUTFunction: fn as never } : {}), ...(voiRange ? { voiRange } : {}) });
  } catch {
    // CPU rendering (no WebGL) has no VOI LUT functions: the window alone, linear.
    if (voiRange) vp.setProperties({ voiRange });
  } finally {
    if (invert && changes) vp.setProperties({ invert: true });
  }
}

const distance = (a: Types.Point3, b: Types.Point3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

function imageToWorld(imageId: string, point: Point): Types.Point3 {
  return utilities.imageToWorldCoords(imageId, [point[0], point[1]]) as Types.Point3;
}

/** Rotation then horizontal flip (the standard's order): Cornerstone's flip mirrors the view as displayed. */
function applySpatial(vp: StackViewport, content: GspsContent): void {
  vp.resetCamera();
  vp.setCamera({ flipHorizontal: false, flipVertical: false });
  vp.setViewPresentation({ rotation: content.spatial.rotation });
  if (content.spatial.horizontalFlip) vp.setCamera({ flipHorizontal: true });
  // The Presentation LUT decides black and white outright, whatever the Photometric Interpretation.
  if (content.presentationLutShape) vp.setProperties({ invert: content.presentationLutShape === 'INVERSE' });
}

function applyVoi(vp: StackViewport, voi: GspsContent['voi'][number]): void {
  const fn = voi.function ?? 'LINEAR';
  setVoiLutFunctionUninverted(vp, fn, utilities.windowLevel.toLowHighRange(voi.width, voi.center, fn as never));
}

function applyDisplayedArea(vp: StackViewport, imageId: string, content: GspsContent, area: GspsContent['displayedAreas'][number]): void {
  const { clientWidth: width, clientHeight: height } = vp.element;
  if (width === 0 || height === 0) return;
  const origin = imageToWorld(imageId, [0, 0]);
  const spacing = { x: distance(imageToWorld(imageId, [1, 0]), origin), y: distance(imageToWorld(imageId, [0, 1]), origin) };
  const view = displayedAreaView({ area, rotation: content.spatial.rotation, spacing, viewport: { width, height } });
  const camera = vp.getCamera();
  const focalPoint = imageToWorld(imageId, view.center);
  const normal = camera.viewPlaneNormal!;
  const away = distance(camera.position!, camera.focalPoint!);
  const position: Types.Point3 = [focalPoint[0] + normal[0] * away, focalPoint[1] + normal[1] * away, focalPoint[2] + normal[2] * away];
  vp.setCamera({ focalPoint, position, parallelScale: view.parallelScale });
}

/**
 * Applies the presentation state's display to the image on screen (`frame`, which it references):
 * spatial transformation and Presentation LUT once, then the VOI and displayed area that apply to this
 * image whenever they differ from the ones already applied (so a reader's own window or zoom survives
 * scrolling through images that share them).
 */
export function applyPresentationDisplay(
  vp: StackViewport,
  imageId: string,
  frame: ImageFrame,
  content: GspsContent,
  applied: AppliedPresentation,
): AppliedPresentation {
  const next = { ...applied };
  const area = itemForFrame(content.displayedAreas, frame);
  const voi = itemForFrame(content.voi, frame);
  // A step Cornerstone refuses is reported and not retried on every render; the others still apply.
  const attempt = (what: string, step: () => void) => {
    try {
      step();
    } catch (err) {
      console.warn(`The presentation state's ${what} could not be applied`, err);
    }
  };
  if (!applied.spatial) {
    next.ownVoiLutFunction = vp.getProperties().VOILUTFunction ?? 'LINEAR';
    attempt('spatial transformation', () => applySpatial(vp, content));
    next.spatial = true;
  }
  if (voi && voi !== applied.voi) {
    attempt('window', () => applyVoi(vp, voi));
    next.voi = voi;
  }
  if (area && (area !== applied.area || !applied.spatial)) {
    attempt('displayed area', () => applyDisplayedArea(vp, imageId, content, area));
    next.area = area;
  }
  if (next.spatial !== applied.spatial || next.voi !== applied.voi || next.area !== applied.area) vp.render();
  return next;
}

/** Back to the image's own display ("None", or before another state is applied). */
export function clearPresentationDisplay(viewportId: string, applied: AppliedPresentation): void {
  const vp = stackViewport(viewportId);
  if (!vp || !applied.spatial) return;
  try {
    if (applied.ownVoiLutFunction) setVoiLutFunctionUninverted(vp, applied.ownVoiLutFunction);
    resetView(viewportId);
  } catch (err) {
    // Runs while React unmounts the overlay: a viewport that cannot reset must not take the page with it.
    console.warn('The presentation state could not be taken off the viewport', err);
  }
}

/** Image pixel space (corner origin) → viewport CSS pixels, measured from the viewport's own transforms. */
export function imageToCanvasAffine(vp: StackViewport, imageId: string): Affine {
  const at = (p: Point) => vp.worldToCanvas(imageToWorld(imageId, p)) as unknown as Point;
  return affineFromUnitPoints(at([0, 0]), at([1, 0]), at([0, 1]));
}
