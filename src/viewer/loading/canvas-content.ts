/** The side of the grid a canvas is scaled to for the content tests. */
export const CONTENT_GRID = 32;

/**
 * Whether a reformatted plane, scaled to a `size`×`size` RGBA grid, shows an image: at least a quarter of
 * the grid's rows each hold 8 or more distinct colours. An empty volume (one flat fill on the viewport's
 * background, blended at its edges) has at most a few colours per row, and a few acquired slices crossing
 * the plane make a row or two; a band of slices around the crosshairs, or slices spread over the whole
 * plane, make many.
 *
 * Self-contained (no helper functions, no imports): the imaging benchmark injects its source into the
 * pages it measures, so that OHIF's planes are judged by the very same test.
 */
export function planeShowsImage(data: ArrayLike<number>, size: number): boolean {
  let rowsWithDetail = 0;
  for (let row = 0; row < size; row++) {
    const colours = new Set<number>();
    for (let column = 0; column < size; column++) {
      const i = (row * size + column) * 4;
      colours.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
    }
    if (colours.size >= 8) rowsWithDetail++;
  }
  return rowsWithDetail * 4 >= size;
}

/** A canvas scaled (smoothed) to the content grid, as RGBA; undefined for an empty canvas. */
function gridOf(canvas: HTMLCanvasElement): Uint8ClampedArray | undefined {
  if (canvas.width === 0 || canvas.height === 0) return undefined;
  const scratch = document.createElement('canvas');
  scratch.width = CONTENT_GRID;
  scratch.height = CONTENT_GRID;
  const ctx = scratch.getContext('2d', { willReadFrequently: true });
  if (!ctx) return undefined;
  ctx.drawImage(canvas, 0, 0, CONTENT_GRID, CONTENT_GRID);
  return ctx.getImageData(0, 0, CONTENT_GRID, CONTENT_GRID).data;
}

/** Whether a reformatted plane's canvas shows an image ({@link planeShowsImage}, the benchmark's test). */
export function canvasShowsReformattedImage(canvas: HTMLCanvasElement): boolean {
  const grid = gridOf(canvas);
  return grid !== undefined && planeShowsImage(grid, CONTENT_GRID);
}
