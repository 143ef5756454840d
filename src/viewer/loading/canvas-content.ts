/** Whether RGBA pixels hold more than one colour (alpha ignored): a blank viewport is one flat colour. */
export function rgbaVaries(data: ArrayLike<number>): boolean {
  for (let i = 4; i + 2 < data.length; i += 4) {
    if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) return true;
  }
  return false;
}

const GRID = 32;

/**
 * Whether a viewport's canvas shows image content, tested as the imaging benchmark's render probe does:
 * the canvas scaled to a 32×32 grid holds more than one colour. A reformatted plane with only a few
 * acquired slices in it (a thin line or two) does not pass; a plane with real content does.
 */
export function canvasShowsImage(canvas: HTMLCanvasElement): boolean {
  if (canvas.width === 0 || canvas.height === 0) return false;
  const scratch = document.createElement('canvas');
  scratch.width = GRID;
  scratch.height = GRID;
  const ctx = scratch.getContext('2d', { willReadFrequently: true });
  if (!ctx) return false;
  ctx.drawImage(canvas, 0, 0, GRID, GRID);
  return rgbaVaries(ctx.getImageData(0, 0, GRID, GRID).data);
}
