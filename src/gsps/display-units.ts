import type { DisplayedArea, Point, SpatialTransform } from './types.ts';

/** Rotation (clockwise, y pointing down) then horizontal flip, as DICOM orders them (PS3.3 C.10.6). */
function toDisplay([x, y]: Point, { rotation, horizontalFlip }: SpatialTransform): Point {
  const rotated: Point = rotation === 90 ? [-y, x] : rotation === 180 ? [-x, -y] : rotation === 270 ? [y, -x] : [x, y];
  return horizontalFlip ? [-rotated[0], rotated[1]] : rotated;
}

function fromDisplay([x, y]: Point, { rotation, horizontalFlip }: SpatialTransform): Point {
  const unflipped: Point = horizontalFlip ? [-x, y] : [x, y];
  const [u, v] = unflipped;
  return rotation === 90 ? [v, -u] : rotation === 180 ? [-u, -v] : rotation === 270 ? [-v, u] : [u, v];
}

/**
 * Converts a DISPLAY point (0–1 across the displayed area as the reader sees it, after rotation and
 * flip) to image pixel space. The displayed area's corners are 1-based whole pixels, inclusive, so it
 * spans pixel-space coordinates min−1 … max on each axis.
 */
export function displayToPixel(point: Point, area: DisplayedArea, spatial: SpatialTransform): Point {
  const left = Math.min(area.tlhc[0], area.brhc[0]) - 1;
  const right = Math.max(area.tlhc[0], area.brhc[0]);
  const top = Math.min(area.tlhc[1], area.brhc[1]) - 1;
  const bottom = Math.max(area.tlhc[1], area.brhc[1]);
  const corners = (
    [
      [left, top],
      [right, top],
      [left, bottom],
      [right, bottom],
    ] as Point[]
  ).map((p) => toDisplay(p, spatial));
  const x0 = Math.min(...corners.map((c) => c[0]));
  const x1 = Math.max(...corners.map((c) => c[0]));
  const y0 = Math.min(...corners.map((c) => c[1]));
  const y1 = Math.max(...corners.map((c) => c[1]));
  return fromDisplay([x0 + point[0] * (x1 - x0), y0 + point[1] * (y1 - y0)], spatial);
}
