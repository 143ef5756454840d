import type { DisplayedArea, Point, SpatialTransform } from './types.ts';

/**
 * How a viewport maps image pixel space onto its canvas (CSS pixels): an affine map given by where the
 * image's corner `[0, 0]` lands and how far one step along a row (+1 column) and down a column (+1 row) moves.
 */
export interface ImageToCanvas {
  origin: Point;
  column: Point;
  row: Point;
}

const ROTATIONS = [0, 90, 180, 270] as const;

/** DICOM's order (PS3.3 C.10.6): clockwise rotation (y pointing down), then horizontal flip. */
function transformed([x, y]: Point, { rotation, horizontalFlip }: SpatialTransform): Point {
  const r: Point = rotation === 90 ? [-y, x] : rotation === 180 ? [-x, -y] : rotation === 270 ? [y, -x] : [x, y];
  return horizontalFlip ? [-r[0], r[1]] : r;
}

const unit = ([x, y]: Point): Point => {
  const length = Math.hypot(x, y) || 1;
  return [x / length, y / length];
};
const dot = (a: Point, b: Point) => a[0] * b[0] + a[1] * b[1];

/**
 * The GSPS rotation and horizontal flip that put the image the way the viewport shows it. A vertical flip
 * is a 180° rotation plus a horizontal flip. Found from the axes rather than from the viewer's own
 * rotation and flip flags, whose order of application is the viewer's business.
 */
export function spatialFromCanvas(map: ImageToCanvas): SpatialTransform {
  const column = unit(map.column);
  const row = unit(map.row);
  let best: SpatialTransform = { rotation: 0, horizontalFlip: false };
  let bestScore = -Infinity;
  for (const rotation of ROTATIONS) {
    for (const horizontalFlip of [false, true]) {
      const candidate = { rotation, horizontalFlip };
      const score = dot(column, transformed([1, 0], candidate)) + dot(row, transformed([0, 1], candidate));
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
  }
  return best;
}

/** The image point under a canvas point (the inverse of the affine map). */
export function canvasToImage(map: ImageToCanvas, [x, y]: Point): Point {
  const [a, c] = map.column;
  const [b, d] = map.row;
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) throw new RangeError('The viewport does not show the image (degenerate camera).');
  const dx = x - map.origin[0];
  const dy = y - map.origin[1];
  // [a b; c d] · [column; row] = [dx; dy]
  return [(d * dx - b * dy) / det, (-c * dx + a * dy) / det];
}

export function imageToCanvas(map: ImageToCanvas, [column, row]: Point): Point {
  return [map.origin[0] + column * map.column[0] + row * map.row[0], map.origin[1] + column * map.column[1] + row * map.row[1]];
}

/**
 * The Displayed Area (SCALE TO FIT) that reproduces the reader's zoom and pan: a box of the image's own
 * proportions around the image point at the viewport's centre, `1 / zoom` times the image's size, where
 * zoom 1 is the whole image fitted into the viewport. Fitting that box into a viewport of the same shape
 * gives back the same scale and centre; without zoom and pan it is the whole image, 1\1 to Columns\Rows.
 */
export function displayedAreaForView(input: { columns: number; rows: number; map: ImageToCanvas; canvas: { width: number; height: number } }): DisplayedArea {
  const { columns, rows, map, canvas } = input;
  const corners = (
    [
      [0, 0],
      [columns, 0],
      [0, rows],
      [columns, rows],
    ] as Point[]
  ).map((p) => imageToCanvas(map, p));
  const shownWidth = Math.max(...corners.map((p) => p[0])) - Math.min(...corners.map((p) => p[0]));
  const shownHeight = Math.max(...corners.map((p) => p[1])) - Math.min(...corners.map((p) => p[1]));
  // How much the shown image would have to grow to just fit the viewport: 1 / zoom.
  const toFit = Math.min(canvas.width / shownWidth, canvas.height / shownHeight);
  if (!Number.isFinite(toFit) || toFit <= 0) throw new RangeError('The viewport has no size.');
  const [cx, cy] = canvasToImage(map, [canvas.width / 2, canvas.height / 2]);
  const halfWidth = (columns * toFit) / 2;
  const halfHeight = (rows * toFit) / 2;
  // Pixel-space edges left … right are the 1-based pixels left+1 … right.
  return {
    tlhc: [Math.round(cx - halfWidth) + 1, Math.round(cy - halfHeight) + 1],
    brhc: [Math.round(cx + halfWidth), Math.round(cy + halfHeight)],
    sizeMode: 'SCALE TO FIT',
  };
}
