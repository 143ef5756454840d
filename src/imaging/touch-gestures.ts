/**
 * What fingers do on a viewport of a touch screen. Two fingers always pinch-zoom and pan together; one
 * finger depends on the touch mode the reader chose, on the image and on the tool chosen:
 * - a drawing tool chosen (length, angle, ROIs, arrow, probe): the finger draws with it;
 * - W/L touch mode: the finger windows (horizontal: width, vertical: level, as the mouse's W/L tool);
 * - otherwise a vertical swipe scrolls through the slices, or, for a single image, the finger pans it.
 * The mouse keeps the tool chosen in the toolbar, whatever the touch mode.
 */

export type TouchMode = 'scroll' | 'windowLevel';

export type OneFingerAction = 'chosenTool' | 'scroll' | 'pan' | 'windowLevel';

export interface OneFingerContext {
  touchMode: TouchMode;
  /** A drawing (annotation) tool is the chosen tool. */
  drawingToolChosen: boolean;
  /** Images in the viewport's stack (frames of a multi-frame image count). */
  imageCount: number;
}

export function oneFingerAction({ touchMode, drawingToolChosen, imageCount }: OneFingerContext): OneFingerAction {
  if (drawingToolChosen) return 'chosenTool';
  if (touchMode === 'windowLevel') return 'windowLevel';
  return imageCount > 1 ? 'scroll' : 'pan';
}
