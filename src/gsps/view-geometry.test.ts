import { describe, expect, it } from 'vitest';
import { canvasToImage, displayedAreaForView, imageToCanvas, spatialFromCanvas, type ImageToCanvas } from './view-geometry.ts';

const canvas = { width: 800, height: 600 };
const fit = 600 / 512;

/** A 512×512 image shown at `zoom` with image point `centre` at the canvas centre, axes unrotated. */
function view(zoom: number, centre: [number, number]): ImageToCanvas {
  const s = fit * zoom;
  return { origin: [400 - centre[0] * s, 300 - centre[1] * s], column: [s, 0], row: [0, s] };
}

describe('displayedAreaForView', () => {
  it('is the whole image when nothing is zoomed or panned', () => {
    expect(displayedAreaForView({ columns: 512, rows: 512, map: view(1, [256, 256]), canvas })).toEqual({
      tlhc: [1, 1],
      brhc: [512, 512],
      sizeMode: 'SCALE TO FIT',
    });
  });

  it('is half the image around the centre at zoom 2', () => {
    expect(displayedAreaForView({ columns: 512, rows: 512, map: view(2, [256, 256]), canvas })).toMatchObject({ tlhc: [129, 129], brhc: [384, 384] });
  });

  it('follows a pan, even beyond the image edge', () => {
    expect(displayedAreaForView({ columns: 512, rows: 512, map: view(2, [100, 200]), canvas })).toMatchObject({ tlhc: [-27, 73], brhc: [228, 328] });
  });

  it('is twice the image when zoomed out', () => {
    expect(displayedAreaForView({ columns: 512, rows: 512, map: view(0.5, [256, 256]), canvas })).toMatchObject({ tlhc: [-255, -255], brhc: [768, 768] });
  });

  it('keeps the shown scale when a non-square image is rotated (fitting the rotated area gives the same scale)', () => {
    // 256 columns × 512 rows, fitted to the height, then turned 90° clockwise without refitting.
    const s = 600 / 512;
    const map: ImageToCanvas = { origin: [400 + 256 * s, 300 - 128 * s], column: [0, s], row: [-s, 0] };
    const area = displayedAreaForView({ columns: 256, rows: 512, map, canvas });
    const width = area.brhc[0] - area.tlhc[0] + 1;
    const height = area.brhc[1] - area.tlhc[1] + 1;
    // Rotated, the area is `height` wide and `width` high on screen; SCALE TO FIT gives the scale back.
    expect(Math.min(800 / height, 600 / width)).toBeCloseTo(s, 2);
    expect((area.tlhc[0] - 1 + area.brhc[0]) / 2).toBeCloseTo(128, 0);
    expect((area.tlhc[1] - 1 + area.brhc[1]) / 2).toBeCloseTo(256, 0);
  });
});

describe('spatialFromCanvas', () => {
  const s = 2;
  const at = (column: [number, number], row: [number, number]): ImageToCanvas => ({ origin: [10, 20], column, row });

  it('reads rotation and flips from where the image axes point', () => {
    expect(spatialFromCanvas(at([s, 0], [0, s]))).toEqual({ rotation: 0, horizontalFlip: false });
    expect(spatialFromCanvas(at([0, s], [-s, 0]))).toEqual({ rotation: 90, horizontalFlip: false });
    expect(spatialFromCanvas(at([-s, 0], [0, -s]))).toEqual({ rotation: 180, horizontalFlip: false });
    expect(spatialFromCanvas(at([0, -s], [s, 0]))).toEqual({ rotation: 270, horizontalFlip: false });
    expect(spatialFromCanvas(at([-s, 0], [0, s]))).toEqual({ rotation: 0, horizontalFlip: true });
  });

  it('writes a vertical flip as 180° plus a horizontal flip', () => {
    expect(spatialFromCanvas(at([s, 0], [0, -s]))).toEqual({ rotation: 180, horizontalFlip: true });
  });

  it('rotates before it flips, as DICOM does (rotate 90° clockwise, then mirror left-right)', () => {
    expect(spatialFromCanvas(at([0, s], [s, 0]))).toEqual({ rotation: 90, horizontalFlip: true });
  });
});

describe('canvasToImage', () => {
  it('inverts imageToCanvas', () => {
    const map: ImageToCanvas = { origin: [13.5, -4], column: [0, 1.7], row: [-1.7, 0] };
    const [c, r] = canvasToImage(map, imageToCanvas(map, [100.25, 33.75]));
    expect(c).toBeCloseTo(100.25, 9);
    expect(r).toBeCloseTo(33.75, 9);
  });
});
