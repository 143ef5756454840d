import type { DisplayedArea, Point, SpatialTransform } from './types.ts';

/** The size of a CSS reference pixel (1/96 inch): the best a browser knows about the screen for TRUE SIZE. */
export const CSS_PIXEL_MM = 25.4 / 96;

export interface DisplayedAreaViewInput {
  area: DisplayedArea;
  rotation: SpatialTransform['rotation'];
  /** The viewer's world units (mm) per image pixel: between columns (x) and between rows (y). */
  spacing: { x: number; y: number };
  /** The viewport in CSS pixels. */
  viewport: { width: number; height: number };
}

export interface DisplayedAreaView {
  /** Centre of the displayed area in image pixel space (corner origin), to put at the viewport's centre. */
  center: Point;
  /** World units per CSS pixel. */
  worldPerCssPixel: number;
  /** Half the viewport's height in world units (a parallel camera's scale, as Cornerstone and vtk.js use it). */
  parallelScale: number;
}

/** The displayed area's bounds in pixel space: its 1-based inclusive corners span min−1 … max. */
export function displayedAreaBounds(area: DisplayedArea): { left: number; top: number; right: number; bottom: number } {
  return {
    left: Math.min(area.tlhc[0], area.brhc[0]) - 1,
    top: Math.min(area.tlhc[1], area.brhc[1]) - 1,
    right: Math.max(area.tlhc[0], area.brhc[0]),
    bottom: Math.max(area.tlhc[1], area.brhc[1]),
  };
}

/**
 * Where to look and how far to zoom to show a displayed area (PS3.3 C.10.4): SCALE TO FIT fits the area
 * (after rotation) into the viewport; TRUE SIZE shows one mm as one mm at the CSS reference pixel size, using
 * Presentation Pixel Spacing when it differs from the image's; MAGNIFY shows one image pixel as
 * `magnification` CSS pixels. TRUE SIZE and MAGNIFY centre the area; what does not fit is clipped.
 */
export function displayedAreaView({ area, rotation, spacing, viewport }: DisplayedAreaViewInput): DisplayedAreaView {
  const { left, top, right, bottom } = displayedAreaBounds(area);
  const center: Point = [(left + right) / 2, (top + bottom) / 2];
  const across = (right - left) * spacing.x;
  const down = (bottom - top) * spacing.y;
  const [wide, high] = rotation === 90 || rotation === 270 ? [down, across] : [across, down];
  const fit = Math.max(wide / viewport.width, high / viewport.height);
  let worldPerCssPixel = fit;
  if (area.sizeMode === 'TRUE SIZE') {
    // World mm come from the image's Pixel Spacing; Presentation Pixel Spacing says how big a pixel really is.
    const presented = area.pixelSpacing?.[1];
    worldPerCssPixel = presented ? (CSS_PIXEL_MM * spacing.x) / presented : CSS_PIXEL_MM;
  } else if (area.sizeMode === 'MAGNIFY' && area.magnification && area.magnification > 0) {
    worldPerCssPixel = spacing.x / area.magnification;
  }
  if (!Number.isFinite(worldPerCssPixel) || worldPerCssPixel <= 0) worldPerCssPixel = fit > 0 ? fit : 1;
  return { center, worldPerCssPixel, parallelScale: (viewport.height / 2) * worldPerCssPixel };
}
