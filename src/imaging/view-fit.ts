/**
 * What a viewport does with its image when its size changes (a layout change, a re-hang, a window
 * resize): an image shown as first displayed — fitted to the viewport, not zoomed, not panned — is
 * fitted to the new size; an image the reader zoomed or panned keeps that zoom (relative to the fit,
 * so the zoom readout stays) and keeps the image point at the viewport's centre.
 */

/** How far the zoom may be from the fit and still count as the fit (rounding, not a reader's act). */
export const ZOOM_TOLERANCE = 0.005;
/** A pan shorter than this (canvas pixels) is rounding; Cornerstone itself ignores pans under 1 pixel. */
export const PAN_TOLERANCE_PX = 1;

export interface ViewBeforeResize {
  /** Zoom relative to the fit (1 = fitted). */
  zoom: number;
  /** Pan relative to the fit, in canvas pixels. */
  pan: readonly [number, number];
}

export type ResizeAction = { kind: 'fit' } | { kind: 'keep-zoom'; zoom: number };

/** Whether the view is the one the image was first displayed with (fitted, centred). */
export function isFitted(view: ViewBeforeResize): boolean {
  const panPx = Math.hypot(view.pan[0], view.pan[1]);
  return Math.abs(view.zoom - 1) <= ZOOM_TOLERANCE && !(panPx >= PAN_TOLERANCE_PX);
}

/** What to do after the viewport's size changed. */
export function afterResize(view: ViewBeforeResize): ResizeAction {
  if (!Number.isFinite(view.zoom) || view.zoom <= 0 || isFitted(view)) return { kind: 'fit' };
  return { kind: 'keep-zoom', zoom: view.zoom };
}
